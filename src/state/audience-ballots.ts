import type { EntityManager } from 'typeorm';
import type { BallotCardDto } from '../contracts/ballots.js';
import { exact, toText } from '../scoring/index.js';
import { totalRange } from './ballot-tally.js';
import type { EventState } from './event-state.js';

/**
 * What an audience group (大众评委) counts, read in the state's transaction: for each talk, its latest
 * closed poll's ballots per hall (how many, and the exact sum of their totals). An open poll counts
 * nothing yet: ballots may still change until it closes.
 */
export async function loadAudience(
  tx: Pick<EntityManager, 'query'>,
  eventId: string,
  card: BallotCardDto | null,
): Promise<EventState['audience']> {
  if (card === null) return { cardMax: null, ballots: [] };
  const rows = await tx.query<{ presentation_id: string; hall: string; ballots: number; sum: string }[]>(
    `SELECT p.presentation_id, b.hall, count(*)::int AS ballots, sum(b.total)::text AS sum
       FROM (SELECT DISTINCT ON (presentation_id) id, presentation_id FROM poll
              WHERE event_id = $1 AND presentation_id IS NOT NULL AND state = 'closed'
              ORDER BY presentation_id, closed_at DESC, id) p
       JOIN ballot b ON b.poll_id = p.id
      GROUP BY p.presentation_id, b.hall
      ORDER BY p.presentation_id, b.hall`,
    [eventId],
  );
  return {
    cardMax: toText(totalRange(card).max),
    ballots: rows.map((r) => ({ presentationId: r.presentation_id, hall: r.hall, ballots: r.ballots, sum: toText(exact(r.sum)) })),
  };
}

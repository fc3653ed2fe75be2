import type { EntityManager } from 'typeorm';
import type { BallotCardDto, BallotScreenView, PollDisplay, PollDto, PollResultDto, PollState } from '../contracts/ballots.js';
import { Exact, exact, round, toText } from '../scoring/index.js';

/** How many bands the distribution of totals has (best first in a result). */
export const DISTRIBUTION_BANDS = 5;

/** Means (per indicator, of the total) are rounded once, half up, to this many decimals. */
export const MEAN_DECIMALS = 2;

/** What one aggregate query tells of a poll's ballots (readTally). */
export interface PollTally {
  pollId: string;
  eventId: string;
  roundId: string;
  presentationId: string | null;
  state: PollState;
  display: PollDisplay;
  openedAt: Date;
  closedAt: Date | null;
  card: BallotCardDto | null;
  /** Ballots cast, and the sum of their revisions (increases with every ballot cast or changed). */
  ballots: number;
  changes: number;
  /** Per indicator (1-based position in the card) and mark: how many ballots gave it. */
  marks: { i: number; v: string; n: number }[];
  /** Per distinct total: how many ballots have it. */
  totals: { v: string; n: number }[];
  /** Per hall: ballots cast, and codes issued and not voided. */
  ballotsByHall: { hall: string; n: number }[];
  eligibleByHall: { hall: string; n: number }[];
}

type Runner = Pick<EntityManager, 'query'>;

/**
 * The tally of polls, in one aggregate query over their ballots: counts, the marks given per
 * indicator, the totals, the halls; with the poll's state and display as they are now (so that a
 * result is never sent for a poll the organizer has just hidden).
 */
export async function readTallies(tx: Runner, pollIds: string[]): Promise<PollTally[]> {
  if (pollIds.length === 0) return [];
  const rows = await tx.query<(Omit<PollTally, 'openedAt' | 'closedAt'> & { openedAt: string; closedAt: string | null })[]>(
    `SELECT p.id AS "pollId", p.event_id AS "eventId", p.round_id AS "roundId", p.presentation_id AS "presentationId", p.state, p.display,
            p.opened_at AS "openedAt", p.closed_at AS "closedAt", e.ballot_card AS card,
            (SELECT count(*)::int FROM ballot b WHERE b.poll_id = p.id) AS ballots,
            (SELECT coalesce(sum(b.revision), 0)::int FROM ballot b WHERE b.poll_id = p.id) AS changes,
            (SELECT coalesce(json_agg(json_build_object('i', m.ord, 'v', m.v::text, 'n', m.n)), '[]')
               FROM (SELECT u.ord, u.v, count(*)::int AS n FROM ballot b, unnest(b.values) WITH ORDINALITY AS u(v, ord)
                      WHERE b.poll_id = p.id GROUP BY u.ord, u.v) m) AS marks,
            (SELECT coalesce(json_agg(json_build_object('v', t.total::text, 'n', t.n)), '[]')
               FROM (SELECT b.total, count(*)::int AS n FROM ballot b WHERE b.poll_id = p.id GROUP BY b.total) t) AS totals,
            (SELECT coalesce(json_agg(json_build_object('hall', h.hall, 'n', h.n)), '[]')
               FROM (SELECT b.hall, count(*)::int AS n FROM ballot b WHERE b.poll_id = p.id GROUP BY b.hall) h) AS "ballotsByHall",
            (SELECT coalesce(json_agg(json_build_object('hall', c.hall, 'n', c.n)), '[]')
               FROM (SELECT c.hall, count(*)::int AS n FROM ballot_code c WHERE c.event_id = p.event_id AND c.voided_at IS NULL GROUP BY c.hall) c)
              AS "eligibleByHall"
       FROM poll p JOIN event e ON e.id = p.event_id
      WHERE p.id = ANY($1)
      ORDER BY p.opened_at, p.id`,
    [pollIds],
  );
  return rows.map((r) => ({ ...r, openedAt: new Date(r.openedAt), closedAt: r.closedAt === null ? null : new Date(r.closedAt) }));
}

export async function readTally(tx: Runner, pollId: string): Promise<PollTally | null> {
  return (await readTallies(tx, [pollId]))[0] ?? null;
}

/** The lowest and highest total a ballot on `card` can have. */
export function totalRange(card: BallotCardDto): { min: Exact; max: Exact } {
  const n = card.indicators.length;
  if (card.scale === 'points') return { min: new Exact(0), max: exact(card.max!).times(n) };
  const values = card.levels.map((l) => exact(l.value));
  return { min: Exact.min(...values).times(n), max: Exact.max(...values).times(n) };
}

const mean = (sum: Exact, count: number): string => toText(exact(round(sum.dividedBy(count), MEAN_DECIMALS)));

/**
 * A poll's result from its tally: the mean mark per indicator (and with levels, how many chose
 * each), the mean total, and the totals in DISTRIBUTION_BANDS equal bands of the card's range, best
 * first (each band holds its lower bound; the best also its upper).
 */
export function pollResult(card: BallotCardDto, tally: Pick<PollTally, 'ballots' | 'marks' | 'totals'>): PollResultDto {
  const { ballots } = tally;
  const indicators = card.indicators.map((name, index) => {
    const marks = tally.marks.filter((m) => m.i === index + 1);
    const sum = marks.reduce((acc, m) => acc.plus(exact(m.v).times(m.n)), new Exact(0));
    const levelCounts =
      card.scale === 'levels'
        ? card.levels.map((level) => marks.filter((m) => exact(m.v).equals(exact(level.value))).reduce((acc, m) => acc + m.n, 0))
        : null;
    return { name, mean: ballots > 0 ? mean(sum, ballots) : null, levelCounts };
  });
  const totalSum = tally.totals.reduce((acc, t) => acc.plus(exact(t.v).times(t.n)), new Exact(0));
  const { min, max } = totalRange(card);
  const width = max.minus(min).dividedBy(DISTRIBUTION_BANDS);
  const bands = Array.from({ length: DISTRIBUTION_BANDS }, (_, k) => ({
    from: min.plus(width.times(k)),
    to: k === DISTRIBUTION_BANDS - 1 ? max : min.plus(width.times(k + 1)),
    count: 0,
  }));
  for (const t of tally.totals) {
    const value = exact(t.v);
    const k = width.isZero() ? 0 : Math.min(DISTRIBUTION_BANDS - 1, Math.max(0, value.minus(min).dividedBy(width).floor().toNumber()));
    bands[k].count += t.n;
  }
  return {
    ballots,
    indicators,
    meanTotal: ballots > 0 ? mean(totalSum, ballots) : null,
    distribution: bands.reverse().map((b) => ({ from: toText(b.from), to: toText(b.to), count: b.count })),
  };
}

const sumOf = (rows: { n: number }[]) => rows.reduce((acc, r) => acc + r.n, 0);

/** What the screens show of a poll, as of its tally: nothing when hidden, the result only when shown. */
export function ballotScreenView(tally: PollTally, title: string): BallotScreenView | null {
  if (tally.display === 'hidden' || !tally.card) return null;
  return {
    pollId: tally.pollId,
    title,
    state: tally.state,
    display: tally.display,
    eligible: sumOf(tally.eligibleByHall),
    ballots: tally.ballots,
    result: tally.display === 'result' ? pollResult(tally.card, tally) : null,
    changes: tally.changes,
  };
}

/** A poll as the console sees it. */
export function pollData(tally: PollTally, title: string): PollDto {
  const halls = [...new Set([...tally.eligibleByHall, ...tally.ballotsByHall].map((h) => h.hall))].sort();
  const count = (rows: { hall: string; n: number }[], hall: string) => rows.find((r) => r.hall === hall)?.n ?? 0;
  return {
    id: tally.pollId,
    roundId: tally.roundId,
    presentationId: tally.presentationId,
    title,
    state: tally.state,
    display: tally.display,
    openedAt: tally.openedAt.toISOString(),
    closedAt: tally.closedAt?.toISOString() ?? null,
    eligible: sumOf(tally.eligibleByHall),
    result: tally.card ? pollResult(tally.card, tally) : { ballots: 0, indicators: [], meanTotal: null, distribution: [] },
    byHall: halls.map((hall) => ({ hall, ballots: count(tally.ballotsByHall, hall), eligible: count(tally.eligibleByHall, hall) })),
  };
}

/** What a poll rates, for display: the lecture's topic and lecturer, or the talk's presenter. */
export async function pollTitles(tx: Runner, pollIds: string[]): Promise<Map<string, string>> {
  if (pollIds.length === 0) return new Map();
  const rows = await tx.query<
    { id: string; topic: string; lecturer: string; unit: string | null; title: string | null; name: string | null }[]
  >(
    `SELECT p.id, r.topic, r.lecturer, pr.unit, pr.title, pr.name
       FROM poll p JOIN round r ON r.id = p.round_id
       LEFT JOIN presentation t ON t.id = p.presentation_id LEFT JOIN presenter pr ON pr.id = t.presenter_id
      WHERE p.id = ANY($1)`,
    [pollIds],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      r.unit !== null ? [r.unit, r.title, r.name].filter(Boolean).join(' ') : r.lecturer ? `${r.topic}（${r.lecturer}）` : r.topic,
    ]),
  );
}

/** Polls as the console (and the exports) see them, oldest first. */
export async function readPolls(tx: Runner, pollIds: string[]): Promise<PollDto[]> {
  const titles = await pollTitles(tx, pollIds);
  return (await readTallies(tx, pollIds)).map((t) => pollData(t, titles.get(t.pollId) ?? ''));
}

/** The poll the screens show (the latest opened whose display is not hidden), as of now; null: none. */
export async function shownBallot(tx: Runner, eventId: string): Promise<BallotScreenView | null> {
  const [shown] = await tx.query<{ id: string }[]>(
    `SELECT id FROM poll WHERE event_id = $1 AND display <> 'hidden' ORDER BY opened_at DESC, id DESC LIMIT 1`,
    [eventId],
  );
  if (!shown) return null;
  const tally = await readTally(tx, shown.id);
  const titles = await pollTitles(tx, [shown.id]);
  return tally && ballotScreenView(tally, titles.get(shown.id) ?? '');
}

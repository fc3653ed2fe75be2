import { conflict, notFound } from '../common/api-error.js';
import type { BallotCardDto, BallotHallDto, PollDisplay } from '../contracts/ballots.js';
import { BallotCode } from '../model/ballot-code.entity.js';
import { ContestEvent } from '../model/event.entity.js';
import { findInEvent } from '../model/event-owned.entity.js';
import { Poll } from '../model/poll.entity.js';
import { Presentation } from '../model/presentation.entity.js';
import { Round } from '../model/round.entity.js';
import type { SetupOperation } from '../state/event-changes.service.js';
import { type EntityManager, Not } from 'typeorm';
import { CONCLUDED_STATES } from '../contracts/enums.js';
import { checkedCard } from './ballot-card.js';

/** Ballot codes one event may have over all its halls. */
export const MAX_CODES_PER_EVENT = 20_000;

/** How many codes are inserted per statement when issuing. */
const INSERT_CHUNK = 1_000;

/** Sets the event's evaluation card; refused once a poll of the event has been opened (its ballots were cast on the card). */
export const setBallotCard =
  (card: BallotCardDto): SetupOperation<BallotCardDto> =>
  async (tx, { id: eventId }) => {
    const checked = checkedCard(card);
    if (await tx.existsBy(Poll, { eventId }))
      throw conflict('card_frozen', 'a poll of this event has been opened already; its ballots were cast on the card as it is');
    await tx.update(ContestEvent, { id: eventId }, { ballotCard: checked });
    return checked;
  };

/** Every hall's codes: issued and voided. */
export async function ballotHalls(tx: EntityManager, eventId: string): Promise<BallotHallDto[]> {
  const rows = await tx.query<BallotHallDto[]>(
    `SELECT hall, count(*)::int AS issued, count(voided_at)::int AS voided FROM ballot_code WHERE event_id = $1 GROUP BY hall ORDER BY hall`,
    [eventId],
  );
  return rows;
}

/**
 * Issues `count` more codes for `hall`, numbered after the hall's last; only their hashes are
 * stored (`hashOf` derives each code from the ballot secret and hashes it).
 */
export const issueBallotCodes =
  (hall: string, count: number, hashOf: (hall: string, number: number) => string): SetupOperation<BallotHallDto> =>
  async (tx, { id: eventId }) => {
    const [{ total, last }] = await tx.query<{ total: number; last: number }[]>(
      `SELECT count(*)::int AS total, coalesce(max(number) FILTER (WHERE hall = $2), 0)::int AS last FROM ballot_code WHERE event_id = $1`,
      [eventId, hall],
    );
    if (total + count > MAX_CODES_PER_EVENT)
      throw conflict('limit_reached', `an event has at most ${MAX_CODES_PER_EVENT} ballot codes; this one has ${total}`);
    for (let start = 0; start < count; start += INSERT_CHUNK) {
      const rows = Array.from({ length: Math.min(INSERT_CHUNK, count - start) }, (_, i) => {
        const number = last + start + i + 1;
        return { eventId, hall, number, codeHash: hashOf(hall, number) };
      });
      await tx.insert(BallotCode, rows);
    }
    return (await ballotHalls(tx, eventId)).find((h) => h.hall === hall)!;
  };

/**
 * Voids a code (lost, handed out twice): it casts nothing more. Its row is locked for update, so a
 * ballot being cast with it (which holds the row in share mode) is either in before, or refused.
 * A ballot it cast already stays (nothing links them).
 */
export const voidBallotCode =
  (hall: string, number: number): SetupOperation<BallotHallDto> =>
  async (tx, { id: eventId }) => {
    const code = await tx
      .getRepository(BallotCode)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.event_id = :eventId AND c.hall = :hall AND c.number = :number', { eventId, hall, number })
      .getOne();
    if (!code) throw notFound('ballot code');
    if (!code.voidedAt) await tx.update(BallotCode, { id: code.id }, { voidedAt: new Date() });
    return (await ballotHalls(tx, eventId)).find((h) => h.hall === hall)!;
  };

/** Opens a poll on a round's lecture (or one of its talks): the card must be set, and no other poll open. */
export const openPoll =
  (roundId: string, presentationId: string | null): SetupOperation<string> =>
  async (tx, event) => {
    if (!event.ballotCard) throw conflict('no_ballot_card', 'set the evaluation card of this event before opening a poll');
    await findInEvent(tx, Round, event.id, roundId, 'round');
    if (presentationId !== null) {
      const talk = await findInEvent(tx, Presentation, event.id, presentationId, 'presentation');
      if (talk.roundId !== roundId) throw notFound('presentation');
      // Its ballots would change a result already read out (大众评委): a talk is rated before its reveal.
      if (CONCLUDED_STATES.includes(talk.state))
        throw conflict('results_frozen', 'this talk is revealed or closed: its result can no longer take the attendees’ ballots');
    }
    if (await tx.existsBy(Poll, { eventId: event.id, state: 'open' }))
      throw conflict('poll_open', 'another poll of this event is open; close it first');
    const earlier = await tx.query<unknown[]>(
      `SELECT 1 FROM poll WHERE event_id = $1 AND round_id = $2 AND presentation_id IS NOT DISTINCT FROM $3`,
      [event.id, roundId, presentationId],
    );
    if (earlier.length > 0) throw conflict('already_exists', 'this has been rated in a poll already; its result stands');
    // The screens show one poll at a time: the new one.
    await tx.update(Poll, { eventId: event.id }, { display: 'hidden' });
    const poll = await tx.save(
      tx.create(Poll, {
        eventId: event.id,
        roundId,
        presentationId,
        state: 'open',
        display: 'turnout',
        openedAt: new Date(),
        closedAt: null,
      }),
    );
    return poll.id;
  };

/**
 * Closes a poll for good, and in the same transaction erases what linked its ballots to their
 * codes (the voter keys), to the phones' submissions (the idempotency keys) and to the moments
 * they were cast (their times become the close's). The poll's row is
 * updated first: a ballot being cast holds it in share mode, so it is either committed before
 * (and its key erased here) or finds the poll closed.
 */
export const closePoll =
  (pollId: string): SetupOperation<string> =>
  async (tx, { id: eventId }) => {
    const poll = await findInEvent(tx, Poll, eventId, pollId, 'poll');
    if (poll.state === 'closed') return poll.id;
    const closedAt = new Date();
    await tx.update(Poll, { id: pollId }, { state: 'closed', closedAt });
    // Nor when each was cast: a time could be matched with an access log's (which names no code, but an address).
    await tx.query(
      `UPDATE ballot SET voter_key = NULL, idempotency_key = NULL, earlier_keys = '{}', created_at = $2, updated_at = $2 WHERE poll_id = $1`,
      [pollId, closedAt],
    );
    return poll.id;
  };

/** What the screens show of a poll: nothing, the turnout, or the turnout and the result. */
export const setPollDisplay =
  (pollId: string, display: PollDisplay): SetupOperation<string> =>
  async (tx, { id: eventId }) => {
    const poll = await findInEvent(tx, Poll, eventId, pollId, 'poll');
    // A talk's poll counts in its result (大众评委): its result is not shown before the talk's.
    if (display === 'result' && poll.presentationId !== null) {
      const talk = await tx.findOneByOrFail(Presentation, { id: poll.presentationId });
      if (talk.state !== 'revealed')
        throw conflict('illegal_transition', "this poll rates a talk: its result is shown once the talk's result is revealed");
    }
    // The screens show one poll at a time: showing this one takes any other off them.
    if (display !== 'hidden') await tx.update(Poll, { eventId, id: Not(pollId) }, { display: 'hidden' });
    await tx.update(Poll, { id: pollId }, { display });
    return pollId;
  };

import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { badRequest, conflict, notFound, tooManyRequests, unauthorized } from '../common/api-error.js';
import { AppConfig } from '../config/app-config.js';
import { RedisLink } from '../cluster/redis-link.js';
import { SharedRateWindows } from '../cluster/shared-rate-windows.js';
import type {
  BallotCardDto,
  BallotCodeDto,
  BallotHallDto,
  BallotPageDto,
  BallotReceiptDto,
  PollDisplay,
  PollDto,
} from '../contracts/ballots.js';
import type { Organizer } from '../model/organizer.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { pollTitles, readPolls } from '../state/ballot-tally.js';
import { checkedBallot } from './ballot-card.js';
import { ballotHalls, closePoll, issueBallotCodes, openPoll, setBallotCard, setPollDisplay, voidBallotCode } from './ballot-operations.js';
import { BallotSecret, looksLikeCode, normalCode } from './ballot-secret.js';
import { BallotTallies } from './ballot-tallies.service.js';
import type { CastBallotDto } from './dto/ballot.dto.js';

/** Requests one code may make a minute (its page and its ballots): a phone, never a hall. */
const PER_CODE_PER_MINUTE = 60;
/** Unknown or voided codes one address may try a minute: a hall's typos, not a guesser's list. */
const MISSES_PER_ADDRESS_PER_MINUTE = 100;

/**
 * Attendees' requests in the database at once (a phone's page, a ballot). A hall votes in a burst:
 * the rest wait their turn here, in memory, so that the pool's connections stay free for the
 * judges' scores and the show's changes (the pool has 20; see data-source-options.ts).
 */
export const BALLOT_DB_SLOTS = 4;

const codeInvalid = () =>
  unauthorized('this ballot code is not valid or has been voided; ask the staff for a new one', 'ballot_code_invalid');

/**
 * Attendee ballots (满意度测评, docs/ballots.md): the organizer's card, codes and polls through the
 * event's change path (versioned, audited, refused once the event is locked), and the attendees'
 * ballots apart from it: one statement per ballot in a short transaction of its own, no new
 * version, the screens told by BallotTallies.
 */
@Injectable()
export class BallotsService {
  private readonly perCode: SharedRateWindows;
  private readonly misses: SharedRateWindows;
  private readonly inDatabase = pLimit(BALLOT_DB_SLOTS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly access: EventAccess,
    private readonly secret: BallotSecret,
    private readonly tallies: BallotTallies,
    redis: RedisLink,
  ) {
    this.perCode = new SharedRateWindows(redis, 'ballot-code', PER_CODE_PER_MINUTE, 60_000);
    this.misses = new SharedRateWindows(redis, 'ballot-miss', MISSES_PER_ADDRESS_PER_MINUTE, 60_000);
  }

  // ---- The organizer's side ----

  async card(actor: Organizer, eventId: string): Promise<BallotCardDto | null> {
    return (await this.access.manage(actor, eventId)).ballotCard;
  }

  setCard(actor: Organizer, eventId: string, card: BallotCardDto): Promise<BallotCardDto> {
    return this.access.setup(actor, eventId, setBallotCard(card));
  }

  async halls(actor: Organizer, eventId: string): Promise<BallotHallDto[]> {
    await this.access.manage(actor, eventId);
    return ballotHalls(this.dataSource.manager, eventId);
  }

  issueCodes(actor: Organizer, eventId: string, hall: string, count: number): Promise<BallotHallDto> {
    return this.access.setup(
      actor,
      eventId,
      issueBallotCodes(hall, count, (h, n) => this.secret.codeHash(this.secret.code(eventId, h, n))),
    );
  }

  voidCode(actor: Organizer, eventId: string, hall: string, number: number): Promise<BallotHallDto> {
    return this.access.setup(actor, eventId, voidBallotCode(hall, number));
  }

  /** A hall's codes as printed, derived again from the ballot secret (the database has only their hashes). */
  async printCodes(actor: Organizer, eventId: string, hall: string): Promise<BallotCodeDto[]> {
    await this.access.manage(actor, eventId);
    const rows = await this.dataSource.query<{ number: number; voided: boolean }[]>(
      `SELECT number, voided_at IS NOT NULL AS voided FROM ballot_code WHERE event_id = $1 AND hall = $2 ORDER BY number`,
      [eventId, hall],
    );
    return rows.map(({ number, voided }) => {
      const code = this.secret.code(eventId, hall, number);
      return { number, hall, code, url: `${this.config.publicUrl}/ballot/${code}`, voided };
    });
  }

  async polls(actor: Organizer, eventId: string): Promise<PollDto[]> {
    await this.access.manage(actor, eventId);
    const ids = (await this.dataSource.query<{ id: string }[]>(`SELECT id FROM poll WHERE event_id = $1`, [eventId])).map((r) => r.id);
    return this.pollDtos(ids);
  }

  private pollDtos(ids: string[]): Promise<PollDto[]> {
    return readPolls(this.dataSource.manager, ids);
  }

  private async poll(id: string): Promise<PollDto> {
    const [dto] = await this.pollDtos([id]);
    if (!dto) throw notFound('poll');
    return dto;
  }

  async openPoll(actor: Organizer, eventId: string, roundId: string, presentationId: string | null): Promise<PollDto> {
    return this.poll(await this.access.setup(actor, eventId, openPoll(roundId, presentationId)));
  }

  async closePoll(actor: Organizer, eventId: string, pollId: string): Promise<PollDto> {
    return this.poll(await this.access.setup(actor, eventId, closePoll(pollId)));
  }

  async setDisplay(actor: Organizer, eventId: string, pollId: string, display: PollDisplay): Promise<PollDto> {
    return this.poll(await this.access.setup(actor, eventId, setPollDisplay(pollId, display)));
  }

  // ---- The attendee's side, with a ballot code ----

  /** The code's hash once the request passes the limits; unknown shapes count as misses of the address. */
  private async admit(text: string, address: string): Promise<{ code: string; hash: string }> {
    const code = normalCode(text);
    if (!looksLikeCode(code)) {
      await this.miss(address);
      throw codeInvalid();
    }
    const hash = this.secret.codeHash(code);
    const wait = await this.perCode.hit(this.secret.rateKey(hash));
    if (wait > 0)
      throw tooManyRequests('too_many_requests', `too many requests with this ballot code; try again in ${Math.ceil(wait / 1000)} s`);
    return { code, hash };
  }

  private async miss(address: string): Promise<void> {
    const wait = await this.misses.hit(address);
    if (wait > 0)
      throw tooManyRequests(
        'too_many_requests',
        `too many invalid ballot codes from this address; try again in ${Math.ceil(wait / 1000)} s`,
      );
  }

  /** What the attendee's phone shows: the event, the card, the poll open now, and this code's ballot in it. */
  async page(text: string, address: string): Promise<BallotPageDto> {
    const { hash } = await this.admit(text, address);
    return this.inDatabase(() => this.readPage(hash, address));
  }

  private async readPage(hash: string, address: string): Promise<BallotPageDto> {
    const [found] = await this.dataSource.query<
      { eventId: string; hall: string; name: string; publicCode: string; card: BallotCardDto | null }[]
    >(
      `SELECT c.event_id AS "eventId", c.hall, e.name, e.public_code AS "publicCode", e.ballot_card AS card
         FROM ballot_code c JOIN event e ON e.id = c.event_id WHERE c.code_hash = $1 AND c.voided_at IS NULL`,
      [hash],
    );
    if (!found) {
      await this.miss(address);
      throw codeInvalid();
    }
    if (!found.card) throw conflict('no_ballot_card', 'the organizer has not set the evaluation card yet');
    const [open] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM poll WHERE event_id = $1 AND state = 'open'`, [
      found.eventId,
    ]);
    let poll: BallotPageDto['poll'] = null;
    let mine: BallotPageDto['mine'] = null;
    if (open) {
      poll = { id: open.id, title: (await pollTitles(this.dataSource.manager, [open.id])).get(open.id) ?? '', state: 'open' };
      const [ballot] = await this.dataSource.query<{ values: string[]; total: string; revision: number }[]>(
        `SELECT values::text[] AS values, total::text AS total, revision FROM ballot WHERE poll_id = $1 AND voter_key = $2`,
        [open.id, this.secret.voterKey(open.id, hash)],
      );
      mine = ballot ?? null;
    }
    return { eventName: found.name, publicCode: found.publicCode, hall: found.hall, card: found.card, poll, mine };
  }

  /**
   * Casts or changes this code's ballot in the open poll: in one short transaction that holds the
   * code's row and the poll's in share mode (voiding a code, closing a poll wait for it, or it for
   * them), one upsert of the ballot keyed by HMAC(secret, poll:code hash). A re-sent idempotency
   * key stores nothing and gets the stored receipt.
   */
  async cast(text: string, dto: CastBallotDto, address: string): Promise<BallotReceiptDto> {
    const { hash } = await this.admit(text, address);
    const outcome = await this.inDatabase(() => this.store(hash, dto));
    if ('miss' in outcome) {
      await this.miss(address);
      throw codeInvalid();
    }
    if (outcome.eventId) this.tallies.touch(outcome.eventId, dto.pollId);
    return outcome.receipt;
  }

  private store(hash: string, dto: CastBallotDto) {
    return this.dataSource.transaction(async (tx) => {
      const [code] = await tx.query<{ eventId: string; hall: string; voided: boolean }[]>(
        `SELECT event_id AS "eventId", hall, voided_at IS NOT NULL AS voided FROM ballot_code WHERE code_hash = $1 FOR SHARE`,
        [hash],
      );
      if (!code || code.voided) return { miss: true as const };
      const [poll] = await tx.query<{ state: string; card: BallotCardDto | null }[]>(
        `SELECT p.state, e.ballot_card AS card FROM poll p JOIN event e ON e.id = p.event_id
          WHERE p.id = $1 AND p.event_id = $2 FOR SHARE OF p`,
        [dto.pollId, code.eventId],
      );
      if (!poll) throw notFound('poll');
      if (poll.state !== 'open') throw conflict('poll_closed', 'this poll is closed; ballots can no longer be cast or changed');
      const ballot = checkedBallot(poll.card!, dto.values);
      if (!ballot)
        throw badRequest(
          'invalid_ballot',
          `a ballot has one mark per indicator (${poll.card!.indicators.length}), each ${
            poll.card!.scale === 'points' ? `from 0 to ${poll.card!.max} in steps of ${poll.card!.step}` : 'one of the levels’ values'
          }`,
        );
      const voterKey = this.secret.voterKey(dto.pollId, hash);
      const [stored] = await tx.query<{ revision: number; total: string; at: Date }[]>(
        `INSERT INTO ballot (poll_id, hall, voter_key, idempotency_key, values, total)
         VALUES ($1, $2, $3, $4, $5::numeric[], $6)
         ON CONFLICT (poll_id, voter_key) DO UPDATE
            SET values = excluded.values, total = excluded.total, idempotency_key = excluded.idempotency_key,
                earlier_keys = ballot.earlier_keys || ballot.idempotency_key, revision = ballot.revision + 1, updated_at = now()
          WHERE ballot.idempotency_key IS DISTINCT FROM excluded.idempotency_key AND NOT (excluded.idempotency_key = ANY (ballot.earlier_keys))
         RETURNING revision, total::text AS total, updated_at AS at`,
        [dto.pollId, code.hall, voterKey, dto.idempotencyKey, ballot.values, ballot.total],
      );
      if (stored) return { eventId: code.eventId, receipt: this.receipt(dto, stored, false) };
      // The key is the stored ballot's own: a re-send, answered as before, if it says the same.
      const [kept] = await tx.query<{ revision: number; total: string; at: Date; values: string[]; earlier: boolean }[]>(
        `SELECT revision, total::text AS total, updated_at AS at, values::text[] AS values, $3 = ANY (earlier_keys) AS earlier
           FROM ballot WHERE poll_id = $1 AND voter_key = $2`,
        [dto.pollId, voterKey, dto.idempotencyKey],
      );
      // A late copy of an earlier submission, overtaken by a change since: stored already, nothing to do.
      if (kept.earlier) return { eventId: null, receipt: this.receipt(dto, kept, true) };
      if (kept.values.join() !== ballot.values.join())
        throw conflict('idempotency_key_reused', 'this idempotencyKey was used for a different ballot; send a change with a new key');
      return { eventId: null, receipt: this.receipt(dto, kept, true) };
    });
  }

  private receipt(dto: CastBallotDto, stored: { revision: number; total: string; at: Date }, replayed: boolean): BallotReceiptDto {
    return {
      pollId: dto.pollId,
      idempotencyKey: dto.idempotencyKey,
      revision: stored.revision,
      total: stored.total,
      receivedAt: new Date(stored.at).toISOString(),
      replayed,
    };
  }
}

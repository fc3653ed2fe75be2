import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { badRequest, conflict } from '../common/api-error.js';
import type { ErrorCode } from '../contracts/errors.js';
import type { LiveCause } from '../contracts/live.js';
import type { SeriesBoardDto } from '../contracts/rest.js';
import { ContestEvent } from '../model/event.entity.js';
import type { Organizer } from '../model/organizer.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import {
  buildBoardRows,
  cutLineProblems,
  DEFAULT_RANK_HONESTY,
  type RankHonesty,
  type SeriesBoard,
  withRows,
  withTieMarks,
} from '../scoring/index.js';
import { toDocument } from '../state/event-document.js';
import { publishedDigest } from '../state/round-results.js';
import { EngineJobs } from './engine-jobs.service.js';
import { FollowUps } from '../common/follow-ups.js';
import { ChangeFeed, type CommitListener, type CommitNote } from '../state/change-feed.js';
import { EventChanges, Unchanged } from '../state/event-changes.service.js';
import type { EventState } from '../state/event-state.js';
import { judgeScoredFrom } from '../state/event-transition.js';
import { ResultsService } from './results.service.js';

/**
 * The red and grey board (红灰榜) of a series, shown on one event's screens and revealed from the
 * bottom up. The board is kept on that event (event.series_board), so that every step is a change
 * of it: versioned, audited, pushed live. Its figures are the series' (each event's published
 * results), computed when it is set up and again whenever the published results of one of its
 * events change (a correction), so the board follows.
 */
@Injectable()
export class SeriesBoards implements CommitListener, OnModuleDestroy {
  private readonly logger = new Logger(SeriesBoards.name);
  /** Per event: the digest of what its published results are computed from, as last seen here (a corrected score moves it even where no rank moves: rank honesty's marks may). */
  private readonly seen = new Map<string, string>();
  /** Per event of a series: its boards brought up to date after a change. */
  private readonly following = new FollowUps(
    (memberId) => this.refreshBoardsOf(memberId),
    (memberId, error) =>
      this.logger.warn(
        `could not bring the boards of event ${memberId}'s series up to date: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );

  constructor(
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
    private readonly results: ResultsService,
    private readonly engine: EngineJobs,
    private readonly dataSource: DataSource,
    feed: ChangeFeed,
  ) {
    feed.subscribe(this);
  }

  /** Sets up (or replaces) the board on `eventId`'s screens, nothing revealed yet. */
  async set(
    actor: Organizer,
    eventId: string,
    input: { events: string[]; red: number; grey: number; honestyConfidence?: number },
  ): Promise<SeriesBoardDto> {
    await this.access.manage(actor, eventId);
    if (new Set(input.events).size !== input.events.length) throw invalid('an event is listed twice in the series');
    for (const id of input.events) await this.access.manage(actor, id);
    const honesty = input.honestyConfidence === undefined ? null : { ...DEFAULT_RANK_HONESTY, confidence: input.honestyConfidence };
    const before = await this.digestsOf(input.events);
    const figures = await this.figures(input.events, input, honesty);
    const problems = cutLineProblems(figures.rows.length, input);
    if (problems.length > 0) throw invalid(problems.join('; '));
    const board: SeriesBoard = {
      eventIds: input.events,
      title: figures.title,
      red: input.red,
      grey: input.grey,
      revealed: 0,
      honesty,
      rows: figures.rows,
    };
    const answer = await this.change(eventId, 'stage', async (tx) => {
      await tx.update(ContestEvent, { id: eventId }, { seriesBoard: board });
      return board;
    });
    // An event of the series changed while its figures were computed (a correction's follow-up may
    // have found no board yet to bring up to date): computed again, as after any change.
    const after = await this.digestsOf(input.events);
    input.events.forEach((id, i) => after[i] !== before[i] && this.following.request(id));
    return answer;
  }

  /** What each event's published results are computed from, as of now (see publishedDigest). */
  private digestsOf(eventIds: readonly string[]): Promise<string[]> {
    return Promise.all(eventIds.map(async (id) => publishedDigest(await this.changes.current(id))));
  }

  /**
   * Reveals the next row up (滚榜), or every row still hidden. `expectedRevealed`: the rows revealed
   * as the console saw them; should the board be further already (a double click, two organizers),
   * nothing is revealed.
   */
  async reveal(actor: Organizer, eventId: string, how: 'next' | 'all', expectedRevealed?: number): Promise<SeriesBoardDto> {
    await this.access.manage(actor, eventId);
    return this.change(eventId, 'reveal', async (tx, event) => {
      const board = event.seriesBoard;
      if (!board) throw noBoard();
      if (board.revealed >= board.rows.length) throw conflict('board_revealed', 'every row of the board is revealed already');
      if (expectedRevealed !== undefined && expectedRevealed !== board.revealed)
        throw conflict('board_moved', `${board.revealed} rows are revealed, not ${expectedRevealed}: nothing was revealed`);
      const next = { ...board, revealed: how === 'all' ? board.rows.length : board.revealed + 1 };
      await tx.update(ContestEvent, { id: eventId }, { seriesBoard: next });
      return next;
    });
  }

  /** Takes the board down; screens showing it go back to the stage. */
  async clear(actor: Organizer, eventId: string): Promise<SeriesBoardDto> {
    await this.access.manage(actor, eventId);
    return this.change(eventId, 'stage', async (tx, event) => {
      if (!event.seriesBoard) throw noBoard();
      const screen = event.screenMode === 'red_grey_board' ? { screenMode: 'stage' as const, screenRoundId: null } : {};
      await tx.update(ContestEvent, { id: eventId }, { seriesBoard: null, ...screen });
      return null;
    });
  }

  async get(actor: Organizer, eventId: string): Promise<SeriesBoardDto> {
    await this.access.manage(actor, eventId);
    const state = await this.changes.current(eventId);
    return { version: state.event.version, board: state.event.seriesBoard };
  }

  /** A change of the board: allowed on a locked event too (it changes what the screens show, not a result). */
  private async change(
    eventId: string,
    cause: LiveCause,
    work: (tx: EntityManager, event: ContestEvent) => Promise<SeriesBoard | null>,
  ): Promise<SeriesBoardDto> {
    const board = await this.changes.apply(eventId, cause, (tx, event) => work(tx, event), { allowLocked: true });
    return { version: (await this.changes.current(eventId)).event.version, board };
  }

  /**
   * The series' figures for a board: its rows (cut lines as given, rank honesty's marks where
   * declared) and its heading (the latest event's name).
   */
  private async figures(eventIds: readonly string[], cut: { red: number; grey: number }, honesty: RankHonesty | null | undefined) {
    const { series, labels } = await this.results.seriesOf(eventIds);
    const rows = buildBoardRows(series, cut);
    if (!honesty || rows.length < 2) return { rows, title: labels.at(-1) ?? '' };
    // The bootstrap of the latest event's standings, on the engine's worker: each row against the one below.
    const latest = await this.changes.read(eventIds.at(-1)!);
    const presenterOf = new Map(latest.presenters.map((p) => [p.unit, p.id]));
    const pairs = rows.slice(0, -1).map((row, i): [string, string] => [presenterOf.get(row.unit)!, presenterOf.get(rows[i + 1].unit)!]);
    const counts = await this.engine.pairCounts(toDocument(latest, { revealedOnly: true }), pairs, honesty);
    return { rows: withTieMarks(rows, counts, honesty), title: labels.at(-1) ?? '' };
  }

  // ChangeFeed: an event's published results changed here; boards of series it belongs to follow.

  committed(state: EventState, _cause: LiveCause, note: CommitNote | null): void {
    // Only changes made here (another instance follows its own), and not a judge's sealed score.
    if (!note || this.following.closed || judgeScoredFrom(state)) return;
    const id = state.event.id;
    const fingerprint = publishedDigest(state);
    if (this.seen.get(id) === fingerprint) return;
    // An event first seen here (after a restart) may have changed unseen: its boards are checked too.
    this.seen.set(id, fingerprint);
    if (this.seen.size > 1_000) this.seen.delete(this.seen.keys().next().value!);
    this.following.request(id);
  }

  /** On shutdown: no new follow-up starts, and those under way finish (or fail, once the engine's threads stop) first. */
  onModuleDestroy(): Promise<void> {
    return this.following.close();
  }

  /** Waits until the boards have followed every change seen so far. */
  settled(): Promise<void> {
    return this.following.settled();
  }

  /** Every board whose series includes `memberId`, computed again and stored where its figures changed. */
  private async refreshBoardsOf(memberId: string): Promise<void> {
    const hosts: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM event WHERE series_board IS NOT NULL AND series_board->'eventIds' ? $1`,
      [memberId],
    );
    for (const { id } of hosts) {
      let again = true;
      while (again) {
        const held = (await this.changes.read(id)).event.seriesBoard;
        if (!held) break;
        const figures = await this.figures(held.eventIds, held, held.honesty);
        again = await this.changes.apply(
          id,
          'setup',
          async (tx, event) => {
            const board = event.seriesBoard;
            if (!board) return new Unchanged(false);
            // Set up again meanwhile (other events, cut lines or rank honesty): these figures are not
            // its own, and the set-up's may predate this change; computed again for the board as it is.
            if (!sameDeclaration(board, held)) return new Unchanged(true);
            const next = { ...withRows(board, figures.rows), title: figures.title };
            if (isDeepStrictEqual(next, board)) return new Unchanged(false);
            await tx.update(ContestEvent, { id }, { seriesBoard: next });
            return false;
          },
          { allowLocked: true },
        );
      }
    }
  }
}

const invalid = (message: string) => badRequest('invalid_series_board' satisfies ErrorCode, message);
const noBoard = () => conflict('no_series_board', 'no red and grey board is set up on this event');

/** What a board's figures are computed from besides its events' published results: the series, the cut lines, rank honesty. */
function sameDeclaration(a: SeriesBoard, b: SeriesBoard): boolean {
  return (
    isDeepStrictEqual(a.eventIds, b.eventIds) &&
    a.red === b.red &&
    a.grey === b.grey &&
    isDeepStrictEqual(a.honesty ?? null, b.honesty ?? null)
  );
}

import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, databaseUnreachable, notFound } from '../common/api-error.js';
import { type AuditContext, currentAuditContext, declareActor } from '../database/audit-context.js';
import { ContestEvent } from '../model/event.entity.js';
import type { EventState, LatestRevision } from './event-state.js';
import { loadEventState } from './event-state.loader.js';
import type { LiveCause } from '../contracts/live.js';
import { ChangeFeed, type CommitNote } from './change-feed.js';
import { withLatestRevision } from './event-transition.js';

/** Returned by a change that turned out to change nothing (a re-sent score): no new version, no broadcast. */
export class Unchanged<T> {
  constructor(readonly value: T) {}
}

/**
 * Returned by a change that knows what it did to the state (a score: a judge's new latest
 * revision): the next state is derived from the one in memory instead of reading the whole event
 * again, here and, from the same plain data, on the other instances.
 */
export class Derived<T> {
  constructor(
    readonly value: T,
    readonly revision: LatestRevision,
  ) {}
}

/** The event's state as of the locked version: from memory when that is current, else read in the change's transaction. */
export type StateAtLock = () => Promise<EventState>;

/**
 * A change to one event, run inside the transaction that holds the event's lock (`EventChanges.apply`).
 * Operations compose: one awaits others on the same `tx`, so a batch (an import, the demo) is one
 * transaction, one version and one announcement, not one per row.
 */
export type Operation<T> = (tx: EntityManager, event: ContestEvent, state: StateAtLock) => Promise<T | Unchanged<T> | Derived<T>>;

/** An operation that writes and returns what it wrote (a change of setup); the next state is read after it. */
export type SetupOperation<T> = (tx: EntityManager, event: ContestEvent) => Promise<T>;

export interface ChangeOptions {
  /** Most changes are refused once the event is locked. */
  allowLocked?: boolean;
  /**
   * May share one transaction with the other groupable changes queued behind it for the same event
   * (judges' scores): each in a savepoint of its own, so a refused one leaves the others, and all
   * of them under one lock, one version and one announcement.
   */
  groupable?: boolean;
}

/** A change waiting for its event's turn, with who asked for it (for the audit log). */
interface Queued {
  cause: LiveCause;
  work: Operation<unknown>;
  options: ChangeOptions;
  audit: AuditContext;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** One event's changes waiting here, and whether they are being worked through. */
interface Queue {
  waiting: Queued[];
  draining: boolean;
}

/**
 * At most this many groupable changes share a transaction. Each writes in a savepoint of its own
 * (a subtransaction, not released: a later savepoint of the same name hides it, and releasing
 * costs a statement); PostgreSQL keeps up to 64 subtransactions of a transaction in its fast path.
 */
const GROUP_LIMIT = 50;

/** Events whose latest state is kept in memory (the least recently used is forgotten first). */
const KEPT_EVENTS = 200;

/**
 * The one way an event changes: in a transaction that holds the event's row lock (so changes to
 * one event are serialised), bumps the event's version, commits, and only then broadcasts the
 * new state. Nothing is ever announced that is not in the database.
 *
 * The state of each change is also kept as the event's current state, so that snapshots for
 * screens and tablets are served from memory instead of a database transaction per request.
 */
@Injectable()
export class EventChanges {
  private readonly logger = new Logger(EventChanges.name);
  private readonly latest = new Map<string, EventState>();
  private readonly loading = new Map<string, Promise<EventState>>();
  /** Each event's changes made here, one transaction after another: the next starts once the last is in memory. */
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
  ) {}

  apply<T>(eventId: string, cause: LiveCause, work: Operation<T>, options: ChangeOptions = {}): Promise<T> {
    // The row lock orders changes across instances; this queue orders them here, so that a change
    // finds its predecessor's state in memory instead of reading the event again, and so that
    // scores arriving together are written together.
    return new Promise<T>((resolve, reject) => {
      let queue = this.queues.get(eventId);
      if (!queue) this.queues.set(eventId, (queue = { waiting: [], draining: false }));
      queue.waiting.push({ cause, work, options, audit: currentAuditContext(), resolve: resolve as (value: unknown) => void, reject });
      if (!queue.draining) void this.drain(eventId, queue);
    });
  }

  private async drain(eventId: string, queue: Queue): Promise<void> {
    queue.draining = true;
    try {
      await this.drainGroups(eventId, queue);
    } finally {
      queue.draining = false;
      if (this.queues.get(eventId) === queue) {
        if (queue.waiting.length > 0) void this.drain(eventId, queue);
        else this.queues.delete(eventId);
      }
    }
  }

  private async drainGroups(eventId: string, queue: Queue): Promise<void> {
    while (queue.waiting.length > 0) {
      const first = queue.waiting[0];
      let size = 1;
      if (first.options.groupable) {
        while (
          size < queue.waiting.length &&
          size < GROUP_LIMIT &&
          queue.waiting[size].options.groupable &&
          queue.waiting[size].options.allowLocked === first.options.allowLocked
        )
          size++;
      }
      await this.applyNow(eventId, queue.waiting.splice(0, size));
    }
  }

  /** Runs `group` in one transaction and settles each change's promise; never throws. */
  private async applyNow(eventId: string, group: Queued[]): Promise<void> {
    const shared = group.length > 1;
    try {
      const outcome = await this.dataSource.transaction(async (tx) => {
        await declareActor(tx, group[0].audit);
        const event = await tx
          .getRepository(ContestEvent)
          .createQueryBuilder('event')
          .setLock('pessimistic_write')
          .where('event.id = :eventId', { eventId })
          .getOne();
        if (!event) throw notFound('event');
        const known = this.latest.get(eventId);
        // Memory is current when it holds the locked version; otherwise (another instance changed
        // the event, or a commit's outcome was lost) the event is read again.
        let base: Promise<EventState> | null = known && known.event.version === event.version ? Promise.resolve(known) : null;
        // A read that failed (in a savepoint that was then rolled back) is not kept: the next asks again.
        const state = () =>
          (base ??= loadEventState(tx, eventId).catch((error: unknown) => {
            base = null;
            throw error;
          }));
        const answers: (() => void)[] = [];
        const derived: LatestRevision[] = [];
        let changed = false;
        let reread = false;
        let catchUp = false;
        for (const [i, item] of group.entries()) {
          if (i > 0) await declareActor(tx, item.audit);
          if (event.lockedAt && !item.options.allowLocked) {
            const refusal = conflict('event_locked', 'the event is locked; nothing can change any more');
            if (!shared) throw refusal;
            answers.push(() => item.reject(refusal));
            continue;
          }
          let result: unknown;
          if (shared) await tx.query('SAVEPOINT change');
          try {
            result = await item.work(tx, event, state);
          } catch (error) {
            if (!shared) throw error;
            await tx.query('ROLLBACK TO SAVEPOINT change');
            answers.push(() => item.reject(error));
            continue;
          }
          if (result instanceof Unchanged) {
            // A change whose commit was never confirmed (the connection died at COMMIT) may have landed
            // all the same; its re-send finds it. Catch the clients up with it.
            catchUp ||= !known || known.event.version < event.version;
            answers.push(() => item.resolve((result as Unchanged<unknown>).value));
            continue;
          }
          changed = true;
          if (result instanceof Derived) derived.push(result.revision);
          else reread = true;
          answers.push(() => item.resolve(result instanceof Derived ? result.value : result));
        }
        if (!changed) return { answers, state: catchUp ? await state() : null, note: null };
        const version = event.version + 1;
        // The version is the group's: recorded under the actor of its first change, not whoever came last.
        if (shared) await declareActor(tx, group[0].audit);
        await tx.update(ContestEvent, { id: eventId }, { version });
        const note: CommitNote = { eventId, version, cause: group[0].cause, revisions: reread ? null : derived };
        if (reread) return { answers, state: await loadEventState(tx, eventId), note };
        return { answers, state: derive(await state(), derived, version), note };
      });
      // Committed: whatever happens next, every change is answered as it went.
      if (outcome.state) this.announce(outcome.state, group[0].cause, outcome.note);
      for (const answer of outcome.answers) answer();
    } catch (error) {
      // Whether an interrupted change was committed is unknown: read the event afresh next time.
      if (databaseUnreachable(error)) this.latest.delete(eventId);
      for (const item of group) item.reject(error);
    }
  }

  /**
   * Keeps and announces a committed state; `note` says how, when this instance committed it (the
   * other instances follow from it). A failure here is logged, and the event is read afresh next time.
   */
  private announce(state: EventState, cause: LiveCause, note: CommitNote | null): void {
    try {
      this.remember(state);
      this.feed.committed(state, cause, note);
    } catch (error) {
      this.latest.delete(state.event.id);
      this.logger.error(
        `could not announce version ${state.event.version} of event ${state.event.id}`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  /**
   * The event as of its latest committed change, from memory; read from the database only the
   * first time (concurrent first readers share that one read, which `gate` may hold back).
   */
  current(eventId: string, gate: (load: () => Promise<EventState>) => Promise<EventState> = (load) => load()): Promise<EventState> {
    const known = this.latest.get(eventId);
    if (known) {
      this.latest.delete(eventId);
      this.latest.set(eventId, known);
      return Promise.resolve(known);
    }
    let pending = this.loading.get(eventId);
    if (!pending) {
      pending = gate(() => this.read(eventId))
        .then((state) => this.remember(state))
        .finally(() => this.loading.delete(eventId));
      this.loading.set(eventId, pending);
    }
    return pending;
  }

  /** Keeps `state` unless a newer version is known already (a read may finish after a later change). */
  private remember(state: EventState): EventState {
    const id = state.event.id;
    const known = this.latest.get(id);
    if (known && known.event.version >= state.event.version) return known;
    this.latest.delete(id);
    this.latest.set(id, state);
    if (this.latest.size > KEPT_EVENTS) this.latest.delete(this.latest.keys().next().value!);
    return state;
  }

  /**
   * Another instance committed `note`: the state kept here follows, derived from the version
   * before it when that is the one in memory and the change says how (judges' scores), else read
   * again. An event not kept here is read now if `followed` (clients here follow it), else when
   * someone here next needs it.
   */
  follow(note: CommitNote, followed: boolean): void {
    const known = this.latest.get(note.eventId);
    // Not kept here (forgotten after a failure, or beyond KEPT_EVENTS) while clients here follow it: read it.
    if (!known) {
      if (followed) void this.refresh(note.eventId, note.cause);
      return;
    }
    if (known.event.version >= note.version) return;
    if (note.revisions && known.event.version === note.version - 1) {
      this.announce(derive(known, note.revisions, note.version), note.cause, null);
    } else {
      void this.refresh(note.eventId, note.cause);
    }
  }

  /**
   * With several instances: makes the state kept here at least as new as the database's version at
   * the time of the call, then serves it as `current` does. Callers arriving together share one
   * look-up of the version (the next one starts once the last has answered, so that none is
   * served a version older than its arrival); should the database not answer, memory serves.
   */
  async currentFresh(eventId: string, gate?: (load: () => Promise<EventState>) => Promise<EventState>): Promise<EventState> {
    if (this.latest.has(eventId)) await this.versionCheck(eventId).catch(() => undefined);
    return this.current(eventId, gate);
  }

  /** Reads the versions of `ids` (by default every event kept here) and follows any that another instance changed (a missed note, Redis away). */
  async checkVersions(ids: string[] = [...this.latest.keys()]): Promise<void> {
    if (ids.length === 0) return;
    const rows: { id: string; version: string }[] = await this.dataSource.query('SELECT id, version FROM event WHERE id = ANY($1)', [ids]);
    for (const row of rows) {
      const known = this.latest.get(row.id);
      if (known && known.event.version < Number(row.version)) await this.refresh(row.id, 'snapshot');
    }
  }

  /** Per event: the version look-up under way, and the callers waiting for the next one. */
  private readonly checks = new Map<string, { running: Promise<void> | null; next: Promise<void> | null }>();

  private versionCheck(eventId: string): Promise<void> {
    let check = this.checks.get(eventId);
    if (!check) this.checks.set(eventId, (check = { running: null, next: null }));
    const round = check;
    if (!round.running) {
      round.running = this.checkVersions([eventId]).finally(() => {
        round.running = null;
        if (!round.next) this.checks.delete(eventId);
      });
      return round.running;
    }
    // A look-up already under way may have read the version before this caller came: wait for the next.
    round.next ??= round.running
      .catch(() => undefined)
      .then(() => {
        round.next = null;
        return this.versionCheck(eventId);
      });
    return round.next;
  }

  /** Per event, the read under way after another instance's change, and whether another change came during it. */
  private readonly refreshing = new Map<string, { done: Promise<void>; again: boolean }>();

  /** Reads the event again and announces it if it is newer than what is kept; reads run one at a time per event. */
  private refresh(eventId: string, cause: LiveCause): Promise<void> {
    const running = this.refreshing.get(eventId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry = { done: Promise.resolve(), again: false };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          const state = await this.read(eventId);
          const known = this.latest.get(eventId);
          if (!known || known.event.version < state.event.version) this.announce(state, cause, null);
        } while (entry.again);
      } catch (error) {
        this.logger.warn(
          `could not read event ${eventId} after another instance's change: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        this.refreshing.delete(eventId);
      }
    })();
    this.refreshing.set(eventId, entry);
    return entry.done;
  }

  /** A consistent read of the whole event (one snapshot of the database). */
  read(eventId: string): Promise<EventState> {
    return this.dataSource.transaction('REPEATABLE READ', (tx) => loadEventState(tx, eventId));
  }
}

/** `state` after the judges' new latest revisions of one version, in the order they were written. */
function derive(state: EventState, revisions: LatestRevision[], version: number): EventState {
  let next = state;
  for (const revision of revisions) next = withLatestRevision(next, revision, version);
  return next;
}

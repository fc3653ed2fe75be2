import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BallotScreenView } from '../contracts/ballots.js';
import type { LiveCause } from '../contracts/live.js';
import { ballotScreenView, pollTitles, readTally, shownBallot } from '../state/ballot-tally.js';
import { ChangeFeed, type CommitListener } from '../state/change-feed.js';
import type { EventState } from '../state/event-state.js';

/** At most one tally per event per this interval on each instance, however many ballots arrive. */
export const TALLY_INTERVAL_MS = 400;

interface Pending {
  pollId: string;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  /** Ballots arrived after the last tally started: another follows. */
  dirty: boolean;
  lastAt: number;
}

/**
 * The screens' tally of a poll while ballots arrive (ballots do not go through the event's change
 * path, its versions or its full publish): after a ballot, one aggregate query at most every
 * TALLY_INTERVAL_MS per event, sent as `ballot.tally` to the event's screens, viewers and control
 * panels on every instance. What is shown is decided from the database at that time: a poll the
 * organizer has hidden sends nothing, and a result only while the organizer shows it.
 */
@Injectable()
export class BallotTallies implements CommitListener, OnModuleDestroy {
  private readonly logger = new Logger(BallotTallies.name);
  private readonly pending = new Map<string, Pending>();
  /** The latest tally of the poll on each event's screens, for clients that connect; dropped with every change of the event. */
  private readonly latest = new Map<string, { at: number; tally: Promise<BallotScreenView | null> }>();
  private readonly titles = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
  ) {
    feed.subscribe(this);
  }

  /** A ballot of `pollId` was cast or changed: a tally goes out now, or at the end of the interval. */
  touch(eventId: string, pollId: string): void {
    let entry = this.pending.get(eventId);
    if (!entry) this.pending.set(eventId, (entry = { pollId, timer: null, running: false, dirty: false, lastAt: 0 }));
    entry.pollId = pollId;
    this.latest.delete(eventId);
    if (entry.running || entry.timer) {
      entry.dirty = true;
      return;
    }
    this.schedule(eventId, entry);
  }

  private schedule(eventId: string, entry: Pending): void {
    const wait = Math.max(0, entry.lastAt + TALLY_INTERVAL_MS - Date.now());
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.run(eventId, entry);
    }, wait);
    entry.timer.unref?.();
  }

  private async run(eventId: string, entry: Pending): Promise<void> {
    entry.running = true;
    entry.dirty = false;
    entry.lastAt = Date.now();
    try {
      const tally = await this.tallyOf(entry.pollId);
      if (tally) this.feed.ballotTally(eventId, tally);
    } catch (error) {
      this.logger.warn(`could not tally poll ${entry.pollId}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      entry.running = false;
      // The entry stays for the rest of the interval, so a ballot arriving just after this tally
      // waits for the next turn instead of starting another tally at once.
      entry.timer = setTimeout(
        () => {
          entry.timer = null;
          if (entry.dirty) void this.run(eventId, entry);
          else if (this.pending.get(eventId) === entry) this.pending.delete(eventId);
        },
        Math.max(0, entry.lastAt + TALLY_INTERVAL_MS - Date.now()),
      );
      entry.timer.unref?.();
    }
  }

  /** A poll's tally as the screens may see it now (null: hidden). */
  private async tallyOf(pollId: string): Promise<BallotScreenView | null> {
    const tally = await readTally(this.dataSource.manager, pollId);
    if (!tally) return null;
    let title = this.titles.get(pollId);
    if (title === undefined) {
      title = (await pollTitles(this.dataSource.manager, [pollId])).get(pollId) ?? '';
      if (this.titles.size > 1000) this.titles.clear();
      this.titles.set(pollId, title);
    }
    return ballotScreenView(tally, title);
  }

  /**
   * For a screen, viewer or control panel that just connected: the tally of the poll on the
   * screens now (clients connecting together share one query, and its answer for the interval).
   */
  current(eventId: string): Promise<BallotScreenView | null> {
    const known = this.latest.get(eventId);
    if (known && Date.now() - known.at < TALLY_INTERVAL_MS) return known.tally;
    const tally = shownBallot(this.dataSource.manager, eventId);
    this.latest.set(eventId, { at: Date.now(), tally });
    if (this.latest.size > 1000) this.latest.delete(this.latest.keys().next().value!);
    tally.catch(() => this.latest.delete(eventId));
    return tally;
  }

  /** A change of the event (a poll opened, closed, shown or hidden): the tally kept for connecting clients no longer holds. */
  committed(state: EventState, cause: LiveCause): void {
    this.latest.delete(state.event.id);
    // A topic or a presenter may have been corrected (any change but a score): titles are read again.
    if (cause !== 'score') this.titles.clear();
  }

  onModuleDestroy(): void {
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pending.clear();
  }
}

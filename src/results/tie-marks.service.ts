import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { FollowUps } from '../common/follow-ups.js';
import type { LiveCause } from '../contracts/live.js';
import { ContestEvent } from '../model/event.entity.js';
import type { TieMarks } from '../scoring/index.js';
import { ChangeFeed, type CommitListener, type CommitNote } from '../state/change-feed.js';
import { toDocument } from '../state/event-document.js';
import { publishedDigest } from '../state/round-results.js';
import { EventChanges, Unchanged } from '../state/event-changes.service.js';
import type { EventState } from '../state/event-state.js';
import { judgeScoredFrom } from '../state/event-transition.js';
import { tieMarksHold } from '../state/tie-marks.js';
import { EngineJobs } from './engine-jobs.service.js';

/**
 * Rank honesty on an event's own boards (差异在评分误差内), where it is declared: whenever the
 * published results change (a reveal, a correction), the seeded bootstrap of the event runs on the
 * engine's reports thread, never on the live path, and its marks are stored on the event (a change
 * of its own: versioned, pushed live, the same on every instance). The screens show marks only
 * while they belong to the results published now (see views.ts), so a mark never outlives its figures.
 */
@Injectable()
export class TieMarksFollower implements CommitListener, OnModuleDestroy {
  private readonly logger = new Logger(TieMarksFollower.name);
  private readonly following = new FollowUps(
    (eventId) => this.refresh(eventId),
    (eventId, error) =>
      this.logger.warn(
        `could not compute the rank honesty marks of event ${eventId}: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );

  constructor(
    private readonly changes: EventChanges,
    private readonly engine: EngineJobs,
    feed: ChangeFeed,
  ) {
    feed.subscribe(this);
  }

  committed(state: EventState, _cause: LiveCause, note: CommitNote | null): void {
    // Only changes made here (another instance follows its own); a judge's sealed score publishes nothing.
    if (!note || state.event.rankHonesty === null || judgeScoredFrom(state) || tieMarksHold(state)) return;
    this.following.request(state.event.id);
  }

  onModuleDestroy(): Promise<void> {
    return this.following.close();
  }

  /** Waits until the marks have followed every change seen so far. */
  settled(): Promise<void> {
    return this.following.settled();
  }

  private async refresh(eventId: string): Promise<void> {
    let again = true;
    while (again) {
      const state = await this.changes.read(eventId);
      const honesty = state.event.rankHonesty;
      if (honesty === null || tieMarksHold(state)) return;
      const digest = publishedDigest(state);
      const ties = await this.engine.boardTies(toDocument(state, { revealedOnly: true }), honesty);
      const marks: TieMarks = { ...ties, digest, honesty };
      again = await this.changes.apply(
        eventId,
        'setup',
        async (tx, _event, at) => {
          const now = await at();
          // Published results (or the declaration) moved on meanwhile: computed again for them.
          if (!tieMarksHold(now, marks)) return new Unchanged(now.event.rankHonesty !== null && !tieMarksHold(now));
          if (isDeepStrictEqual(now.event.tieMarks, marks)) return new Unchanged(false);
          await tx.update(ContestEvent, { id: eventId }, { tieMarks: marks });
          return false;
        },
        { allowLocked: true },
      );
    }
  }
}

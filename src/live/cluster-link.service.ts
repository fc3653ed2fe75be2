import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RedisLink } from '../cluster/redis-link.js';
import type { LiveCause } from '../contracts/live.js';
import { ChangeFeed, type ChangeListener, type CommitNote } from '../state/change-feed.js';
import { EventChanges } from '../state/event-changes.service.js';
import type { EventState } from '../state/event-state.js';
import { LivePublisher, type LiveServer } from './live-publisher.service.js';

/** The server-side message by which an instance tells the others what it committed. */
const COMMITTED = 'podium:committed';

/**
 * How often each instance compares the versions of the events it keeps with the database's: a
 * note lost while Redis was away costs its screens at most this long.
 */
export const VERSION_CHECK_MS = 2_000;

/**
 * With several instances (REDIS_URL): tells the other instances, over the socket.io adapter, each
 * change this one commits (its version and, for judges' scores, the new revisions themselves), and
 * makes this instance's state follow theirs, so that its screens get every version and its
 * snapshots are never older than what another instance committed. Alone, it does nothing.
 */
@Injectable()
export class ClusterLink implements ChangeListener, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterLink.name);
  private server: LiveServer | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    feed: ChangeFeed,
    private readonly changes: EventChanges,
    private readonly redis: RedisLink,
    private readonly publisher: LivePublisher,
  ) {
    feed.subscribe(this);
  }

  get clustered(): boolean {
    return this.redis.clustered;
  }

  /** Called by the gateway once socket.io is up. */
  attach(server: LiveServer): void {
    if (!this.redis.clustered) return;
    this.server = server;
    server.on(COMMITTED, (note: CommitNote) => {
      try {
        this.changes.follow(revive(note), this.publisher.hasClients(note.eventId));
      } catch (error) {
        this.logger.warn(`could not follow version ${note?.version} of event ${note?.eventId}: ${String(error)}`);
      }
    });
    this.timer = setInterval(
      () =>
        void this.changes
          .checkVersions()
          .catch((error: unknown) =>
            this.logger.warn(`could not compare versions: ${error instanceof Error ? error.message : String(error)}`),
          ),
      VERSION_CHECK_MS,
    );
    this.timer.unref();
  }

  committed(_state: EventState, _cause: LiveCause, note: CommitNote | null): void {
    // Only what this instance committed; what it followed came from the instance that did. While
    // Redis is away the note is not sent: the others catch up through the version check.
    if (note && this.server && this.redis.up) this.server.serverSideEmit(COMMITTED, note);
  }

  judgeSessionsEnded(): void {
    // The publisher's disconnects reach every instance through the adapter.
  }

  signerSessionsEnded(): void {
    // As above.
  }

  async controlSessionsEnded(): Promise<void> {
    // As above.
  }

  ballotTally(): void {
    // The publisher's tallies reach every instance through the adapter too.
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** A note as it crossed Redis: dates arrive as what the encoding made of them. */
function revive(note: CommitNote): CommitNote {
  return {
    ...note,
    revisions:
      note.revisions?.map((revision) => ({ ...revision, score: { ...revision.score, createdAt: new Date(revision.score.createdAt) } })) ??
      null,
  };
}

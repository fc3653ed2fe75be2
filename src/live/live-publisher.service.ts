import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import type { Server } from 'socket.io';
import type { ErrorCode } from '../contracts/errors.js';
import type { BallotScreenView } from '../contracts/ballots.js';
import { ChangeFeed, type ChangeListener, type ControlSessions } from '../state/change-feed.js';
import type { EventState } from '../state/event-state.js';
import { judgeScoredFrom } from '../state/event-transition.js';
import type { ClientToServerEvents, LiveCause, LivePatch, LiveUpdate, LiveView, ServerToClientEvents } from '../contracts/live.js';
import { rooms } from './live-rooms.js';
import { LiveMetrics } from '../observability/live-metrics.js';
import { RedisLink } from '../cluster/redis-link.js';
import { controlView, judgeView, screenView, signerView } from './views.js';
import type { LiveSession } from './live-auth.service.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * How long a burst of judges' scores is gathered into one update per room. The first change after
 * a quiet spell goes out at once; judges' scores within this interval wait for its end, so 50
 * judges scoring together cost a screen a handful of messages, not fifty. Any other change goes
 * out at once, with whatever waits.
 */
export const COALESCE_MS = 50;

/**
 * The interval for an event with `screens` big screens and viewers connected here: each message to
 * them costs a write per screen (ten thousand writes take a quarter of a second of CPU on a small
 * server), so a large audience gets a longer interval (COALESCE_MS up to 500 screens, then a
 * millisecond per 10 screens, at most half a second) and the judges' scores it gathers cost it
 * fewer writes, leaving the server free to answer the judges. Sealed progress changing twice a
 * second is still live.
 */
export function coalesceMs(screens: number): number {
  return Math.min(500, Math.max(COALESCE_MS, Math.round(screens / 10)));
}

/** Events whose rooms' last updates are kept (the most recently used); a forgotten one sends complete views next. */
const KEPT_OUTBOXES = 200;

/**
 * A room larger than this gets a message in slices of this many clients, with the server free to
 * answer judges and organizers between slices (a few milliseconds each): writing to ten thousand
 * viewers takes a quarter of a second, which would otherwise hold up everything else at once.
 */
export const FAN_OUT_SLICE = 250;

/** What one room of an event was last sent: every client in it holds that version's view. */
interface Sent {
  version: number;
  view: LiveView;
}

/** One event's published versions: the last state sent out, the newest one waiting, what each room holds. */
interface Outbox {
  pending: { state: EventState; cause: LiveCause } | null;
  /** While set, a change waits for the end of the interval instead of going out at once. */
  quiet: ReturnType<typeof setTimeout> | null;
  /** Each room's last update; a room missing here gets a complete view next. */
  sent: Map<string, Sent>;
  /** The version of the newest state handed to publish(); a change committed by another instance leaves a gap. */
  latest: number;
  /** A gap was seen: the next update to every room is the complete view (another instance sent the versions in between). */
  gap: boolean;
  /** The version last sent out (the versions after it wait for the end of the interval). */
  flushed: number;
}

/**
 * Pushes the committed changes of an event to every client of that event, as its role may see
 * them: per room, only the parts of the view that changed since what that room was last sent,
 * coalesced over short bursts. Snapshots are served from the same views, from memory.
 */
@Injectable()
export class LivePublisher implements OnModuleDestroy, ChangeListener {
  private readonly logger = new Logger(LivePublisher.name);
  private server: LiveServer | null = null;
  private readonly outboxes = new Map<string, Outbox>();

  constructor(
    feed: ChangeFeed,
    private readonly metrics: LiveMetrics,
    private readonly redis: RedisLink,
  ) {
    feed.subscribe(this);
  }

  /** Called by the gateway once socket.io is up. */
  attach(server: LiveServer): void {
    this.server = server;
  }

  get io(): LiveServer | null {
    return this.server;
  }

  /** On shutdown, what waits goes out first. */
  onModuleDestroy(): void {
    for (const [eventId, outbox] of this.outboxes) {
      if (outbox.pending) this.flush(eventId, outbox);
      if (outbox.quiet) clearTimeout(outbox.quiet);
    }
    this.outboxes.clear();
  }

  /** Tells a judge's open tablets, on every instance, why their session ends, then disconnects them. */
  judgeSessionsEnded(eventId: string, judgeId: string, code: ErrorCode, message: string): void {
    this.endSessions(rooms.judge(eventId, judgeId), code, message);
  }

  /** Tells a signer's open pages, on every instance, why their session ends, then disconnects them. */
  signerSessionsEnded(eventId: string, signerId: string, code: ErrorCode, message: string): void {
    this.endSessions(rooms.signer(eventId, signerId), code, message);
  }

  /**
   * Tells the control panels opened with one organizer session (signed out) or with any session of
   * one account (disabled), on every instance, why they end, then disconnects them.
   */
  async controlSessionsEnded(which: ControlSessions, code: ErrorCode, message: string): Promise<void> {
    this.endSessions('tokenHash' in which ? rooms.signIn(which.tokenHash) : rooms.organizer(which.organizerId), code, message);
    return Promise.resolve();
  }

  /**
   * Through the adapter, so that the clients of `room` on the other instances are told and
   * disconnected too (while Redis is away, here only: the others' clients find the session ended
   * at their next request, and a revoked judge's submissions are refused anyway).
   */
  private endSessions(room: string, code: ErrorCode, message: string): void {
    const server = this.server;
    if (!server) return;
    const everywhere = this.redis.up ? server : server.local;
    everywhere.to(room).emit('session.ended', { statusCode: 401, code, message });
    everywhere.in(room).disconnectSockets(true);
  }

  /**
   * A poll's tally, to the event's screens, viewers and control panels on every instance (through
   * the adapter; while Redis is away, here only). Not versioned: clients keep the one with the
   * highest `changes`.
   */
  ballotTally(eventId: string, tally: BallotScreenView): void {
    const server = this.server;
    if (!server) return;
    const everywhere = this.redis.up ? server : server.local;
    everywhere.to([rooms.screens(eventId), rooms.control(eventId)]).emit('ballot.tally', tally);
    this.metrics.packetsEncoded('update');
  }

  /** After a client's snapshot (written first), the latest tally of the poll on the screens. */
  sendTally(socketId: string, session: LiveSession, tally: BallotScreenView): void {
    const server = this.server;
    if (!server) return;
    this.sendSnapshotsOf(roomOf(session));
    server.local.to(socketId).emit('ballot.tally', tally);
  }

  /** Per room, the sliced message being written (the room's next message waits for it). */
  private readonly sending = new Map<string, Promise<void>>();

  /**
   * Writes an update to the clients of `room` connected to this instance (the other instances
   * write their own clients' updates from their own state). The message is encoded once for the
   * room, or once per slice of a large room.
   */
  private send(room: string, message: LivePatch): void {
    const server = this.server;
    if (!server) return;
    this.sendSnapshotsOf(room);
    const ahead = this.sending.get(room);
    const size = server.sockets.adapter.rooms.get(room)?.size ?? 0;
    if (!ahead && size <= FAN_OUT_SLICE) {
      server.local.to(room).emit('update', message);
      this.metrics.packetsEncoded('update');
      return;
    }
    const done = (ahead ?? Promise.resolve()).then(async () => {
      // The room's members when its turn comes: a client that came since holds this version's snapshot or an earlier one.
      const members = [...(server.sockets.adapter.rooms.get(room) ?? [])];
      for (let start = 0; start < members.length; start += FAN_OUT_SLICE) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        server.local.to(members.slice(start, start + FAN_OUT_SLICE)).emit('update', message);
        this.metrics.packetsEncoded('update');
      }
    });
    this.sending.set(room, done);
    void done
      .catch((error: unknown) => this.logger.error(`could not write to ${room}`, error instanceof Error ? error.stack : String(error)))
      .finally(() => {
        if (this.sending.get(room) === done) this.sending.delete(room);
      });
  }

  /** Snapshots waiting to be written, per room: clients that connect together get one encoded message. */
  private readonly snapshotBatches = new Map<string, { update: LiveUpdate; socketIds: string[] }>();

  /**
   * Sends a client of `session` that just connected its snapshot. Public screens and viewers that
   * connect within the same turn of the event loop (a hall reconnecting at once) share one message
   * encoded once; it is written before the room's next update.
   */
  sendSnapshot(socketId: string, state: EventState, session: LiveSession): void {
    const server = this.server;
    if (!server) return;
    const snapshot = this.snapshot(state, session);
    if (session.role !== 'screen') {
      server.local.to(socketId).emit('snapshot', snapshot);
      this.metrics.packetsEncoded('snapshot');
      return;
    }
    const room = roomOf(session);
    const batch = this.snapshotBatches.get(room);
    if (batch && batch.update.version === snapshot.version) {
      batch.socketIds.push(socketId);
      return;
    }
    this.sendSnapshotsOf(room);
    this.snapshotBatches.set(room, { update: snapshot, socketIds: [socketId] });
    setImmediate(() => this.sendSnapshotsOf(room));
  }

  private sendSnapshotsOf(room: string): void {
    const batch = this.snapshotBatches.get(room);
    if (!batch) return;
    this.snapshotBatches.delete(room);
    this.server?.local.to(batch.socketIds).emit('snapshot', batch.update);
    this.metrics.packetsEncoded('snapshot');
  }

  /** A committed change: goes out at once after a quiet spell, else with the others at the end of the interval. */
  committed(state: EventState, cause: LiveCause): void {
    const outbox = this.outboxOf(state, state.event.version - 1);
    if (state.event.version <= outbox.latest) return;
    if (state.event.version !== outbox.latest + 1) outbox.gap = true;
    outbox.latest = state.event.version;
    outbox.pending = { state, cause };
    // Only judges' scores come in bursts; any other change (an organizer's) goes out before its answer.
    if (!outbox.quiet || !judgeScoredFrom(state)) this.flush(state.event.id, outbox);
    else this.metrics.versionsBehind(state.event.id, outbox.latest - outbox.flushed);
  }

  /**
   * The complete view a client of `session` gets on connect or on asking: what its room was last
   * sent, once any waiting change has gone out, so that the room's next update applies to it.
   * `state` is the event as of its latest change in memory.
   */
  snapshot(state: EventState, session: LiveSession): LiveUpdate {
    const outbox = this.outboxOf(state, state.event.version);
    // Memory knows a version no room was sent (read again after another instance's change): send it.
    if (state.event.version > outbox.latest) this.committed(state, 'snapshot');
    if (outbox.pending) this.flush(state.event.id, outbox);
    const room = roomOf(session);
    const sent = outbox.sent.get(room);
    if (sent && sent.version >= state.event.version) return update(sent.version, 'snapshot', sent.view);
    // A room sent nothing yet: its later updates are patches of this view.
    const view = viewFor(state, session);
    outbox.sent.set(room, { version: state.event.version, view });
    return update(state.event.version, 'snapshot', view);
  }

  /** The event's outbox; a new one starts at `latest`, and the least recently used idle ones are forgotten beyond KEPT_OUTBOXES. */
  private outboxOf(state: EventState, latest: number): Outbox {
    const id = state.event.id;
    let outbox = this.outboxes.get(id);
    if (outbox) this.outboxes.delete(id);
    outbox ??= { pending: null, quiet: null, sent: new Map(), latest, gap: false, flushed: latest };
    this.outboxes.set(id, outbox);
    for (const [other, kept] of this.outboxes) {
      if (this.outboxes.size <= KEPT_OUTBOXES) break;
      if (other !== id && !kept.quiet) this.outboxes.delete(other);
    }
    return outbox;
  }

  private flush(eventId: string, outbox: Outbox): void {
    const { pending } = outbox;
    if (!pending) return;
    outbox.pending = null;
    outbox.flushed = pending.state.event.version;
    this.metrics.versionsBehind(eventId, 0);
    if (outbox.quiet) clearTimeout(outbox.quiet);
    outbox.quiet = setTimeout(
      () => {
        outbox.quiet = null;
        if (outbox.pending) this.flush(eventId, outbox);
        // Nothing more to send and nobody connected here: forget the event's rooms.
        else if (!this.hasClients(eventId) && this.outboxes.get(eventId) === outbox) this.outboxes.delete(eventId);
      },
      coalesceMs(this.server?.sockets.adapter.rooms.get(rooms.screens(eventId))?.size ?? 0),
    );
    outbox.quiet.unref?.();
    const server = this.server;
    if (!server) return;
    const { state, cause } = pending;
    const gap = outbox.gap;
    outbox.gap = false;
    try {
      const publicView = screenView(state);
      const targets: [string, () => LiveView][] = [
        [rooms.screens(eventId), () => publicView],
        [rooms.control(eventId), () => controlView(state, publicView)],
        // Only judges with a tablet connected here: the others get a snapshot when they connect.
        ...state.judges.map((judge): [string, () => LiveView] => [
          rooms.judge(eventId, judge.id),
          () => judgeView(state, judge.id, publicView),
        ]),
        ...state.signers.map((signer): [string, () => LiveView] => [
          rooms.signer(eventId, signer.id),
          () => signerView(state, signer.id, publicView),
        ]),
      ];
      const connected = server.sockets.adapter.rooms;
      const serverTime = new Date().toISOString();
      for (const [room, viewOf] of targets) {
        const before = outbox.sent.get(room);
        if (!connected.has(room)) {
          outbox.sent.delete(room);
          continue;
        }
        if (before && before.version >= state.event.version) continue;
        const view = viewOf();
        const message: LivePatch =
          before && !gap
            ? { base: before.version, version: state.event.version, cause, serverTime, patch: changedParts(before.view, view) }
            : { base: null, version: state.event.version, cause, serverTime, patch: view };
        this.send(room, message);
        outbox.sent.set(room, { version: state.event.version, view });
      }
    } catch (error) {
      // The change is committed already; clients that miss this update resync on the next one.
      outbox.gap = true;
      this.logger.error(
        `could not publish version ${state.event.version} of event ${eventId}`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  /** Whether any client of the event is connected to this instance. */
  hasClients(eventId: string): boolean {
    const connected = this.server?.sockets.adapter.rooms;
    return (
      !!connected &&
      (connected.has(rooms.screens(eventId)) ||
        connected.has(rooms.control(eventId)) ||
        connected.has(rooms.judges(eventId)) ||
        connected.has(rooms.signers(eventId)))
    );
  }
}

/** The top-level parts of `next` that differ from `before`: the same object is unchanged; else compared by value. */
export function changedParts<V extends LiveView>(before: V, next: V): Partial<V> {
  const patch: Partial<V> = {};
  for (const key of Object.keys(next) as (keyof V)[]) {
    if (before[key] !== next[key] && !isDeepStrictEqual(before[key], next[key])) patch[key] = next[key];
  }
  return patch;
}

export function update(version: number, cause: LiveCause, view: LiveView): LiveUpdate {
  return { version, cause, serverTime: new Date().toISOString(), view };
}

/** The room whose updates a client of this session follows. */
function roomOf(session: LiveSession): string {
  switch (session.role) {
    case 'judge':
      return rooms.judge(session.eventId, session.judgeId);
    case 'screen':
      return rooms.screens(session.eventId);
    case 'control':
      return rooms.control(session.eventId);
    case 'signer':
      return rooms.signer(session.eventId, session.signerId);
  }
}

function viewFor(state: EventState, session: LiveSession): LiveView {
  switch (session.role) {
    case 'judge':
      return judgeView(state, session.judgeId);
    case 'screen':
      return screenView(state);
    case 'control':
      return controlView(state, screenView(state));
    case 'signer':
      return signerView(state, session.signerId);
  }
}

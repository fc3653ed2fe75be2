import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { ErrorCode } from '../contracts/errors.js';
import type { ClientToServerEvents, LiveHandshake } from '../contracts/live.js';
import { Metrics } from './metrics.js';

/** Who holds a socket: a judge's tablet, a big screen, a remote viewer, an organizer's control panel. */
export type LiveSocketRole = LiveHandshake['role'];
export type SubmissionOutcome = 'stored' | 'unchanged' | 'refused';
/** A message the client sends with an ack. */
export type AckedEvent = keyof ClientToServerEvents;
/** What the publisher encodes: a changed part of a view for a room, or a complete view. */
export type PacketKind = 'update' | 'snapshot';

const ROLES: readonly LiveSocketRole[] = ['judge', 'screen', 'viewer', 'control', 'signer'];
const OUTCOMES: readonly SubmissionOutcome[] = ['stored', 'unchanged', 'refused'];
const ACKED: readonly AckedEvent[] = ['score.submit', 'signoff.submit', 'snapshot.request', 'time.sync'];
const KINDS: readonly PacketKind[] = ['update', 'snapshot'];

/**
 * What the live channel reports to Prometheus (docs/operations.md says what is normal). Every
 * call is a few arithmetic operations: safe per message. Series of known labels start at zero,
 * so rate() has a value from the first scrape.
 */
@Injectable()
export class LiveMetrics {
  private readonly sockets: Gauge<'role'>;
  private readonly refusals: Counter<'code'>;
  private readonly submissions: Counter<'outcome'>;
  private readonly acks: Histogram<'event'>;
  private readonly behind = new Map<string, number>();
  private readonly packets: Counter<'kind'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.sockets = new Gauge({
      name: 'podium_live_sockets',
      help: 'Open live-channel sockets on this instance, by role',
      labelNames: ['role'],
      registers,
    });
    this.refusals = new Counter({
      name: 'podium_live_refusals_total',
      help: 'Live-channel handshakes refused, by error code',
      labelNames: ['code'],
      registers,
    });
    this.submissions = new Counter({
      name: 'podium_score_submissions_total',
      help: 'Score submissions answered, by outcome (stored; unchanged: a repeat of what is stored; refused)',
      labelNames: ['outcome'],
      registers,
    });
    this.acks = new Histogram({
      name: 'podium_live_ack_seconds',
      help: 'Time from a message arriving to its ack being sent, by event',
      labelNames: ['event'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const behind = this.behind;
    new Gauge({
      name: 'podium_live_versions_behind',
      help: "Versions the furthest-behind event's clients on this instance lag its newest committed state",
      registers,
      collect() {
        this.set(Math.max(0, ...behind.values()));
      },
    });
    this.packets = new Counter({
      name: 'podium_live_packets_encoded_total',
      help: 'Updates and snapshots encoded for sending (once per room or client, not per socket written to)',
      labelNames: ['kind'],
      registers,
    });
    for (const role of ROLES) this.sockets.set({ role }, 0);
    for (const outcome of OUTCOMES) this.submissions.inc({ outcome }, 0);
    for (const event of ACKED) this.acks.zero({ event });
    for (const kind of KINDS) this.packets.inc({ kind }, 0);
  }

  socketOpened(role: LiveSocketRole): void {
    this.sockets.inc({ role });
  }

  socketClosed(role: LiveSocketRole): void {
    this.sockets.dec({ role });
  }

  /** A handshake refused, with the code the client was told. */
  refused(code: ErrorCode): void {
    this.refusals.inc({ code });
  }

  submission(outcome: SubmissionOutcome): void {
    this.submissions.inc({ outcome });
  }

  /** Call when a message arrives; call what it returns when its ack is sent. */
  timeAck(event: AckedEvent): () => void {
    const end = this.acks.startTimer({ event });
    return () => void end();
  }

  /** How many versions an event's clients here lag its newest state; 0 when caught up (and forgets the event). */
  versionsBehind(eventId: string, versions: number): void {
    if (versions > 0) this.behind.set(eventId, versions);
    else this.behind.delete(eventId);
  }

  packetsEncoded(kind: PacketKind, count = 1): void {
    this.packets.inc({ kind }, count);
  }
}

import { Logger, UseFilters, UseGuards, UseInterceptors, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { forbidden, toErrorBody, unauthorized, unavailable } from '../common/api-error.js';
import { LiveMetrics, type LiveSocketRole } from '../observability/live-metrics.js';
import { Readiness } from '../observability/readiness.js';
import { Logs } from '../observability/logs.js';
import { createValidationPipe } from '../common/validation.pipe.js';
import { BallotTallies } from '../ballots/ballot-tallies.service.js';
import { ScoresService } from '../scores/scores.service.js';
import { SubmitScoreDto } from '../scores/submit-score.dto.js';
import { SubmitSignoffDto } from '../signoffs/dto/submit-signoff.dto.js';
import { SignoffsService } from '../signoffs/signoffs.service.js';
import { EventChanges } from '../state/event-changes.service.js';
import { LiveAuthService, type LiveSession } from './live-auth.service.js';
import type { ErrorCode } from '../contracts/errors.js';
import type { ClientToServerEvents, LiveAck, LiveUpdate, ScoreReceipt, ServerToClientEvents, SignoffView } from '../contracts/live.js';
import { LiveAdmission } from './live-admission.service.js';
import type { LiveSocketData } from './live-socket-data.js';
import { AppConfig } from '../config/app-config.js';
import { clientAddress } from '../common/client-address.js';
import { LivePublisher, type LiveServer } from './live-publisher.service.js';
import { LiveAuditInterceptor } from './live-audit.interceptor.js';
import { LiveExceptionFilter } from './live-exception.filter.js';
import { LiveRateGuard } from './live-rate.guard.js';
import { rooms } from './live-rooms.js';
import { ClusterLink } from './cluster-link.service.js';
import type { EventState } from '../state/event-state.js';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

/**
 * The live channel. Clients authenticate in the handshake (a refused handshake gets a
 * `connect_error` saying why), join their event's rooms, and receive a snapshot at once.
 * Nothing here may throw past socket.io: a database outage refuses that one connection or
 * message with the retriable `database_unavailable`, and the server carries on.
 */
@WebSocketGateway({ maxHttpBufferSize: 64 * 1024, pingInterval: 5_000, pingTimeout: 5_000 })
@UseFilters(LiveExceptionFilter)
@UseInterceptors(LiveAuditInterceptor)
@UseGuards(LiveRateGuard)
@UsePipes(createValidationPipe())
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);
  private server!: LiveServer;

  constructor(
    private readonly config: AppConfig,
    private readonly auth: LiveAuthService,
    private readonly admission: LiveAdmission,
    private readonly changes: EventChanges,
    private readonly publisher: LivePublisher,
    private readonly scores: ScoresService,
    private readonly signoffs: SignoffsService,
    private readonly tallies: BallotTallies,
    private readonly cluster: ClusterLink,
    private readonly metrics: LiveMetrics,
    private readonly readiness: Readiness,
    private readonly logs: Logs,
  ) {}

  afterInit(server: LiveServer): void {
    this.server = server;
    this.publisher.attach(server);
    this.cluster.attach(server);
    server.use((socket, next) => {
      this.admit(socket as LiveSocket).then(
        () => next(),
        (error: unknown) => {
          const body = toErrorBody(error);
          this.metrics.refused(body.code);
          next(Object.assign(new Error(body.message), { data: body }));
        },
      );
    });
  }

  /** The handshake: throttled per address, then who is it; a screen also needs a free place. */
  private async admit(socket: LiveSocket): Promise<void> {
    const address = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], this.config.PODIUM_TRUST_PROXY);
    socket.data.address = address;
    const auth = socket.handshake.auth as Record<string, unknown>;
    const publicView = auth.role === 'screen' || auth.role === 'viewer';
    await this.admission.handshake(address, publicView);
    // One of several instances that lost its database or Redis takes no new screens or viewers:
    // they connect again in a few seconds, and the load balancer sends them to another. Alone, it
    // serves them from memory as long as it can.
    if (publicView && this.cluster.clustered && !this.readiness.isReady() && !(await this.readiness.check()).ready) {
      throw unavailable('server_busy', 'this server cannot take new screens right now; connecting again in a few seconds');
    }
    // A screen whose code is known needs no database; the others' look-ups share the screens' slots.
    const session = publicView
      ? (this.auth.knownScreen(auth) ?? (await this.admission.screenDatabaseWork(() => this.auth.authenticate(auth))))
      : await this.auth.authenticate(auth);
    if (session.role === 'screen') {
      const slot = { address, eventId: session.eventId };
      this.admission.admitScreen(slot);
      // Given back once, whichever comes first: the socket's disconnect, or its transport closing
      // before the connection was complete (socket.io then never emits a disconnect).
      let held = true;
      const release = () => {
        if (held) this.admission.releaseScreen(slot);
        held = false;
      };
      socket.once('disconnect', release);
      socket.conn.once('close', release);
      // Closed while the handshake waited (for the database, say): no close event will come any more.
      if (socket.conn.readyState !== 'open') release();
      socket.data.screenSlot = slot;
    }
    socket.data.session = session;
  }

  /** After the snapshot, the poll's tally as of now (the snapshot's may be older): a failure here costs only that. */
  private async sendTally(socket: LiveSocket, session: LiveSession): Promise<void> {
    try {
      const tally = await this.tallies.current(session.eventId);
      if (tally && socket.connected) this.publisher.sendTally(socket.id, session, tally);
    } catch (error) {
      this.logger.warn(`could not send the ballot tally: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const session = socket.data.session;
    this.metrics.socketOpened(roleOf(session));
    try {
      await socket.join(roomsOf(session));
      // A link revoked between the handshake and joining the rooms missed its disconnect: check again.
      if (!(await this.auth.stillValid(session))) return this.endSession(socket);
      this.publisher.sendSnapshot(socket.id, await this.current(socket), session);
      if (session.role === 'screen' || session.role === 'control') void this.sendTally(socket, session);
      if (session.role === 'judge') await this.announcePresence(session.eventId);
      if (session.role === 'control') {
        socket.emit('presence', { online: await this.onlineJudges(session.eventId) });
        this.endAtExpiry(socket, session.expiresAt);
      }
    } catch (error) {
      // Told why, then disconnected: the client connects again by itself a little later.
      const body = toErrorBody(error);
      this.logs
        .forConnection(socket.id, { role: roleOf(session), event: session.eventId, code: body.code })
        .warn(`could not welcome a ${roleOf(session)}: ${error instanceof Error ? error.message : String(error)}`);
      socket.emit('exception', body);
      socket.disconnect(true);
    }
  }

  async handleDisconnect(socket: LiveSocket): Promise<void> {
    const session = socket.data.session;
    if (session) this.metrics.socketClosed(roleOf(session));
    try {
      if (session?.role === 'judge') await this.announcePresence(session.eventId);
    } catch (error) {
      this.logs
        .forConnection(socket.id, { role: 'judge', event: session.eventId })
        .warn(`could not announce presence: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  @SubscribeMessage('score.submit')
  async submitScore(@ConnectedSocket() socket: LiveSocket, @MessageBody() dto: SubmitScoreDto): Promise<LiveAck<ScoreReceipt>> {
    const session = socket.data.session;
    if (session.role !== 'judge') throw forbidden('judges_only', 'only a judge can submit scores');
    return { ok: true, data: await this.scores.submit(session, dto) };
  }

  @SubscribeMessage('signoff.submit')
  async submitSignoff(@ConnectedSocket() socket: LiveSocket, @MessageBody() dto: SubmitSignoffDto): Promise<LiveAck<SignoffView>> {
    const session = socket.data.session;
    if (session.role !== 'signer') throw forbidden('signers_only', 'only a 计分员, 复核员 or 监督员 with a sign-off link can sign off');
    return { ok: true, data: await this.signoffs.submit(session, dto) };
  }

  @SubscribeMessage('snapshot.request')
  async requestSnapshot(@ConnectedSocket() socket: LiveSocket): Promise<LiveAck<LiveUpdate>> {
    if (socket.data.screenSlot) this.admission.screenSnapshot(socket.data.screenSlot);
    if (!(await this.auth.stillValid(socket.data.session))) {
      this.endSession(socket);
      throw unauthorized('this session has ended; open your link again or sign in again', 'session_ended');
    }
    return { ok: true, data: await this.snapshot(socket) };
  }

  @SubscribeMessage('time.sync')
  timeSync(): LiveAck<{ serverTime: string }> {
    return { ok: true, data: { serverTime: new Date().toISOString() } };
  }

  /** A control panel ends with its organizer's sign-in, not only when it next asks for something. */
  private endAtExpiry(socket: LiveSocket, expiresAt: Date): void {
    // setTimeout holds at most about 24 days; a longer sign-in is checked again then.
    const timer = setTimeout(
      () => {
        if (Date.now() >= expiresAt.getTime()) this.endSession(socket, 'session_expired', 'your sign-in has expired; sign in again');
        else this.endAtExpiry(socket, expiresAt);
      },
      Math.min(Math.max(0, expiresAt.getTime() - Date.now()), 2 ** 31 - 1),
    );
    socket.once('disconnect', () => clearTimeout(timer));
  }

  private endSession(socket: LiveSocket, code: ErrorCode = 'session_ended', message = 'this link or sign-in is no longer valid'): void {
    socket.emit('session.ended', { statusCode: 401, code, message });
    socket.disconnect(true);
  }

  /**
   * The event's current state, from memory; a screen that finds none loads it within the screens'
   * share of the pool. With several instances, memory is first checked against the database's
   * version, so that no client is served a version older than one another instance committed.
   */
  private current(socket: LiveSocket): Promise<EventState> {
    const { eventId } = socket.data.session;
    const gate = socket.data.screenSlot ? (load: () => Promise<EventState>) => this.admission.screenDatabaseWork(load) : undefined;
    return this.cluster.clustered ? this.changes.currentFresh(eventId, gate) : this.changes.current(eventId, gate);
  }

  private async snapshot(socket: LiveSocket): Promise<LiveUpdate> {
    return this.publisher.snapshot(await this.current(socket), socket.data.session);
  }

  /** The judges with a tablet connected to any instance (to this one alone, should another not answer in time). */
  private async onlineJudges(eventId: string): Promise<string[]> {
    const room = rooms.judges(eventId);
    const sockets = await this.server
      .in(room)
      .fetchSockets()
      .catch((error: unknown) => {
        this.logger.warn(`judges' presence from this instance only: ${error instanceof Error ? error.message : String(error)}`);
        return this.server.local.in(room).fetchSockets();
      });
    return [
      ...new Set(sockets.map((s) => (s.data as { session: LiveSession }).session).flatMap((s) => (s.role === 'judge' ? [s.judgeId] : []))),
    ];
  }

  private async announcePresence(eventId: string): Promise<void> {
    this.server.to(rooms.control(eventId)).emit('presence', { online: await this.onlineJudges(eventId) });
  }
}

/** The role a socket is counted under: a remote viewer apart from the big screens. */
function roleOf(session: LiveSession): LiveSocketRole {
  return session.role === 'screen' && session.viewer ? 'viewer' : session.role;
}

function roomsOf(session: LiveSession): string[] {
  switch (session.role) {
    case 'judge':
      return [rooms.judges(session.eventId), rooms.judge(session.eventId, session.judgeId)];
    case 'screen':
      return [rooms.screens(session.eventId)];
    case 'control':
      return [rooms.control(session.eventId), rooms.signIn(session.tokenHash), rooms.organizer(session.organizerId)];
    case 'signer':
      return [rooms.signers(session.eventId), rooms.signer(session.eventId, session.signerId)];
  }
}

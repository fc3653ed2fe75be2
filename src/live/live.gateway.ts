import { Logger, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
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
import { forbidden, toErrorBody, unauthorized } from '../common/api-error.js';
import { createValidationPipe } from '../common/validation.pipe.js';
import { ScoresService } from '../scores/scores.service.js';
import { SubmitScoreDto } from '../scores/submit-score.dto.js';
import { EventChanges } from './event-changes.service.js';
import { LiveAuthService, type LiveSession } from './live-auth.service.js';
import type { ClientToServerEvents, LiveAck, LiveUpdate, LiveView, ScoreReceipt, ServerToClientEvents } from './live-events.js';
import { LivePublisher, type LiveServer, update } from './live-publisher.service.js';
import { LiveExceptionFilter } from './live-exception.filter.js';
import { LiveRateGuard } from './live-rate.guard.js';
import { rooms } from './live-rooms.js';
import { controlView, judgeView, screenView } from './views.js';
import type { EventState } from './event-state.js';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { session: LiveSession }>;

/**
 * The live channel. Clients authenticate in the handshake (a refused handshake gets a
 * `connect_error` saying why), join their event's rooms, and receive a snapshot at once.
 */
@WebSocketGateway({ maxHttpBufferSize: 64 * 1024, pingInterval: 5_000, pingTimeout: 5_000 })
@UseFilters(LiveExceptionFilter)
@UseGuards(LiveRateGuard)
@UsePipes(createValidationPipe())
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);
  private server!: LiveServer;

  constructor(
    private readonly auth: LiveAuthService,
    private readonly changes: EventChanges,
    private readonly publisher: LivePublisher,
    private readonly scores: ScoresService,
  ) {}

  afterInit(server: LiveServer): void {
    this.server = server;
    this.publisher.attach(server);
    server.use((socket, next) => {
      this.auth.authenticate(socket.handshake.auth as Record<string, unknown>).then(
        (session) => {
          (socket as LiveSocket).data.session = session;
          next();
        },
        (error: unknown) => {
          const body = toErrorBody(error);
          next(Object.assign(new Error(body.message), { data: body }));
        },
      );
    });
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const session = socket.data.session;
    await socket.join(roomsOf(session));
    // A link revoked between the handshake and joining the rooms missed its disconnect: check again.
    if (!(await this.auth.stillValid(session))) return this.endSession(socket);
    try {
      socket.emit('snapshot', await this.snapshot(session));
    } catch (error) {
      this.logger.warn(`snapshot failed for a ${session.role}: ${error instanceof Error ? error.message : String(error)}`);
      socket.disconnect(true);
      return;
    }
    if (session.role === 'judge') await this.announcePresence(session.eventId);
    if (session.role === 'control') socket.emit('presence', { online: await this.onlineJudges(session.eventId) });
  }

  async handleDisconnect(socket: LiveSocket): Promise<void> {
    const session = socket.data.session;
    if (session?.role === 'judge') await this.announcePresence(session.eventId);
  }

  @SubscribeMessage('score.submit')
  async submitScore(@ConnectedSocket() socket: LiveSocket, @MessageBody() dto: SubmitScoreDto): Promise<LiveAck<ScoreReceipt>> {
    const session = socket.data.session;
    if (session.role !== 'judge') throw forbidden('judges_only', 'only a judge can submit scores');
    return { ok: true, data: await this.scores.submit(session, dto) };
  }

  @SubscribeMessage('snapshot.request')
  async requestSnapshot(@ConnectedSocket() socket: LiveSocket): Promise<LiveAck<LiveUpdate>> {
    if (!(await this.auth.stillValid(socket.data.session))) {
      this.endSession(socket);
      throw unauthorized('this session has ended; open your link again or sign in again', 'session_ended');
    }
    return { ok: true, data: await this.snapshot(socket.data.session) };
  }

  @SubscribeMessage('time.sync')
  timeSync(): LiveAck<{ serverTime: string }> {
    return { ok: true, data: { serverTime: new Date().toISOString() } };
  }

  private endSession(socket: LiveSocket): void {
    socket.emit('session.ended', { statusCode: 401, code: 'session_ended', message: 'this link or sign-in is no longer valid' });
    socket.disconnect(true);
  }

  private async snapshot(session: LiveSession): Promise<LiveUpdate> {
    const state = await this.changes.read(session.eventId);
    return update(state, 'snapshot', viewFor(state, session));
  }

  private async onlineJudges(eventId: string): Promise<string[]> {
    const sockets = await this.server.in(rooms.judges(eventId)).fetchSockets();
    return [...new Set(sockets.map((s) => (s.data as { session: LiveSession }).session).flatMap((s) => (s.role === 'judge' ? [s.judgeId] : [])))];
  }

  private async announcePresence(eventId: string): Promise<void> {
    this.server.to(rooms.control(eventId)).emit('presence', { online: await this.onlineJudges(eventId) });
  }
}

function roomsOf(session: LiveSession): string[] {
  switch (session.role) {
    case 'judge':
      return [rooms.judges(session.eventId), rooms.judge(session.eventId, session.judgeId)];
    case 'screen':
      return [rooms.screens(session.eventId)];
    case 'control':
      return [rooms.control(session.eventId)];
  }
}

function viewFor(state: EventState, session: LiveSession): LiveView {
  switch (session.role) {
    case 'judge':
      return judgeView(state, session.judgeId);
    case 'screen':
      return screenView(state);
    case 'control':
      return controlView(state);
  }
}

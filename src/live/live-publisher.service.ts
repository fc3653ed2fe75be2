import { Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { EventState } from './event-state.js';
import type { ClientToServerEvents, LiveCause, LiveUpdate, LiveView, ScreenView, ServerToClientEvents } from './live-events.js';
import { rooms } from './live-rooms.js';
import { controlView, judgeView, screenView } from './views.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** Pushes each committed change of an event to every client of that event, as its role may see it. */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger(LivePublisher.name);
  private server: LiveServer | null = null;
  private readonly publicViews = new WeakMap<EventState, ScreenView>();

  /** Called by the gateway once socket.io is up. */
  attach(server: LiveServer): void {
    this.server = server;
  }

  get io(): LiveServer | null {
    return this.server;
  }

  /** Tells a judge's open tablets why their session ends, then disconnects them. */
  endJudgeSessions(eventId: string, judgeId: string, code: string, message: string): void {
    const room = rooms.judge(eventId, judgeId);
    this.server?.to(room).emit('session.ended', { statusCode: 401, code, message });
    this.server?.in(room).disconnectSockets(true);
  }

  /**
   * Tells the control panels opened with one organizer session (signed out) or with any session of
   * one account (disabled) why they end, then disconnects them.
   */
  async endControlSessions(which: { tokenHash: string } | { organizerId: string }, code: string, message: string): Promise<void> {
    const sockets = (await this.server?.fetchSockets()) ?? [];
    for (const socket of sockets) {
      const session = (socket.data as { session?: { role: string; tokenHash?: string; organizerId?: string } }).session;
      if (session?.role !== 'control') continue;
      if ('tokenHash' in which ? session.tokenHash === which.tokenHash : session.organizerId === which.organizerId) {
        socket.emit('session.ended', { statusCode: 401, code, message });
        socket.disconnect(true);
      }
    }
  }

  /** The public view of a state, computed once per version and shared by every role's view and every snapshot. */
  publicView(state: EventState): ScreenView {
    let view = this.publicViews.get(state);
    if (!view) {
      view = screenView(state);
      this.publicViews.set(state, view);
    }
    return view;
  }

  publish(state: EventState, cause: LiveCause): void {
    const server = this.server;
    if (!server) return;
    const eventId = state.event.id;
    const send = (room: string, view: LiveView) => server.to(room).emit('update', update(state, cause, view));
    try {
      const publicView = this.publicView(state);
      send(rooms.screens(eventId), publicView);
      send(rooms.control(eventId), controlView(state, publicView));
      // Only judges with a tablet connected here: the others get a snapshot when they connect.
      const connected = server.sockets.adapter.rooms;
      for (const judge of state.judges) {
        const room = rooms.judge(eventId, judge.id);
        if (connected.has(room)) send(room, judgeView(state, judge.id, publicView));
      }
    } catch (error) {
      // The change is committed already; clients that miss this update resync on the next one.
      this.logger.error(
        `could not publish version ${state.event.version} of event ${eventId}`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}

export function update(state: EventState, cause: LiveCause, view: LiveView): LiveUpdate {
  return { version: state.event.version, cause, serverTime: new Date().toISOString(), view };
}

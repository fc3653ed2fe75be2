import { Injectable } from '@nestjs/common';
import type { ErrorCode } from '../contracts/errors.js';
import type { LiveCause } from '../contracts/live.js';
import type { EventState } from './event-state.js';

/** Whose control panels end: one sign-in (signed out) or every sign-in of one account (disabled). */
export type ControlSessions = { tokenHash: string } | { organizerId: string };

/** What the live edge listens to: committed changes, and sessions the domain ends. */
export interface ChangeListener {
  committed(state: EventState, cause: LiveCause): void;
  judgeSessionsEnded(eventId: string, judgeId: string, code: ErrorCode, message: string): void;
  controlSessionsEnded(which: ControlSessions, code: ErrorCode, message: string): Promise<void>;
}

/**
 * The one way news leaves the state and the domain: the change path announces each committed
 * state, and the domain services announce sessions they end (a judge link revoked, an organizer
 * signed out or disabled). The live edge (LivePublisher) subscribes; nothing below it imports it.
 */
@Injectable()
export class ChangeFeed {
  private readonly listeners: ChangeListener[] = [];

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  committed(state: EventState, cause: LiveCause): void {
    for (const listener of this.listeners) listener.committed(state, cause);
  }

  judgeSessionsEnded(eventId: string, judgeId: string, code: ErrorCode, message: string): void {
    for (const listener of this.listeners) listener.judgeSessionsEnded(eventId, judgeId, code, message);
  }

  async controlSessionsEnded(which: ControlSessions, code: ErrorCode, message: string): Promise<void> {
    await Promise.all(this.listeners.map((listener) => listener.controlSessionsEnded(which, code, message)));
  }
}

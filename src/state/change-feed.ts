import { Injectable } from '@nestjs/common';
import type { ErrorCode } from '../contracts/errors.js';
import type { LiveCause } from '../contracts/live.js';
import type { BallotScreenView } from '../contracts/ballots.js';
import type { EventState, LatestRevision } from './event-state.js';

/** Whose control panels end: one sign-in (signed out) or every sign-in of one account (disabled). */
export type ControlSessions = { tokenHash: string } | { organizerId: string };

/**
 * How a version was made, by the instance that committed it, for the others to follow: the judges'
 * new latest revisions it consists of (derived from the version before), or null when it must be
 * read again (any other change).
 */
export interface CommitNote {
  eventId: string;
  version: number;
  cause: LiveCause;
  revisions: LatestRevision[] | null;
}

/** What a listener to committed changes implements (the live edge; a domain service that follows published results). */
export interface CommitListener {
  /** `note`: set when this instance committed the change; null when it followed another's or read a newer version. */
  committed(state: EventState, cause: LiveCause, note: CommitNote | null): void;
}

/** What the live edge listens to: committed changes, and sessions the domain ends. */
export interface ChangeListener extends CommitListener {
  judgeSessionsEnded(eventId: string, judgeId: string, code: ErrorCode, message: string): void;
  signerSessionsEnded(eventId: string, signerId: string, code: ErrorCode, message: string): void;
  controlSessionsEnded(which: ControlSessions, code: ErrorCode, message: string): Promise<void>;
  /** The turnout (and, when shown, result) of the poll on an event's screens, to its screens, viewers and control panels on every instance. */
  ballotTally(eventId: string, tally: BallotScreenView): void;
}

const endsSessions = (listener: CommitListener): listener is ChangeListener => 'judgeSessionsEnded' in listener;

/**
 * The one way news leaves the state and the domain: the change path announces each committed
 * state, and the domain services announce sessions they end (a judge's or a signer's link revoked, an organizer
 * signed out or disabled). The live edge (LivePublisher) subscribes; nothing below it imports it.
 */
@Injectable()
export class ChangeFeed {
  private readonly listeners: CommitListener[] = [];

  subscribe(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  committed(state: EventState, cause: LiveCause, note: CommitNote | null): void {
    for (const listener of this.listeners) listener.committed(state, cause, note);
  }

  judgeSessionsEnded(eventId: string, judgeId: string, code: ErrorCode, message: string): void {
    for (const listener of this.listeners.filter(endsSessions)) listener.judgeSessionsEnded(eventId, judgeId, code, message);
  }

  signerSessionsEnded(eventId: string, signerId: string, code: ErrorCode, message: string): void {
    for (const listener of this.listeners.filter(endsSessions)) listener.signerSessionsEnded(eventId, signerId, code, message);
  }

  ballotTally(eventId: string, tally: BallotScreenView): void {
    for (const listener of this.listeners.filter(endsSessions)) listener.ballotTally(eventId, tally);
  }

  async controlSessionsEnded(which: ControlSessions, code: ErrorCode, message: string): Promise<void> {
    await Promise.all(this.listeners.filter(endsSessions).map((listener) => listener.controlSessionsEnded(which, code, message)));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { Repository } from 'typeorm';
import { unauthorized } from '../common/api-error.js';
import { hashSecret } from '../common/secret-token.js';
import { Judge } from '../model/judge.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { ContestEvent } from '../model/event.entity.js';
import { JudgesService } from '../judges/judges.service.js';
import { AuthService } from '../organizers/auth.service.js';
import type { JudgeSession } from '../scores/scores.service.js';
import { SignoffsService } from '../signoffs/signoffs.service.js';
import type { SignerSession } from '../signoffs/signer-operations.js';

export type LiveSession =
  | ({ role: 'judge' } & JudgeSession)
  /** `viewer`: a remote viewer (`/live/<code>`) rather than a big screen; both see the public view. */
  | { role: 'screen'; eventId: string; viewer: boolean }
  /** `expiresAt`: when the organizer's sign-in ends, and with it the control channel. */
  | { role: 'control'; eventId: string; organizerId: string; tokenHash: string; expiresAt: Date }
  /** A 计分员, 复核员 or 监督员, by their secret link. */
  | ({ role: 'signer' } & SignerSession);

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;

/** Who is on the other end of a socket, decided once at the handshake. */
/** Screen codes kept in memory: far more than the events one server runs at a time. */
const KEPT_CODES = 10_000;

@Injectable()
export class LiveAuthService {
  /** Public screen codes seen, with their event (most recently added last). */
  private readonly eventsByCode = new Map<string, string>();

  constructor(
    private readonly judges: JudgesService,
    private readonly signoffs: SignoffsService,
    private readonly organizers: AuthService,
    private readonly access: EventAccess,
    @InjectRepository(ContestEvent) private readonly events: Repository<ContestEvent>,
    @InjectRepository(Judge) private readonly judgeRows: Repository<Judge>,
  ) {}

  /**
   * Whether a session established at the handshake still holds: a judge link can be revoked and
   * an organizer can sign out after the socket connected.
   */
  async stillValid(session: LiveSession): Promise<boolean> {
    if (session.role === 'judge') return this.judgeRows.existsBy({ id: session.judgeId, linkHash: session.linkHash });
    if (session.role === 'control') return (await this.organizers.authenticateHash(session.tokenHash)) !== null;
    if (session.role === 'signer') return this.signoffs.stillValid(session);
    return true;
  }

  async authenticate(auth: Record<string, unknown>): Promise<LiveSession> {
    switch (auth.role) {
      case 'judge': {
        const token = text(auth.token, 200);
        const judge = token ? await this.judges.findByLink(token) : null;
        if (!judge || !judge.linkHash) {
          const retired = token ? await this.judges.whyRetired(token) : null;
          if (retired === 'reissued')
            throw unauthorized('this link has been replaced by a new one; ask the organizer for the new link', 'link_reissued');
          if (retired === 'revoked') throw unauthorized('the organizer has revoked this judge link', 'link_revoked');
          throw unauthorized('this judge link is not valid or has been revoked; ask the organizer for a new one', 'judge_link_invalid');
        }
        return { role: 'judge', eventId: judge.eventId, judgeId: judge.id, linkHash: judge.linkHash };
      }
      case 'signer': {
        const token = text(auth.token, 200);
        const signer = token ? await this.signoffs.findByLink(token) : null;
        if (!signer?.linkHash)
          throw unauthorized('this sign-off link is not valid or has been revoked; ask the organizer for a new one', 'signer_link_invalid');
        return { role: 'signer', eventId: signer.eventId, signerId: signer.id, linkHash: signer.linkHash };
      }
      case 'screen':
      case 'viewer': {
        const code = text(auth.code, 16)?.toUpperCase();
        const eventId = code ? await this.eventOfCode(code) : null;
        if (!eventId) throw unauthorized('no event has this screen code', 'screen_code_unknown');
        return { role: 'screen', eventId, viewer: auth.role === 'viewer' };
      }
      case 'control': {
        const token = text(auth.token, 200);
        const eventId = text(auth.eventId, 36);
        const tokenHash = token ? hashSecret(token) : null;
        const signIn = tokenHash ? await this.organizers.sessionOf(tokenHash) : null;
        if (!signIn || !tokenHash)
          throw unauthorized('sign in again: the organizer token is missing, expired or not valid', 'session_expired');
        if (!eventId || !isUUID(eventId)) throw unauthorized('the control channel needs the id of the event to run', 'event_id_missing');
        await this.access.manage(signIn.organizer, eventId);
        return { role: 'control', eventId, organizerId: signIn.organizer.id, tokenHash, expiresAt: signIn.expiresAt };
      }
      default:
        throw unauthorized(
          'say who you are in the handshake: role "judge" or "signer" with a token, "screen" or "viewer" with a code, or "control" with a token and an eventId',
          'role_missing',
        );
    }
  }

  /** A screen whose code was seen before: its session from memory, else null. */
  knownScreen(auth: Record<string, unknown>): LiveSession | null {
    const eventId = this.eventsByCode.get(text(auth.code, 16)?.toUpperCase() ?? '');
    return eventId ? { role: 'screen', eventId, viewer: auth.role === 'viewer' } : null;
  }

  /**
   * The event a public screen code opens. A code never changes and an event is never deleted, so a
   * code found once is answered from memory: a hall of screens reconnecting costs no query each.
   */
  private async eventOfCode(code: string): Promise<string | null> {
    const known = this.eventsByCode.get(code);
    if (known) return known;
    const event = await this.events.findOne({ where: { publicCode: code }, select: { id: true } });
    if (!event) return null;
    this.eventsByCode.set(code, event.id);
    if (this.eventsByCode.size > KEPT_CODES) this.eventsByCode.delete(this.eventsByCode.keys().next().value!);
    return event.id;
  }
}

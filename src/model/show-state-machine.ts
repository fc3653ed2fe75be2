/**
 * The run of a show as pure rules: which organizer command may move which state. The service
 * loads the current states, asks here, and refuses with the returned problem.
 */
import { ACTIVE_STATES, type PresentationState, type RoundStatus, type SignoffRole } from '../contracts/enums.js';

export { ACTIVE_STATES, CONCLUDED_STATES, PRESENTATION_STATES, type PresentationState, type RoundStatus } from '../contracts/enums.js';

export type PresentationCommand = 'stage' | 'open_scoring' | 'close_scoring' | 'reopen_scoring' | 'reveal' | 'close_no_result';
export type RoundCommand = 'start_round' | 'finish_round';

const PRESENTATION_MOVES: Record<PresentationCommand, { from: readonly PresentationState[]; to: PresentationState }> = {
  stage: { from: ['pending'], to: 'on_stage' },
  open_scoring: { from: ['on_stage'], to: 'scoring_open' },
  close_scoring: { from: ['scoring_open'], to: 'scoring_closed' },
  // Also a talk closed with no result by mistake, while its round is live.
  reopen_scoring: { from: ['scoring_closed', 'no_result'], to: 'scoring_open' },
  reveal: { from: ['scoring_closed'], to: 'revealed' },
  // Whenever the talk is in front of the hall: a presenter who cannot speak, a panel all recused.
  close_no_result: { from: ACTIVE_STATES, to: 'no_result' },
};

export interface ShowProblem {
  code:
    | 'event_locked'
    | 'illegal_transition'
    | 'round_not_live'
    | 'another_round_live'
    | 'another_presentation_active'
    | 'round_unfinished'
    | 'signoffs_missing'
    | 'signoff_objection';
  message: string;
  /** For a reveal waiting for sign-offs: the roles it waits for. */
  roles?: SignoffRole[];
}

export interface PresentationContext {
  eventLocked: boolean;
  state: PresentationState;
  roundStatus: RoundStatus;
  /** Another presentation of the event that is on stage or being scored, if any. */
  otherActive: { id: string } | null;
  /**
   * For a reveal: the sign-offs it waits for on the talk's current scores (see signoffStanding):
   * required roles with no word yet, and those whose word is an objection.
   */
  signoffs?: { missing: readonly SignoffRole[]; objecting: readonly SignoffRole[] };
}

export function movePresentation(command: PresentationCommand, ctx: PresentationContext): PresentationState | ShowProblem {
  if (ctx.eventLocked) return { code: 'event_locked', message: 'the event is locked; nothing can change any more' };
  if (ctx.roundStatus !== 'live')
    return { code: 'round_not_live', message: `the round is ${ctx.roundStatus}, not live; start the round first` };
  const move = PRESENTATION_MOVES[command];
  if (!move.from.includes(ctx.state)) {
    const from = move.from.map((s) => s.replaceAll('_', ' ')).join(' or ');
    return {
      code: 'illegal_transition',
      message: `cannot ${command.replaceAll('_', ' ')} a presentation that is ${ctx.state.replaceAll('_', ' ')}; it must be ${from}`,
    };
  }
  if ((command === 'stage' || ctx.state === 'no_result') && ctx.otherActive) {
    return { code: 'another_presentation_active', message: 'another presentation is still on stage or being scored; reveal it first' };
  }
  if (command === 'reveal' && ctx.signoffs) {
    const { missing, objecting } = ctx.signoffs;
    if (objecting.length > 0)
      return {
        code: 'signoff_objection',
        message: `an objection to these scores stands (${objecting.join(', ')}); settle it, then that role confirms again`,
        roles: [...objecting],
      };
    if (missing.length > 0)
      return {
        code: 'signoffs_missing',
        message: `the reveal waits for the sign-off of: ${missing.join(', ')}`,
        roles: [...missing],
      };
  }
  return move.to;
}

export interface RoundContext {
  eventLocked: boolean;
  status: RoundStatus;
  /** Another round of the event that is live, if any. */
  otherLive: { id: string } | null;
  /** States of the round's presentations. */
  presentationStates: readonly PresentationState[];
}

export function moveRound(command: RoundCommand, ctx: RoundContext): RoundStatus | ShowProblem {
  if (ctx.eventLocked) return { code: 'event_locked', message: 'the event is locked; nothing can change any more' };
  if (command === 'start_round') {
    if (ctx.status !== 'pending') return { code: 'illegal_transition', message: `cannot start a round that is ${ctx.status}` };
    if (ctx.otherLive) return { code: 'another_round_live', message: 'another round is live; finish it first' };
    return 'live';
  }
  if (ctx.status !== 'live') return { code: 'illegal_transition', message: `cannot finish a round that is ${ctx.status}` };
  if (ctx.presentationStates.some((s) => ACTIVE_STATES.includes(s))) {
    return { code: 'round_unfinished', message: 'a presentation of this round is still on stage or being scored' };
  }
  return 'done';
}

export function isShowProblem(value: unknown): value is ShowProblem {
  return typeof value === 'object' && value !== null && 'code' in value;
}

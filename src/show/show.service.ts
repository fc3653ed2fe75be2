import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Not, Repository } from 'typeorm';
import { ApiError, badRequest, conflict } from '../common/api-error.js';
import { AppConfig } from '../config/app-config.js';
import type { ViewerLinkDto } from '../contracts/rest.js';
import { ContestEvent, type ScreenMode } from '../model/event.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { EventChanges } from '../state/event-changes.service.js';
import { loadEventState } from '../state/event-state.loader.js';
import { currentScores, eligibleJudges } from '../state/round-results.js';
import { talkSignoffs } from '../state/signoffs.js';
import type { LiveCause } from '../contracts/live.js';
import type { Organizer } from '../model/organizer.entity.js';
import { Poll } from '../model/poll.entity.js';
import { Presentation } from '../model/presentation.entity.js';
import { Round } from '../model/round.entity.js';
import {
  ACTIVE_STATES,
  isShowProblem,
  movePresentation,
  moveRound,
  type PresentationCommand,
  type RoundCommand,
  type ShowProblem,
} from '../model/show-state-machine.js';
import { findInEvent } from '../model/event-owned.entity.js';

export interface ShowStateDto {
  version: number;
  presentation?: { id: string; state: Presentation['state'] };
  round?: { id: string; status: Round['status'] };
  locked?: boolean;
}

const STAMP: Partial<Record<PresentationCommand, keyof Presentation>> = {
  stage: 'onStageAt',
  open_scoring: 'scoringOpenedAt',
  close_scoring: 'scoringClosedAt',
  reveal: 'revealedAt',
  close_no_result: 'noResultAt',
};

/** Closing with no result records the reason; reopening such a talk clears it (the audit log keeps it). */
const NO_RESULT_FIELDS: Partial<Record<PresentationCommand, (reason?: string) => Partial<Presentation>>> = {
  close_no_result: (reason) => ({ noResultReason: reason }),
  reopen_scoring: () => ({ noResultAt: null, noResultReason: null }),
};

function refuse(problem: ShowProblem): never {
  throw new ApiError(HttpStatus.CONFLICT, problem.code, problem.message, undefined, problem.roles);
}

/** The organizer's commands that run the show; the rules themselves are in show-state-machine.ts. */
@Injectable()
export class ShowService {
  constructor(
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
    private readonly config: AppConfig,
    @InjectRepository(ContestEvent) private readonly events: Repository<ContestEvent>,
  ) {}

  /** `reason` goes with close_no_result, and only with it. */
  async movePresentation(
    actor: Organizer,
    eventId: string,
    presentationId: string,
    command: PresentationCommand,
    reason?: string,
  ): Promise<ShowStateDto> {
    await this.access.manage(actor, eventId);
    const cause: LiveCause = command === 'reveal' ? 'reveal' : 'stage';
    await this.changes.apply(eventId, cause, async (tx, event, stateAtLock) => {
      const presentation = await findInEvent(tx, Presentation, eventId, presentationId, 'presentation');
      const round = await tx.findOneByOrFail(Round, { id: presentation.roundId });
      const otherActive = await tx.findOne(Presentation, {
        where: { eventId, id: Not(presentationId), state: In([...ACTIVE_STATES]) },
        select: { id: true },
      });
      const next = movePresentation(command, {
        eventLocked: event.lockedAt !== null,
        state: presentation.state,
        roundStatus: round.status,
        otherActive,
        // A reveal waits for the sign-offs the event requires, on the talk's scores as they are now (a
        // calibration round's feedback, 试评, publishes nothing and waits for none).
        signoffs:
          command === 'reveal' && event.requiredSignoffs.length > 0 && round.kind === 'contest'
            ? talkSignoffs(await stateAtLock(), presentationId)
            : undefined,
      });
      if (isShowProblem(next)) refuse(next);
      if (command === 'reveal' && !(await this.hasEligibleScore(tx, eventId, presentationId))) {
        throw conflict(
          'no_scores',
          'no eligible judge has scored this presentation; there is nothing to reveal; close it as no result (无成绩) with a reason instead',
        );
      }
      // The audience group (大众评委) counts a talk's ballots once its poll is closed: not before.
      if (command === 'reveal' && (await tx.existsBy(Poll, { presentationId, state: 'open' })))
        throw conflict('poll_open', "the attendees' poll on this talk is still open; close it first, so that its final ballots count");
      // A talk with a score that counts is revealed, never closed without a result.
      if (command === 'close_no_result' && (await this.hasEligibleScore(tx, eventId, presentationId))) {
        throw conflict(
          'has_scores',
          'an eligible judge has scored this presentation; close scoring and reveal it (or void the scores with a reason first)',
        );
      }
      // The big screens follow the next presenter: a talk put on stage is shown, whatever board was up.
      if (command === 'stage' && (event.screenMode !== 'stage' || event.screenRoundId !== null))
        await tx.update(ContestEvent, { id: eventId }, { screenMode: 'stage', screenRoundId: null });
      // So does a reveal, and both take an attendee poll off the screens (it stays open for ballots).
      if (command === 'stage' || command === 'reveal') await tx.update(Poll, { eventId, display: Not('hidden') }, { display: 'hidden' });
      const stamp = STAMP[command];
      await tx.update(
        Presentation,
        { id: presentationId },
        { state: next, ...(stamp ? { [stamp]: new Date() } : {}), ...NO_RESULT_FIELDS[command]?.(reason) },
      );
    });
    return this.state(eventId, { presentationId });
  }

  async moveRound(actor: Organizer, eventId: string, roundId: string, command: RoundCommand): Promise<ShowStateDto> {
    await this.access.manage(actor, eventId);
    await this.changes.apply(eventId, 'stage', async (tx, event) => {
      const round = await findInEvent(tx, Round, eventId, roundId, 'round');
      const otherLive = await tx.findOne(Round, { where: { eventId, id: Not(roundId), status: 'live' }, select: { id: true } });
      const presentations = await tx.find(Presentation, { where: { roundId }, select: { state: true } });
      const next = moveRound(command, {
        eventLocked: event.lockedAt !== null,
        status: round.status,
        otherLive,
        presentationStates: presentations.map((p) => p.state),
      });
      if (isShowProblem(next)) refuse(next);
      await tx.update(Round, { id: roundId }, { status: next });
    });
    return this.state(eventId, { roundId });
  }

  /** Puts the stage, a topic's board (the current one's, or any chosen) or the overall standings on every big screen. */
  async setScreenMode(actor: Organizer, eventId: string, mode: ScreenMode, roundId?: string): Promise<ShowStateDto> {
    await this.access.manage(actor, eventId);
    if (roundId && mode !== 'round_board') throw badRequest('bad_request', 'a topic (roundId) is chosen only for the round board');
    await this.changes.apply(
      eventId,
      'stage',
      async (tx, event) => {
        if (roundId) await findInEvent(tx, Round, eventId, roundId, 'round');
        if (mode === 'red_grey_board' && !event.seriesBoard)
          throw conflict('no_series_board', 'set up the red and grey board of a series first (from the series page)');
        await tx.update(ContestEvent, { id: eventId }, { screenMode: mode, screenRoundId: roundId ?? null });
      },
      { allowLocked: true },
    );
    return this.state(eventId, {});
  }

  /** The remote viewer page of the event with this public code, on the server's public URL (public: the code is not a secret). */
  async viewerLink(code: string): Promise<ViewerLinkDto> {
    const wanted = code.trim().toUpperCase();
    const event = /^[A-Z0-9]{1,16}$/.test(wanted)
      ? await this.events.findOne({ where: { publicCode: wanted }, select: { publicCode: true } })
      : null;
    if (!event) throw new ApiError(HttpStatus.NOT_FOUND, 'screen_code_unknown', 'no event has this screen code');
    return { code: event.publicCode, url: `${this.config.publicUrl}/live/${encodeURIComponent(event.publicCode)}` };
  }

  /** Locks the event for good: no score, setup or state changes afterwards. */
  async lock(actor: Organizer, eventId: string): Promise<ShowStateDto> {
    await this.access.manage(actor, eventId);
    await this.changes.apply(eventId, 'stage', async (tx) => {
      if (await tx.existsBy(Presentation, { eventId, state: In([...ACTIVE_STATES]) })) {
        throw conflict('presentation_active', 'a talk is still on stage or being scored; reveal it before locking the event');
      }
      if (await tx.existsBy(Poll, { eventId, state: 'open' }))
        throw conflict('poll_open', 'an attendee poll (满意度测评) is still open; close it before locking the event');
      await tx.update(ContestEvent, { id: eventId }, { lockedAt: new Date() });
    });
    return this.state(eventId, {});
  }

  private async hasEligibleScore(tx: EntityManager, eventId: string, presentationId: string): Promise<boolean> {
    const state = await loadEventState(tx, eventId);
    const eligible = new Set(
      eligibleJudges(
        state,
        state.presentations.find((p) => p.id === presentationId)!,
      ).map((j) => j.id),
    );
    return currentScores(state, presentationId).some((s) => eligible.has(s.judgeId));
  }

  private async state(eventId: string, of: { presentationId?: string; roundId?: string }): Promise<ShowStateDto> {
    const state = await this.changes.read(eventId);
    const presentation = state.presentations.find((p) => p.id === of.presentationId);
    const round = state.rounds.find((r) => r.id === of.roundId);
    return {
      version: state.event.version,
      ...(presentation ? { presentation: { id: presentation.id, state: presentation.state } } : {}),
      ...(round ? { round: { id: round.id, status: round.status } } : {}),
      locked: state.event.lockedAt !== null,
    };
  }
}

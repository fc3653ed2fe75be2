import { indexOf } from '../live/event-index.js';
import type { EventState } from '../live/event-state.js';
import { computeRound, roundInput, type RoundResult } from '../scoring/index.js';
import { toDocument } from './event-document.js';

type Presentation = EventState['presentations'][number];
type Judge = EventState['judges'][number];

/** Judges who may score a presentation: everyone but those in conflict with the presenter's unit. */
export function eligibleJudges(state: EventState, presentation: Presentation): Judge[] {
  const unit = presenterOf(state, presentation).unit;
  return state.judges.filter((judge) => !judge.conflictUnits.includes(unit));
}

export function presenterOf(state: EventState, presentation: Presentation): EventState['presenters'][number] {
  const presenter = indexOf(state).presenters.get(presentation.presenterId);
  if (!presenter) throw new Error(`presentation ${presentation.id} has no presenter`);
  return presenter;
}

export function currentScores(state: EventState, presentationId: string): EventState['scores'] {
  return state.scores.filter((s) => s.presentationId === presentationId);
}

/**
 * A round's results under the event's declared rule, computed by the engine from the event's
 * document. With `revealedOnly`, as on every public screen, talks not yet revealed are left out.
 */
export function roundResult(state: EventState, roundId: string, revealedOnly: boolean): RoundResult {
  const document = toDocument(state, { revealedOnly, roundId });
  return computeRound(roundInput(document, roundId), state.event.rule, { complete: document.rounds[0].complete });
}

import type { EventState } from '../live/event-state.js';
import { aggregate, type PresentationResult, rankDescending } from '../scoring/index.js';

type Presentation = EventState['presentations'][number];
type Judge = EventState['judges'][number];

export interface PresentationOutcome {
  presentation: Presentation;
  presenter: EventState['presenters'][number];
  result: PresentationResult;
}

export interface RankedOutcome extends PresentationOutcome {
  rank: number;
}

/** Judges who may score a presentation: everyone but those in conflict with the presenter's unit. */
export function eligibleJudges(state: EventState, presentation: Presentation): Judge[] {
  const unit = presenterOf(state, presentation).unit;
  return state.judges.filter((judge) => !judge.conflictUnits.includes(unit));
}

export function presenterOf(state: EventState, presentation: Presentation): EventState['presenters'][number] {
  const presenter = state.presenters.find((p) => p.id === presentation.presenterId);
  if (!presenter) throw new Error(`presentation ${presentation.id} has no presenter`);
  return presenter;
}

export function currentScores(state: EventState, presentationId: string): EventState['scores'] {
  return state.scores.filter((s) => s.presentationId === presentationId);
}

/** The result of one presentation under the event's declared rule, from eligible judges' current scores. */
export function presentationOutcome(state: EventState, presentation: Presentation): PresentationOutcome | null {
  const eligible = new Set(eligibleJudges(state, presentation).map((j) => j.id));
  const totals = currentScores(state, presentation.id)
    .filter((s) => eligible.has(s.judgeId))
    .map((s) => ({ judgeId: s.judgeId, total: s.total }));
  const result = aggregate(totals, { method: state.event.aggregation, trimK: state.event.trimK, decimals: state.event.decimals });
  return result && { presentation, presenter: presenterOf(state, presentation), result };
}

/**
 * A round's ranking on the published (rounded) results. With `revealedOnly`, talks not yet
 * revealed are left out, as on the public screens.
 */
export function roundRanking(state: EventState, roundId: string, revealedOnly: boolean): RankedOutcome[] {
  const outcomes = state.presentations
    .filter((p) => p.roundId === roundId && (!revealedOnly || p.state === 'revealed'))
    .map((p) => presentationOutcome(state, p))
    .filter((o): o is PresentationOutcome => o !== null);
  return rankDescending(outcomes, (o) => o.result.final).map(({ item, rank }) => ({ ...item, rank }));
}

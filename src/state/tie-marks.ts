import { isDeepStrictEqual } from 'node:util';
import type { NeighbourPairs, TieMarks } from '../scoring/index.js';
import { publishedDigest } from './round-results.js';
import type { EventState } from './event-state.js';

/**
 * Whether rank honesty's `marks` (差异在评分误差内) hold for `state`: it declares rank honesty, and they
 * were computed under that declaration from exactly the results it publishes now.
 */
export function tieMarksHold(state: EventState, marks: TieMarks | null = state.event.tieMarks): marks is TieMarks {
  return (
    state.event.rankHonesty !== null &&
    marks !== null &&
    isDeepStrictEqual(marks.honesty, state.event.rankHonesty) &&
    marks.digest === publishedDigest(state)
  );
}

/** The event's stored marks where they hold, else none: a mark never outlives the figures it was computed for. */
export const currentTieMarks = (state: EventState): TieMarks | null => (tieMarksHold(state) ? state.event.tieMarks : null);

/** For each of `ids` in board order: whether it and the next one are a tied pair. */
export function tiedWithNext(ids: readonly string[], pairs: NeighbourPairs | undefined): boolean[] {
  const tied = new Set((pairs ?? []).map(([upper, lower]) => `${upper} ${lower}`));
  return ids.map((id, i) => i + 1 < ids.length && tied.has(`${id} ${ids[i + 1]}`));
}

import { deriveIndex } from './event-index.js';
import { countedScore, entryOf, type EventState, type LatestRevision } from './event-state.js';

/**
 * How a state was derived from the one before it, when that was by a judge's own score for the
 * talk being scored: the views use it to recompute only what such a score can change (see views.ts).
 */
const judgeScored = new WeakMap<EventState, { before: WeakRef<EventState>; presentationId: string; judgeId: string }>();

/** The state a judge's score was derived from, while it is still in memory (held weakly: states do not chain). */
export const judgeScoredFrom = (state: EventState) => {
  const scored = judgeScored.get(state);
  const before = scored?.before.deref();
  return scored && before ? { ...scored, before } : undefined;
};

/**
 * The state after one new latest revision of a judge's line, at `version`: nothing is read again.
 * Only that judge's line on that talk changes.
 */
export function withLatestRevision(state: EventState, row: LatestRevision, version: number): EventState {
  const { presentationId, judgeId } = row.score;
  const next: EventState = {
    ...state,
    event: { ...state.event, version },
    scores: replaceLine(state.scores, row.score, countedScore(row)),
    entries: replaceLine(state.entries, row.score, entryOf(row)),
  };
  deriveIndex(state, next, row.score);
  if (row.source === 'judge' && !row.voided) judgeScored.set(next, { before: new WeakRef(state), presentationId, judgeId });
  return next;
}

type Line = { presentationId: string; judgeId: string };

/** A talk-and-judge line compared as the database orders its uuids (their text, lowercase hex, sorts the same way). */
const compareLines = (a: Line, b: Line) =>
  a.presentationId < b.presentationId
    ? -1
    : a.presentationId > b.presentationId
      ? 1
      : a.judgeId < b.judgeId
        ? -1
        : a.judgeId > b.judgeId
          ? 1
          : 0;

/** `lines` (in the loader's order) with `at`'s line replaced by `item`, or removed when there is none: the order stays the one a fresh read gives. */
function replaceLine<T extends Line>(lines: T[], at: Line, item: T | null): T[] {
  const kept = lines.filter((line) => compareLines(line, at) !== 0);
  if (item) kept.splice(sortedIndex(kept, at), 0, item);
  return kept;
}

function sortedIndex(lines: Line[], at: Line): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareLines(lines[middle], at) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

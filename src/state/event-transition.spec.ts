import fc from 'fast-check';
import { eventStateFactory } from '../../test/factories/event-state.factory.js';
import { indexOf } from './event-index.js';
import type { EventState, LatestRevision } from './event-state.js';
import { withLatestRevision } from './event-transition.js';
import { computeScreenView, controlView, judgeView, screenView } from '../live/views.js';

// A state derived in memory (a score applied to the last one, its index and views partly reused)
// must be exactly the state a fresh read of the database gives, and show exactly the same views.

const units = ['红安县', '麻城市', '团风县'];
const seats = ['A1', 'A2', 'A3', 'B1'];
const start = eventStateFactory({
  units,
  judges: [{ seat: 'A1' }, { seat: 'A2' }, { seat: 'A3' }, { seat: 'B1', conflicts: ['团风县'] }],
  states: ['revealed', 'revealed', 'scoring_open'],
  scores: [
    { unit: '红安县', seat: 'A1', total: '80' },
    { unit: '红安县', seat: 'A2', total: '90' },
    { unit: '红安县', seat: 'A3', total: '85' },
    { unit: '麻城市', seat: 'A1', total: '70' },
    { unit: '麻城市', seat: 'A3', total: '86' },
    { unit: '团风县', seat: 'A2', total: '75' },
  ],
  entries: [{ unit: '麻城市', seat: 'A2', mark: 'voided', afterReveal: true }],
});

/** The state as a fresh read would give it: no shared objects, lines in the database's order. */
function reread(state: EventState): EventState {
  const copy = deepCopy(state);
  const byLine = (a: { presentationId: string; judgeId: string }, b: { presentationId: string; judgeId: string }) =>
    a.presentationId < b.presentationId
      ? -1
      : a.presentationId > b.presentationId
        ? 1
        : a.judgeId < b.judgeId
          ? -1
          : a.judgeId > b.judgeId
            ? 1
            : 0;
  copy.scores.sort(byLine);
  copy.entries.sort(byLine);
  return copy;
}

function deepCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)])) as T;
  return value;
}

const line = fc.record({
  unit: fc.constantFrom(...units),
  seat: fc.constantFrom(...seats),
  total: fc.integer({ min: 0, max: 200 }).map((halves) => (halves / 2).toString()),
  source: fc.constantFrom<LatestRevision['source']>('judge', 'judge', 'judge', 'organizer'),
  voided: fc.boolean(),
  // Written in one transaction with the line before (same version), its state never published.
  grouped: fc.boolean(),
});

describe('a state derived in memory', () => {
  it('equals a fresh read and shows the same views, score after score', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        let state = reread(start);
        // Views and indexes of the first state are built, as a running server has them.
        screenView(state);
        indexOf(state);
        lines.forEach((l, i) => {
          // A judge scores only the talk being scored; an organizer enters any line.
          const unit = l.source === 'judge' ? '团风县' : l.unit;
          const row: LatestRevision = {
            score: {
              id: `new-${i}`,
              presentationId: `presentation-${unit}`,
              judgeId: `judge-${l.seat}`,
              revision: 2 + i,
              total: l.total,
              createdAt: new Date(Date.UTC(2026, 10, 22, 11, i)),
              values: [{ criterionId: 'criterion-1', value: l.total }],
            },
            voided: l.source === 'organizer' && l.voided,
            source: l.source,
            reason: l.source === 'organizer' ? '纸质评分' : null,
            afterReveal: l.source === 'organizer' && unit !== '团风县',
          };
          state = withLatestRevision(state, row, state.event.version + (l.grouped && i > 0 ? 0 : 1));
          // The states of a group between its first and its last are never looked at.
          if (i < lines.length - 1 && lines[i + 1].grouped) return;
          const fresh = reread(state);
          expect(state).toEqual(fresh);
          const [derived, built] = [indexOf(state), indexOf(fresh)];
          expect(Object.keys(derived).sort()).toEqual(Object.keys(built).sort());
          for (const key of Object.keys(built) as (keyof typeof built)[]) expect([key, derived[key]]).toStrictEqual([key, built[key]]);
          expect(screenView(state)).toEqual(computeScreenView(fresh));
          expect(controlView(state)).toEqual(controlView(fresh));
          for (const seat of seats) expect(judgeView(state, `judge-${seat}`)).toEqual(judgeView(fresh, `judge-${seat}`));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('reuses the published parts of the view after a judge’s score', () => {
    const before = reread(start);
    const view = screenView(before);
    const after = withLatestRevision(
      before,
      {
        score: {
          id: 'new',
          presentationId: 'presentation-团风县',
          judgeId: 'judge-A1',
          revision: 1,
          total: '88',
          createdAt: new Date(),
          values: [{ criterionId: 'criterion-1', value: '88' }],
        },
        voided: false,
        source: 'judge',
        reason: null,
        afterReveal: false,
      },
      before.event.version + 1,
    );
    const next = screenView(after);
    expect(next.standings).toBe(view.standings);
    expect(next.board).toBe(view.board);
    expect(next.progress?.scoredSeats).toEqual(['A1', 'A2']);
  });
});

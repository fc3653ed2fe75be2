import { describe, expect, it } from 'vitest';
import { computeRound } from '@scoring/round.js';
import { DEFAULT_RULE } from '@scoring/rule.js';
import { explain } from './explain.js';

const round = (totals: string[]) =>
  computeRound(
    {
      criteria: [{ id: 'c', name: '总分', weight: '1' }],
      groups: [],
      judges: totals.map((_, i) => ({ id: `j${i}`, label: `A${i + 1}`, group: null, conflicts: [] })),
      presentations: [{ id: 'p', presenterId: 'p', unit: '红安县' }],
      scores: totals.map((total, i) => ({ presentationId: 'p', judgeId: `j${i}`, values: { c: total } })),
    },
    DEFAULT_RULE,
  ).presentations[0];

describe('explain', () => {
  it('says which scores were dropped and how the rest were combined, from the trace alone', () => {
    expect(explain(round(['95', '80', '76.5', '85']).trace)).toEqual([
      { key: 'explain.dropped', params: { highest: '95', lowest: '76.5', n: 1 } },
      { key: 'explain.mean', params: { count: 2, sum: '165' } },
      { key: 'explain.round.half_up', params: { decimals: 2 } },
    ]);
  });

  it('says when too few judges were left to trim', () => {
    expect(explain(round(['90', '80']).trace).map((p) => p.key)).toEqual(['explain.fallback', 'explain.mean', 'explain.round.half_up']);
  });
});

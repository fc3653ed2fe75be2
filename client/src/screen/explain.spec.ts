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

  it("states the audience's ballots, their scaling and the audience's weight beside the leaders'", () => {
    const [result] = computeRound(
      {
        criteria: [{ id: 'c', name: '总分', weight: '1', maxScore: '100' }],
        groups: [
          { name: '领导评委', weight: '0.6' },
          { name: '大众评委', weight: '0.4', audience: true },
        ],
        judges: [{ id: 'j1', label: 'A1', group: '领导评委', conflicts: [] }],
        presentations: [
          { id: 'p', presenterId: 'p', unit: '红安县', audience: [{ group: '大众评委', ballots: 3, sum: '255', cardMax: '100' }] },
        ],
        scores: [{ presentationId: 'p', judgeId: 'j1', values: { c: '80' } }],
      },
      { ...DEFAULT_RULE, aggregation: { method: 'group_weighted', within: { method: 'mean' } } },
    ).presentations;
    expect(explain(result.trace)).toEqual([
      {
        key: 'explain.audience',
        params: { group: '大众评委', ballots: 3, mean: '85', cardMax: '100', value: '85', weight: '0.4' },
      },
      { key: 'explain.weighted', params: { groups: '领导评委 80×0.6，大众评委 85×0.4', weightSum: '1' } },
      { key: 'explain.round.half_up', params: { decimals: 2 } },
    ]);
  });
});

import { roundOf } from '../../test/factories/round-input.factory.js';
import { compareRules, parseRuleSpec } from './compare.js';
import { DEFAULT_RULE } from './rule.js';

describe('parseRuleSpec', () => {
  it.each([
    ['mean', { method: 'mean' }],
    ['median', { method: 'median' }],
    ['trimmed:2', { method: 'trimmed_mean', trim: 2 }],
    ['diving:1:0.6', { method: 'diving', trim: 1, multiplier: '0.6' }],
    ['group:trimmed:1', { method: 'group_weighted', within: { method: 'trimmed_mean', trim: 1 } }],
  ])('reads %s', (spec, aggregation) => {
    expect(parseRuleSpec(spec, DEFAULT_RULE)).toEqual({ ...DEFAULT_RULE, aggregation });
  });

  it.each(['best', 'trimmed:x', 'diving:1', 'mean:2'])('refuses %s, saying how to write it', (spec) => {
    expect(() => parseRuleSpec(spec, DEFAULT_RULE)).toThrow(`"${spec}"`);
  });
});

describe('compareRules', () => {
  it('shows when the choice of rule changes the order', () => {
    // One lenient outlier lifts 红安县 on the mean; the trimmed mean strikes it out.
    const input = roundOf({ totals: { 红安县: ['75', '76', '77', '100'], 麻城市: ['78', '79', '80', '81'] } });
    const comparison = compareRules(input, [
      { label: 'mean', rule: parseRuleSpec('mean', DEFAULT_RULE) },
      { label: 'trimmed:1', rule: parseRuleSpec('trimmed:1', DEFAULT_RULE) },
    ]);
    expect(comparison.orderDiffers).toBe(true);
    expect(comparison.presentations.map((p) => [p.presentationId, ...p.results.map((r) => `${r.result}#${r.rank}`)])).toEqual([
      ['红安县', '82.00#1', '76.50#2'],
      ['麻城市', '79.50#2', '79.50#1'],
    ]);
  });
});

import fc from 'fast-check';
import { aggregate, type JudgeTotal } from './aggregate.js';
import { Exact, exact } from './decimal.js';
import type { SimpleAggregation } from './rule.js';

const totals = (...values: string[]): JudgeTotal[] => values.map((total, i) => ({ judgeId: `j${i + 1}`, total }));
const run = (aggregation: SimpleAggregation, ...values: string[]) =>
  aggregate(totals(...values), aggregation, { tooFewToTrim: 'untrimmed' });
const trimmed = (trim = 1): SimpleAggregation => ({ method: 'trimmed_mean', trim });

/** Decimal strings with up to two decimals between 0 and 100, as a tablet sends them. */
const scoreText = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => exact(String(hundredths)).dividedBy(100).toFixed());

describe('aggregate', () => {
  it('returns null when nobody has scored', () => {
    expect(aggregate([], trimmed(), { tooFewToTrim: 'untrimmed' })).toBeNull();
  });

  it('drops one highest and one lowest (去掉一个最高分、去掉一个最低分) and averages the rest', () => {
    const result = run(trimmed(), '90', '85', '70', '95', '88')!;
    expect(result.totals.map((t) => [t.total, t.dropped])).toEqual([
      ['70', 'lowest'],
      ['85', null],
      ['88', null],
      ['90', null],
      ['95', 'highest'],
    ]);
    // (85 + 88 + 90) / 3 = 87.666…
    expect(result.value?.toFixed(4)).toBe('87.6667');
    expect(result.arithmetic).toEqual({
      operation: 'mean',
      operands: ['85', '88', '90'],
      sum: '263',
      count: 3,
      result: result.value!.toFixed(),
    });
  });

  it('drops k highest and k lowest for k = 2', () => {
    const result = run(trimmed(2), '1', '2', '3', '4', '5', '6', '7')!;
    expect(result.totals.map((t) => t.dropped)).toEqual(['lowest', 'lowest', null, null, null, 'highest', 'highest']);
    expect(result.value?.toFixed()).toBe('4');
  });

  it('drops only one of several equal highest totals', () => {
    const result = run(trimmed(), '90', '90', '80', '70')!;
    expect(result.totals.filter((t) => t.dropped !== null)).toHaveLength(2);
    expect(result.value?.toFixed()).toBe('85');
  });

  it('computes the mean, the sum and the median', () => {
    expect(run({ method: 'mean' }, '80', '90', '85')?.value?.toFixed()).toBe('85');
    expect(run({ method: 'sum' }, '80', '90', '85')?.value?.toFixed()).toBe('255');
    expect(run({ method: 'median' }, '80', '90', '85')?.value?.toFixed()).toBe('85');
    expect(run({ method: 'median' }, '80', '90', '85', '70')?.value?.toFixed()).toBe('82.5');
  });

  it('computes the diving form: drop k high and k low, sum the rest, times the multiplier', () => {
    const result = run({ method: 'diving', trim: 1, multiplier: '0.6' }, '7', '7.5', '8', '8.5', '9')!;
    // (7.5 + 8 + 8.5) × 0.6 = 14.4
    expect(result.value?.toFixed()).toBe('14.4');
    expect(result.arithmetic).toMatchObject({ operation: 'diving', sum: '24', multiplier: '0.6', result: '14.4' });
  });

  it('falls back to the untrimmed form, flagged, when too few judges remain to trim, or gives no result as declared', () => {
    const fallback = run(trimmed(), '80', '90')!;
    expect(fallback).toMatchObject({ applied: 'mean', fellBack: true });
    expect(fallback.value?.toFixed()).toBe('85');
    const none = aggregate(totals('80', '90'), trimmed(), { tooFewToTrim: 'no_result' })!;
    expect(none).toMatchObject({ value: null, fellBack: true });
  });

  it('weights each group’s own result by the group weight', () => {
    const groups = [
      { name: '市领导', weight: '0.5' },
      { name: '专家学者', weight: '0.3' },
      { name: '群众代表', weight: '0.2' },
    ];
    const given: JudgeTotal[] = [
      { judgeId: 'a1', total: '90', group: '市领导' },
      { judgeId: 'a2', total: '80', group: '市领导' },
      { judgeId: 'b1', total: '70', group: '专家学者' },
      { judgeId: 'b2', total: '75', group: '专家学者' },
      { judgeId: 'b3', total: '80', group: '专家学者' },
      { judgeId: 'c1', total: '60', group: '群众代表' },
    ];
    const rule = {
      method: 'group_weighted' as const,
      within: { method: 'mean' as const },
      byGroup: [{ group: '专家学者', aggregation: trimmed() }],
    };
    // 市领导 mean 85, 专家学者 trimmed 75, 群众代表 60: (0.5×85 + 0.3×75 + 0.2×60) / 1 = 77
    const result = aggregate(given, rule, { tooFewToTrim: 'untrimmed', groups })!;
    expect(result.value?.toFixed()).toBe('77');
    expect(result.groups?.map((g) => [g.group, g.value])).toEqual([
      ['市领导', '85'],
      ['专家学者', '75'],
      ['群众代表', '60'],
    ]);
    // Without 群众代表 the weights of the groups present are renormalised: (42.5 + 22.5) / 0.8 = 81.25
    const partial = aggregate(given.slice(0, 5), rule, { tooFewToTrim: 'untrimmed', groups })!;
    expect(partial.value?.toFixed()).toBe('81.25');
    expect(partial.missingGroups).toEqual(['群众代表']);
  });

  it('never depends on the order of the judges', () => {
    fc.assert(
      fc.property(fc.array(scoreText, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (values, k) => {
        const forward = run(trimmed(k), ...values);
        const backward = run(trimmed(k), ...[...values].reverse());
        expect(backward?.value?.equals(forward!.value!)).toBe(true);
      }),
    );
  });

  it('puts a trimmed mean between the lowest and the highest total', () => {
    fc.assert(
      fc.property(fc.array(scoreText, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (values, k) => {
        const value = run(trimmed(k), ...values)!.value!;
        const sorted = values.map(exact).sort((a, b) => a.comparedTo(b));
        expect(value.greaterThanOrEqualTo(sorted[0]) && value.lessThanOrEqualTo(sorted[sorted.length - 1])).toBe(true);
      }),
    );
  });

  it('shifts the mean and the trimmed mean by a constant added to every total', () => {
    fc.assert(
      fc.property(fc.array(scoreText, { minLength: 1, maxLength: 12 }), scoreText, fc.integer({ min: 0, max: 2 }), (values, shift, k) => {
        for (const rule of [{ method: 'mean' } as const, trimmed(k)]) {
          const before = run(rule, ...values)!.value!;
          const after = run(rule, ...values.map((v) => exact(v).plus(exact(shift)).toFixed()))!.value!;
          // Equal far beyond any published decimal (a mean is carried to 60 significant digits).
          expect(after.minus(before).minus(exact(shift)).abs().lessThan(new Exact('1e-40'))).toBe(true);
        }
      }),
    );
  });
});

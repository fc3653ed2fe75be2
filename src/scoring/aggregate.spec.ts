import fc from 'fast-check';
import { aggregate, type AggregationRule, type JudgeTotal } from './aggregate.js';
import { Exact, exact } from './decimal.js';

const totals = (...values: string[]): JudgeTotal[] => values.map((total, i) => ({ judgeId: `j${i + 1}`, total }));
const trimmed = (trimK = 1, decimals = 2): AggregationRule => ({ method: 'trimmed_mean', trimK, decimals });
const mean = (decimals = 2): AggregationRule => ({ method: 'mean', trimK: 0, decimals });

/** Decimal strings with one or two decimals between 0 and 100, as a tablet sends them. */
const scoreText = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => exact(String(hundredths)).dividedBy(100).toFixed());

describe('aggregate', () => {
  it('returns null when nobody has scored', () => {
    expect(aggregate([], trimmed())).toBeNull();
  });

  it('drops one highest and one lowest (去掉一个最高分、去掉一个最低分) and averages the rest', () => {
    const result = aggregate(totals('90', '85', '70', '95', '88'), trimmed());
    expect(result?.totals.filter((t) => t.dropped === 'lowest').map((t) => t.total)).toEqual(['70']);
    expect(result?.totals.filter((t) => t.dropped === 'highest').map((t) => t.total)).toEqual(['95']);
    // (85 + 88 + 90) / 3 = 87.666...
    expect(result?.final).toBe('87.67');
    expect(result?.applied).toBe('trimmed_mean');
    expect(result?.countedCount).toBe(3);
  });

  it('drops k highest and k lowest for k = 2', () => {
    const result = aggregate(totals('1', '2', '3', '4', '5', '6', '7'), trimmed(2));
    expect(result?.totals.map((t) => t.dropped)).toEqual(['lowest', 'lowest', null, null, null, 'highest', 'highest']);
    expect(result?.final).toBe('4.00');
  });

  it('drops only one of several equal highest totals', () => {
    const result = aggregate(totals('90', '90', '80', '70'), trimmed());
    expect(result?.totals.filter((t) => t.dropped !== null)).toHaveLength(2);
    expect(result?.final).toBe('85.00');
  });

  it('falls back to the plain mean, flagged, when too few judges remain to trim', () => {
    const result = aggregate(totals('80', '90'), trimmed());
    expect(result).toMatchObject({ applied: 'mean', trimFellBack: true, final: '85.00', countedCount: 2 });
    expect(result?.totals.every((t) => t.dropped === null)).toBe(true);
  });

  it('keeps decimals exact where binary floats would not: 8.95 stays 8.95', () => {
    // In binary floating point (8.95 + 8.95 + 8.95) / 3 is 8.949999999999999, which rounds to 8.9.
    expect(aggregate(totals('8.95', '8.95', '8.95'), mean(1))?.final).toBe('9.0');
    expect(aggregate(totals('8.95', '8.95', '8.95'), mean(2))?.final).toBe('8.95');
    expect(aggregate(totals('0.1', '0.2'), mean(20))?.exact).toBe('0.15');
  });

  it('rounds half up (四舍五入) to the declared decimals', () => {
    expect(aggregate(totals('86.125', '86.125'), mean(2))?.final).toBe('86.13');
    expect(aggregate(totals('86.124', '86.124'), mean(2))?.final).toBe('86.12');
  });

  it('never depends on the order of the judges', () => {
    fc.assert(
      fc.property(fc.array(scoreText, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (values, k) => {
        const forward = aggregate(totals(...values), trimmed(k));
        const backward = aggregate(totals(...[...values].reverse()), trimmed(k));
        expect(backward?.exact).toBe(forward?.exact);
      }),
    );
  });

  it('puts a trimmed mean between the lowest and the highest total', () => {
    fc.assert(
      fc.property(fc.array(scoreText, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (values, k) => {
        const result = aggregate(totals(...values), trimmed(k));
        const sorted = values.map(exact).sort((a, b) => a.comparedTo(b));
        expect(exact(result!.exact).greaterThanOrEqualTo(sorted[0])).toBe(true);
        expect(exact(result!.exact).lessThanOrEqualTo(sorted[sorted.length - 1])).toBe(true);
      }),
    );
  });

  it('shifts the mean and the trimmed mean by a constant added to every total', () => {
    fc.assert(
      fc.property(fc.array(scoreText, { minLength: 1, maxLength: 12 }), scoreText, fc.integer({ min: 0, max: 2 }), (values, shift, k) => {
        const shifted = values.map((v) => exact(v).plus(exact(shift)).toFixed());
        const before = aggregate(totals(...values), trimmed(k));
        const after = aggregate(totals(...shifted), trimmed(k));
        expect(after!.final).toBe(exact(before!.final).plus(exact(shift)).toFixed(2));
        // The unrounded means agree to far more digits than any published result shows.
        expect(exact(after!.exact).minus(exact(before!.exact)).minus(exact(shift)).abs().lessThan(new Exact('1e-40'))).toBe(true);
      }),
    );
  });
});

import fc from 'fast-check';
import { exact } from './decimal.js';
import { rankDescending } from './rank.js';

const ranksOf = (...values: string[]) => rankDescending(values, (v) => v).map((r) => [r.item, r.rank]);

describe('rankDescending', () => {
  it('ranks highest first', () => {
    expect(ranksOf('80.00', '90.00', '85.50')).toEqual([
      ['90.00', 1],
      ['85.50', 2],
      ['80.00', 3],
    ]);
  });

  it('shares a rank between equal values and skips the next (1, 2, 2, 4)', () => {
    expect(ranksOf('90', '85', '85', '80').map(([, rank]) => rank)).toEqual([1, 2, 2, 4]);
  });

  it('compares decimals exactly: "85.10" equals "85.1" and 85.1 beats 85.09999', () => {
    expect(ranksOf('85.10', '85.1', '85.09999').map(([, rank]) => rank)).toEqual([1, 1, 3]);
  });

  it('gives ranks that agree with the values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }).map(String), { minLength: 1, maxLength: 30 }), (values) => {
        const ranked = rankDescending(values, (v) => v);
        for (const a of ranked) {
          const higher = values.filter((v) => exact(v).greaterThan(exact(a.item))).length;
          expect(a.rank).toBe(higher + 1);
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { roundOf } from '../../test/factories/round-input.factory.js';
import { judgeTotal } from './judge-total.js';
import { fastResampleRanker } from './resample.js';
import type { RoundInput } from './round.js';
import { DEFAULT_RULE, type ScoringRule, type SimpleAggregation, type TieBreak } from './rule.js';
import {
  averageRanks,
  completeMatrix,
  icc,
  judgeStatistics,
  kendallW,
  rankConfidence,
  rankConfidenceReference,
  type RatingMatrix,
} from './statistics.js';

const matrix = (rows: number[][]): RatingMatrix => ({
  targets: rows.map((_, i) => `t${i}`),
  raters: rows[0].map((_, j) => `r${j}`),
  values: rows,
});

describe('icc', () => {
  // Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
  // reliability. Psychological Bulletin 86(2), 420–428. Table 2: 6 targets rated by 4 judges;
  // Table 4 gives the six coefficients below (to two decimals).
  const shroutFleiss = matrix([
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ]);

  it('reproduces the six forms of Shrout & Fleiss (1979) on their worked example', () => {
    const result = icc(shroutFleiss)!;
    expect(result['ICC(1,1)']).toBeCloseTo(0.17, 2);
    expect(result['ICC(2,1)']).toBeCloseTo(0.29, 2);
    expect(result['ICC(3,1)']).toBeCloseTo(0.71, 2);
    expect(result['ICC(1,k)']).toBeCloseTo(0.44, 2);
    expect(result['ICC(2,k)']).toBeCloseTo(0.62, 2);
    expect(result['ICC(3,k)']).toBeCloseTo(0.91, 2);
    // Their ANOVA table: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02.
    expect(result.meanSquares.betweenTargets).toBeCloseTo(11.24, 2);
    expect(result.meanSquares.withinTargets).toBeCloseTo(6.26, 2);
    expect(result.meanSquares.betweenRaters).toBeCloseTo(32.49, 2);
    expect(result.meanSquares.residual).toBeCloseTo(1.02, 2);
  });

  it('needs at least two targets and two raters', () => {
    expect(icc(matrix([[1, 2]]))).toBeNull();
  });
});

describe('kendallW', () => {
  it('reproduces the tie-corrected W of the irr package on its anxiety data', () => {
    // Gamer, Lemon, Fellows & Singh, R package irr, example `kendall(anxiety, correct = TRUE)`:
    // 20 subjects, 3 raters, Wt = 0.54, Chisq(19) = 30.8.
    const rater1 = [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3];
    const rater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
    const rater3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
    const result = kendallW(matrix(rater1.map((v, i) => [v, rater2[i], rater3[i]])))!;
    expect(result.w).toBeCloseTo(0.54, 2);
    expect(result.chiSquare).toBeCloseTo(30.8, 1);
    expect(result.df).toBe(19);
  });

  it('is 1 when all judges order the talks alike, and near 0 when they disagree completely', () => {
    expect(
      kendallW(
        matrix([
          [1, 10],
          [2, 20],
          [3, 30],
        ]),
      )!.w,
    ).toBeCloseTo(1, 10);
    expect(
      kendallW(
        matrix([
          [1, 3],
          [2, 2],
          [3, 1],
        ]),
      )!.w,
    ).toBeCloseTo(0, 10);
  });

  it('gives tied values the mean of their positions', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('judgeStatistics', () => {
  const input = roundOf({
    totals: {
      a: ['80', '82', '95'],
      b: ['70', '71', '90'],
      c: ['60', '62', '50'],
    },
  });

  it('shows leniency as a positive offset from the rest of the panel, and who disagrees with it', () => {
    const [a1, a2, a3] = judgeStatistics(input, { outlierDistance: 10 });
    // A3 is lenient on a and b, severe on c: offsets +14, +19.5, −11 → mean 7.5.
    expect(a3.meanOffset).toBeCloseTo(7.5, 10);
    expect(a1.rankCorrelation).toBeCloseTo(1, 10);
    expect(a2.rankCorrelation).toBeCloseTo(1, 10);
    // 95 is 13 from the median 82, 90 is 19 from 71; 50 is exactly 10 from 60, which is not further.
    expect(a3.outliers.map((o) => [o.presentationId, o.total, o.panelMedian])).toEqual([
      ['a', 95, 82],
      ['b', 90, 71],
    ]);
  });

  it('fills ICC and W only with judges who scored every talk', () => {
    const partial = roundOf({ totals: { a: ['80', '90', '-'], b: ['70', '85', '60'] } });
    expect(completeMatrix(partial)).toMatchObject({ raters: ['j1', 'j2'], leftOut: ['j3'] });
  });
});

describe('rankConfidence', () => {
  const input = roundOf({
    totals: {
      clear: ['95', '94', '96', '95', '93'],
      close1: ['80', '81', '79', '82', '80'],
      close2: ['81', '80', '80', '79', '81'],
    },
  });

  it('is reproducible from its seed', () => {
    const once = rankConfidence(input, DEFAULT_RULE, { seed: 7, resamples: 200 });
    const again = rankConfidence(input, DEFAULT_RULE, { seed: 7, resamples: 200 });
    expect(again).toEqual(once);
  });

  it('is sure of a clear leader and calls close neighbours statistically tied', () => {
    const result = rankConfidence(input, DEFAULT_RULE, { seed: 1, resamples: 400 });
    expect(result.presentations.find((p) => p.presentationId === 'clear')?.probabilities[0]).toBe(1);
    expect(result.neighbours[0]).toMatchObject({ above: 'clear', statisticallyTied: false });
    expect(result.neighbours[1].statisticallyTied).toBe(true);
    for (const p of result.presentations) expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe('rankConfidence, fast path', () => {
  // Small value ranges and few judges, so that equal totals, equal results and ties are common.
  const simple: fc.Arbitrary<SimpleAggregation> = fc.oneof(
    fc.constantFrom({ method: 'mean' as const }, { method: 'sum' as const }, { method: 'median' as const }),
    fc.integer({ min: 0, max: 3 }).map((trim) => ({ method: 'trimmed_mean' as const, trim })),
    fc.record({ trim: fc.integer({ min: 0, max: 2 }), multiplier: fc.constantFrom('1', '0.6', '2.5', '3') }).map((d) => ({
      method: 'diving' as const,
      ...d,
    })),
  );
  const GROUPS = ['A', 'B', 'C'];

  const roundAndRule = fc
    .record({
      criteria: fc.array(fc.constantFrom('1', '2', '0.5', '1.5', '0.3'), { minLength: 1, maxLength: 3 }),
      judges: fc.array(
        fc.record({
          label: fc.constantFrom('A', 'B', 'C', 'D'),
          group: fc.constantFrom<string | null>(null, 'A', 'B', 'C', 'X'),
          conflicts: fc.subarray(['u0', 'u1', 'u2', 'u3']),
        }),
        { minLength: 0, maxLength: 7 },
      ),
      units: fc.array(fc.constantFrom('u0', 'u1', 'u2', 'u3', 'u4', 'u5'), { minLength: 1, maxLength: 6 }),
      // Per presentation and judge: the values (in steps of 0.25 up to 2), or no score.
      scores: fc.array(fc.option(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }), { freq: 4 }), {
        minLength: 42,
        maxLength: 42,
      }),
      groups: fc.subarray(GROUPS.map((name, i) => ({ name, weight: ['1', '2', '0.5'][i] }))),
      zeroWeights: fc.boolean(),
      rule: fc.record({
        aggregation: fc.oneof(
          { weight: 3, arbitrary: simple },
          {
            weight: 2,
            arbitrary: fc
              .record({
                within: simple,
                byGroup: fc.array(fc.record({ group: fc.constantFrom(...GROUPS), aggregation: simple }), { maxLength: 2 }),
              })
              .map(({ within, byGroup }) => ({ method: 'group_weighted' as const, within, ...(byGroup.length ? { byGroup } : {}) })),
          },
        ),
        normalise: fc.constantFrom(false, false, false, true),
        minJudges: fc.integer({ min: 0, max: 4 }),
        tooFewToTrim: fc.constantFrom('untrimmed' as const, 'no_result' as const),
        rounding: fc.record({
          decimals: fc.integer({ min: 0, max: 3 }),
          mode: fc.constantFrom('half_up' as const, 'half_even' as const, 'down' as const, 'up' as const),
        }),
        rankOn: fc.constantFrom('rounded' as const, 'exact' as const),
        ranking: fc.constantFrom('competition' as const, 'dense' as const),
        tieBreak: fc.array(
          fc.oneof(
            fc.constantFrom<TieBreak>({ by: 'untrimmed_mean' }, { by: 'lowest_score' }, { by: 'highest_score' }, { by: 'median' }),
            fc.constantFrom('c0', 'criterion 1', 'total').map((criterion): TieBreak => ({ by: 'criterion', criterion })),
          ),
          { maxLength: 3 },
        ),
      }),
      seed: fc.integer(),
      resamples: fc.integer({ min: 1, max: 40 }),
    })
    .map(({ criteria, judges, units, scores, groups, zeroWeights, rule, seed, resamples }) => {
      const input: RoundInput = {
        criteria: criteria.map((weight, i) => ({ id: `c${i}`, name: `criterion ${i}`, weight })),
        groups: zeroWeights ? groups.map((g) => ({ ...g, weight: '0' })) : groups,
        judges: judges.map((j, i) => ({ id: `j${i}`, ...j })),
        presentations: units.map((unit, i) => ({ id: `p${i}`, presenterId: `p${i}`, unit })),
        scores: units.flatMap((_, p) =>
          judges.flatMap((_, j) => {
            const values = scores[p * 7 + j];
            return values === null
              ? []
              : [
                  {
                    presentationId: `p${p}`,
                    judgeId: `j${j}`,
                    values: Object.fromEntries(criteria.map((_, c) => [`c${c}`, String(values[c] / 4)])),
                  },
                ];
          }),
        ),
      };
      return { input, rule: rule as ScoringRule, seed, resamples };
    });

  const takesFastPath = (input: RoundInput, rule: ScoringRule) => {
    const byJudge = new Map(input.judges.map((j) => [j.id, [] as { presentationId: string; values: { total: string } }[]]));
    for (const s of input.scores)
      byJudge
        .get(s.judgeId)
        ?.push({ presentationId: s.presentationId, values: { total: judgeTotal(new Map(Object.entries(s.values)), input.criteria) } });
    return fastResampleRanker(input, rule, byJudge) !== null;
  };

  it('gives exactly what computeRound on every resample gives, for any round, rule and seed', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(roundAndRule, ({ input, rule, seed, resamples }) => {
        runs++;
        if (takesFastPath(input, rule)) fast++;
        expect(rankConfidence(input, rule, { seed, resamples })).toStrictEqual(rankConfidenceReference(input, rule, { seed, resamples }));
      }),
      { numRuns: 400 },
    );
    // Most generated rules are ones the fast path covers (not normalised, no tie-break on "total").
    expect(fast / runs).toBeGreaterThan(0.5);
  });

  it('falls back to the general path for a normalised round', () => {
    const input = roundOf({ totals: { a: ['80', '90', '70'], b: ['85', '80', '75'] } });
    const rule = { ...DEFAULT_RULE, normalise: true };
    expect(takesFastPath(input, rule)).toBe(false);
    expect(rankConfidence(input, rule, { seed: 3, resamples: 20 })).toStrictEqual(
      rankConfidenceReference(input, rule, { seed: 3, resamples: 20 }),
    );
  });
});

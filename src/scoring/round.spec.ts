import fc from 'fast-check';
import { roundOf } from '../../test/factories/round-input.factory.js';
import { exact } from './decimal.js';
import { computeRound, type RoundInput, type RoundResult } from './round.js';
import { DEFAULT_RULE, type ScoringRule } from './rule.js';

const rule = (change: Partial<ScoringRule> = {}): ScoringRule => ({ ...DEFAULT_RULE, ...change });
const table = (result: RoundResult) => result.presentations.map((p) => [p.presentationId, p.rounded, p.rank]);

describe('computeRound', () => {
  it('ranks by the declared trimmed mean, with each result traced step by step', () => {
    const result = computeRound(
      roundOf({ totals: { 红安县: ['80', '90', '85', '70', '95'], 麻城市: ['88', '86', '84', '82', '80'] } }),
      rule(),
    );
    expect(table(result)).toEqual([
      ['红安县', '85.00', 1],
      ['麻城市', '84.00', 2],
    ]);
    const trace = result.presentations[0].trace;
    expect(trace.map((s) => s.step)).toEqual(['eligible', 'drop', 'drop', 'arithmetic', 'round', 'rank']);
    expect(trace).toContainEqual({ step: 'drop', judgeId: 'j4', label: 'A4', total: '70', reason: 'lowest' });
    expect(trace).toContainEqual({ step: 'round', exact: '85', decimals: 2, mode: 'half_up', result: '85.00' });
  });

  it('leaves a conflicted judge out and trims the judges who remain', () => {
    const input = roundOf({ totals: { 红安县: ['99', '80', '85', '90'] }, judges: [{ conflicts: ['红安县'] }] });
    const [only] = computeRound(input, rule()).presentations;
    expect(only.judges.map((j) => [j.label, j.status])).toEqual([
      ['A1', 'recused'],
      ['A2', 'dropped_lowest'],
      ['A3', 'counted'],
      ['A4', 'dropped_highest'],
    ]);
    expect(only.rounded).toBe('85.00');
  });

  it('marks a result provisional below the declared minimum of judges', () => {
    const [only] = computeRound(
      roundOf({ totals: { 团风县: ['80', '90', '-'] } }),
      rule({ minJudges: 3, aggregation: { method: 'mean' } }),
    ).presentations;
    expect(only).toMatchObject({ status: 'result', rounded: '85.00', provisional: ['below_min_judges'] });
  });

  it('gives no result, provisional, when too few remain to trim and that is declared', () => {
    const result = computeRound(
      roundOf({ totals: { 团风县: ['80', '90'], 英山县: ['70', '75', '80'] } }),
      rule({ tooFewToTrim: 'no_result' }),
    );
    expect(table(result)).toEqual([
      ['英山县', '75.00', 1],
      ['团风县', null, null],
    ]);
    expect(result.presentations[1]).toMatchObject({ status: 'no_result', provisional: ['no_result'] });
    expect(result.presentations[1].trace).toContainEqual({
      step: 'fallback',
      declared: 'trimmed_mean',
      reason: 'too_few_to_trim',
      outcome: 'no_result',
    });
  });

  it.each([
    ['half_up', '86.125', '86.13'],
    ['half_even', '86.125', '86.12'],
    ['half_even', '86.135', '86.14'],
    ['down', '86.129', '86.12'],
    ['up', '86.121', '86.13'],
  ] as const)('rounds %s: %s → %s', (mode, total, rounded) => {
    const [only] = computeRound(
      roundOf({ totals: { 罗田县: [total] } }),
      rule({ aggregation: { method: 'mean' }, rounding: { decimals: 2, mode } }),
    ).presentations;
    expect(only.rounded).toBe(rounded);
  });

  it('ranks on the rounded value or on the exact value, as declared', () => {
    // 85.666… and 85.67 both publish as 85.67.
    const input = roundOf({ totals: { 蕲春县: ['85', '86', '86'], 武穴市: ['85.67', '85.67', '85.67'] } });
    const mean = { method: 'mean' } as const;
    expect(table(computeRound(input, rule({ aggregation: mean, rankOn: 'rounded' })))).toEqual([
      ['蕲春县', '85.67', 1],
      ['武穴市', '85.67', 1],
    ]);
    expect(table(computeRound(input, rule({ aggregation: mean, rankOn: 'exact' })))).toEqual([
      ['武穴市', '85.67', 1],
      ['蕲春县', '85.67', 2],
    ]);
  });

  it('ranks exactly where binary floating point would not: (0.1 + 0.2) / 2 equals 0.15', () => {
    // In floats (0.1 + 0.2) / 2 is 0.15000000000000002, which would put 黄梅县 ahead of 浠水县.
    expect((0.1 + 0.2) / 2 > 0.15).toBe(true);
    const input = roundOf({ totals: { 黄梅县: ['0.1', '0.2'], 浠水县: ['0.15', '0.15'] } });
    const result = computeRound(input, rule({ aggregation: { method: 'mean' }, rankOn: 'exact' }));
    expect(result.presentations.map((p) => [p.presentationId, p.exact, p.rank])).toEqual([
      ['黄梅县', '0.15', 1],
      ['浠水县', '0.15', 1],
    ]);
  });

  it('shares equal ranks and skips the next (competition), or not (dense)', () => {
    const input = roundOf({ totals: { a: ['90'], b: ['85'], c: ['85'], d: ['80'] } });
    expect(computeRound(input, rule({ aggregation: { method: 'mean' } })).presentations.map((p) => p.rank)).toEqual([1, 2, 2, 4]);
    expect(computeRound(input, rule({ aggregation: { method: 'mean' }, ranking: 'dense' })).presentations.map((p) => p.rank)).toEqual([
      1, 2, 2, 3,
    ]);
  });

  it('breaks a tie with the declared chain: higher untrimmed mean, then higher lowest score', () => {
    const input = roundOf({
      totals: {
        // Trimmed means all 85. Untrimmed: a 85, b 86, c 85, d 85. Lowest: a 80, c 75, d 80.
        a: ['80', '85', '90'],
        b: ['83', '85', '90'],
        c: ['75', '85', '95'],
        d: ['80', '85', '90'],
      },
    });
    const result = computeRound(input, rule({ tieBreak: [{ by: 'untrimmed_mean' }, { by: 'lowest_score' }] }));
    expect(result.presentations.map((p) => [p.presentationId, p.rank, p.sharedWith])).toEqual([
      ['b', 1, []],
      ['a', 2, ['d']],
      ['d', 2, ['a']],
      ['c', 4, []],
    ]);
    expect(result.presentations[0].trace.at(-1)).toMatchObject({ step: 'rank', decidedBy: 'untrimmed_mean' });
    expect(result.presentations[3].trace.at(-1)).toMatchObject({ step: 'rank', decidedBy: 'lowest_score' });
    expect(result.presentations[1].trace.at(-1)).toMatchObject({ step: 'rank', decidedBy: null, sharedWith: ['d'] });
  });

  it('breaks a tie on a named criterion', () => {
    const input = {
      criteria: [
        { id: 'c1', name: '举措务实', weight: '1' },
        { id: 'c2', name: '表达效果', weight: '1' },
      ],
      groups: [],
      judges: [{ id: 'j1', label: 'A1', group: null, conflicts: [] }],
      presentations: [
        { id: 'a', presenterId: 'a', unit: 'a' },
        { id: 'b', presenterId: 'b', unit: 'b' },
      ],
      scores: [
        { presentationId: 'a', judgeId: 'j1', values: { c1: '30', c2: '10' } },
        { presentationId: 'b', judgeId: 'j1', values: { c1: '32', c2: '8' } },
      ],
    };
    const result = computeRound(input, rule({ aggregation: { method: 'mean' }, tieBreak: [{ by: 'criterion', criterion: '举措务实' }] }));
    expect(table(result)).toEqual([
      ['b', '40.00', 1],
      ['a', '40.00', 2],
    ]);
  });

  it('normalises each judge against leniency onto the panel’s mean and spread', () => {
    // A1 is lenient (90, 80), A2 strict (70, 60); both put 红安县 first by the same margin.
    const input = roundOf({ totals: { 红安县: ['90', '70'], 麻城市: ['80', '60'] } });
    const result = computeRound(input, rule({ aggregation: { method: 'mean' }, normalise: true }));
    // Panel mean 75, spread √125 = 11.1803…; both judges' z-scores are +1 and −1.
    expect(table(result)).toEqual([
      ['红安县', '86.18', 1],
      ['麻城市', '63.82', 2],
    ]);
    expect(result.normalisation?.panel.mean).toBe('75');
    expect(result.presentations[0].judges[0]).toMatchObject({
      total: '90',
      normalisedTotal: expect.stringMatching(/^86\.18033988749894848204586834365638117720309179805762862135/),
    });
    const partial = computeRound(input, rule({ aggregation: { method: 'mean' }, normalise: true }), { complete: false });
    expect(partial.presentations[0].provisional).toEqual(['normalised_round_incomplete']);
  });

  it('gives ranks that agree with the results, whatever the judges’ order, and keeps them when a constant is added', () => {
    const sheet = fc.array(
      fc.integer({ min: 0, max: 1000 }).map((t) => exact(String(t)).dividedBy(10).toFixed()),
      { minLength: 3, maxLength: 7 },
    );
    fc.assert(
      fc.property(fc.array(sheet, { minLength: 2, maxLength: 6 }), fc.integer({ min: 0, max: 500 }), (sheets, shift) => {
        const width = Math.min(...sheets.map((s) => s.length));
        const totals = Object.fromEntries(sheets.map((s, i) => [`p${i}`, s.slice(0, width)]));
        const result = computeRound(roundOf({ totals }), rule({ rankOn: 'exact' }));
        for (const a of result.presentations) {
          const better = result.presentations.filter((b) => exact(b.exact!).greaterThan(exact(a.exact!))).length;
          expect(a.rank).toBe(better + 1);
        }
        const reversed = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, [...v].reverse()]));
        expect(table(computeRound(roundOf({ totals: reversed }), rule({ rankOn: 'exact' })))).toEqual(table(result));
        const shifted = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v.map((x) => exact(x).plus(shift).toFixed())]));
        const ranksAfter = computeRound(roundOf({ totals: shifted }), rule({ rankOn: 'exact' })).presentations.map((p) => [
          p.presentationId,
          p.rank,
        ]);
        expect(ranksAfter).toEqual(result.presentations.map((p) => [p.presentationId, p.rank]));
      }),
    );
  });

  describe('the audience as a weighted judge group (大众评委)', () => {
    // Leaders' panel 60 %, audience 40 %; the rubric's most total is 100 (two criteria of 50).
    const input = (audience?: { ballots: number; sum: string; cardMax: string }): RoundInput => ({
      criteria: [
        { id: 'c1', name: '举措务实', weight: '1', maxScore: '50' },
        { id: 'c2', name: '表达效果', weight: '1', maxScore: '50' },
      ],
      groups: [
        { name: '领导评委', weight: '0.6' },
        { name: '大众评委', weight: '0.4', audience: true },
      ],
      judges: ['A1', 'A2', 'A3'].map((label, i) => ({ id: `j${i + 1}`, label, group: '领导评委', conflicts: [] })),
      presentations: [{ id: 'a', presenterId: 'a', unit: 'a', ...(audience ? { audience: [{ group: '大众评委', ...audience }] } : {}) }],
      scores: [
        ['45', '45'],
        ['40', '40'],
        ['35', '35'],
      ].map(([c1, c2], i) => ({ presentationId: 'a', judgeId: `j${i + 1}`, values: { c1, c2 } })),
    });
    const weighted = rule({ aggregation: { method: 'group_weighted', within: { method: 'mean' } } });

    it("counts the attendees' mean, carried onto the judges' scale, with its declared weight, and traces the share", () => {
      // Four ballots on a card of 5 × 10 points: mean 42.75 of 50 → 85.5 of 100; leaders' mean 80.
      const [result] = computeRound(input({ ballots: 4, sum: '171', cardMax: '50' }), weighted).presentations;
      expect(result.exact).toBe('82.2'); // (0.6 × 80 + 0.4 × 85.5) ÷ 1
      expect(result.provisional).toEqual([]);
      expect(result.trace).toContainEqual({
        step: 'group',
        group: '大众评委',
        weight: '0.4',
        applied: 'mean',
        value: '85.5',
        arithmetic: { operation: 'audience', ballots: 4, sum: '171', mean: '42.75', cardMax: '50', scaleMax: '100', result: '85.5' },
      });
      expect(result.trace).toContainEqual({
        step: 'arithmetic',
        arithmetic: {
          operation: 'weighted_mean',
          terms: [
            { group: '领导评委', weight: '0.6', value: '80' },
            { group: '大众评委', weight: '0.4', value: '85.5' },
          ],
          weightSum: '1',
          result: '82.2',
        },
      });
    });

    it('without ballots the audience group is missing: the result is the leaders’ alone, marked provisional', () => {
      for (const ballots of [undefined, { ballots: 0, sum: '0', cardMax: '100' }]) {
        const [result] = computeRound(input(ballots), weighted).presentations;
        expect(result.exact).toBe('80');
        expect(result.provisional).toEqual(['group_missing']);
      }
    });

    it('counts no ballot unless results are weighted by judge group', () => {
      const [result] = computeRound(
        input({ ballots: 4, sum: '400', cardMax: '100' }),
        rule({ aggregation: { method: 'mean' } }),
      ).presentations;
      expect(result.exact).toBe('80');
    });
  });
});

import { roundOf } from '../../test/factories/round-input.factory.js';
import { computeRound } from './round.js';
import { DEFAULT_RULE, DEFAULT_STANDINGS, type StandingsRule } from './rule.js';
import { computeSeries, computeStandings } from './standings.js';

const mean = { ...DEFAULT_RULE, aggregation: { method: 'mean' as const } };
const rounds = [
  { roundId: 'r1', result: computeRound(roundOf({ totals: { a: ['90'], b: ['80'], c: ['70'] } }), mean) },
  { roundId: 'r2', result: computeRound(roundOf({ totals: { a: ['60'], b: ['85'], c: ['75'] } }), mean) },
];
const standings = (change: Partial<StandingsRule>) =>
  computeStandings(rounds, { ...DEFAULT_STANDINGS, ...change }).entries.map((e) => [e.presenterId, e.rounded, e.rank]);

describe('computeStandings', () => {
  it('adds round results', () => {
    expect(standings({ method: 'total' })).toEqual([
      ['b', '165.00', 1],
      ['a', '150.00', 2],
      ['c', '145.00', 3],
    ]);
  });

  it('averages round results', () => {
    expect(standings({ method: 'mean' })).toEqual([
      ['b', '82.50', 1],
      ['a', '75.00', 2],
      ['c', '72.50', 3],
    ]);
  });

  it('gives points by round rank', () => {
    // r1: a 1st, b 2nd, c 3rd; r2: b 1st, c 2nd, a 3rd. Points 5, 3, 1.
    expect(standings({ method: 'rank_points', points: ['5', '3', '1'] })).toEqual([
      ['b', '8.00', 1],
      ['a', '6.00', 2],
      ['c', '4.00', 3],
    ]);
  });

  it('normalises each round before adding, when panels differ', () => {
    // r1 [90, 80, 70]: mean 80, spread √(200/3) = 8.165, a's z = +1.2247.
    // r2 [60, 85, 75]: mean 73.33, spread √(950/9) = 10.274, a's z = −1.2978. a: −0.0730.
    const [first, second, third] = computeStandings(rounds, {
      ...DEFAULT_STANDINGS,
      normalise: true,
      rounding: { decimals: 4, mode: 'half_up' },
    }).entries;
    expect([first.presenterId, second.presenterId, third.presenterId]).toEqual(['b', 'a', 'c']);
    expect(second.rounded).toBe('-0.0730');
  });
});

describe('computeSeries', () => {
  it('follows each unit across events, with its trend', () => {
    const january = computeStandings(rounds.slice(0, 1), DEFAULT_STANDINGS);
    const february = computeStandings(rounds.slice(1), DEFAULT_STANDINGS);
    const units = new Map([
      ['a', '红安县'],
      ['b', '麻城市'],
      ['c', '黄梅县'],
    ]);
    const series = computeSeries([
      { eventId: 'e1', label: '一月', standings: january, units },
      { eventId: 'e2', label: '二月', standings: february, units },
    ]);
    expect(series.map((s) => [s.unit, s.events.map((e) => e.rank), s.trend])).toEqual([
      ['红安县', [1, 3], -2],
      ['黄梅县', [3, 2], 1],
      ['麻城市', [2, 1], 1],
    ]);
  });
});

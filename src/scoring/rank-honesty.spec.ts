import type { PodiumDocument } from './document.js';
import { computeEvent } from './document.js';
import { DEFAULT_RULE, DEFAULT_STANDINGS } from './rule.js';
import { boardTies, standingsPairCounts, statisticallyTied } from './rank-honesty.js';

/** An event of one or more rounds: per round, each presenter's total from each judge (one criterion). */
function eventOf(rounds: Record<string, string[]>[]): PodiumDocument {
  const presenters = Object.keys(rounds[0]);
  const judges = rounds[0][presenters[0]].map((_, j) => ({ id: `j${j}`, label: `J${j}`, group: null, conflicts: [] }));
  return {
    format: 'podium',
    version: 1,
    event: { name: 'test', rule: { ...DEFAULT_RULE, aggregation: { method: 'mean' } }, standings: DEFAULT_STANDINGS },
    criteria: [{ id: 'c', name: '总分', minScore: '0', maxScore: '100', step: '0.01', weight: '1' }],
    groups: [],
    judges,
    presenters: presenters.map((id) => ({ id, title: '县委书记', unit: id })),
    rounds: rounds.map((totals, r) => ({
      id: `r${r}`,
      topic: `专题${r + 1}`,
      presentations: presenters.map((id, order) => ({
        id: `${id}-${r}`,
        presenter: id,
        order,
        scores: totals[id].map((value, j) => ({ judge: `j${j}`, values: { c: value } })),
      })),
    })),
  };
}

describe('statisticallyTied', () => {
  it('ties neighbours whose order holds in fewer than the declared share of resamples, in whole numbers', () => {
    expect(statisticallyTied(949, 1000, 95)).toBe(true);
    expect(statisticallyTied(950, 1000, 95)).toBe(false);
    expect(statisticallyTied(1000, 1000, 95)).toBe(false);
    // 19 of 20 is exactly 95 %: not tied, whatever binary floating point would make of 19 / 20 * 100.
    expect(statisticallyTied(19, 20, 95)).toBe(false);
    expect(statisticallyTied(18, 20, 95)).toBe(true);
    expect(statisticallyTied(0, 1000, 50)).toBe(true);
  });
});

describe('standingsPairCounts', () => {
  const options = { resamples: 100, seed: 7 };

  it('never flips neighbours every judge puts in the same order, far apart', () => {
    const document = eventOf([{ a: ['90', '91', '92', '93'], b: ['70', '71', '72', '73'], c: ['50', '52', '51', '53'] }]);
    expect(
      standingsPairCounts(
        document,
        [
          ['a', 'b'],
          ['b', 'c'],
        ],
        options,
      ),
    ).toEqual([100, 100]);
  });

  it('finds neighbours the judges disagree on tied, and an order held by every judge not', () => {
    // Half the panel puts a first, half b: the order of a over b holds in about half the resamples.
    const document = eventOf([{ a: ['90', '90', '70', '70'], b: ['70', '70', '89', '89'], c: ['50', '50', '50', '50'] }]);
    const [ab, bc] = standingsPairCounts(
      document,
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      options,
    );
    expect(statisticallyTied(ab, 100, 95)).toBe(true);
    expect(statisticallyTied(bc, 100, 95)).toBe(false);
    expect(computeEvent(document).standings.entries.map((e) => e.presenterId)).toEqual(['a', 'b', 'c']);
  });

  it('draws one panel for every round, and gives the same counts for the same seed', () => {
    const document = eventOf([
      { a: ['80', '85', '70'], b: ['78', '80', '79'] },
      { a: ['75', '90', '72'], b: ['77', '79', '80'] },
    ]);
    const first = standingsPairCounts(document, [['a', 'b']], options);
    expect(standingsPairCounts(document, [['a', 'b']], options)).toEqual(first);
    expect(first[0]).toBeGreaterThan(0);
    expect(first[0]).toBeLessThan(100);
  });
});

describe('boardTies', () => {
  const honesty = { confidence: 95, resamples: 100, seed: 7 };

  it('marks the neighbours of each round board and of the standings the bootstrap cannot tell apart, in board order', () => {
    // Round 1: a and b split the panel, c is far below. Round 2: every judge puts c, then b, then a, far apart.
    const document = eventOf([
      { a: ['90', '90', '70', '70'], b: ['70', '70', '89', '89'], c: ['50', '50', '50', '50'] },
      { a: ['60', '61', '62', '63'], b: ['70', '71', '72', '73'], c: ['80', '81', '82', '83'] },
    ]);
    const ties = boardTies(document, honesty);
    expect(ties.rounds).toEqual({ r0: [['a-0', 'b-0']], r1: [] });
    // Standings (totals): a 147.5 … b 151.5 … c 131.5: b over a is not sure, a over c is.
    expect(computeEvent(document).standings.entries.map((e) => e.presenterId)).toEqual(['b', 'a', 'c']);
    expect(ties.standings).toEqual([['b', 'a']]);
  });

  it('gives the same marks for the same document and seed, and counts pairs exactly as standingsPairCounts does', () => {
    const document = eventOf([
      { a: ['80', '85', '70'], b: ['78', '80', '79'], c: ['60', '90', '75'] },
      { a: ['75', '90', '72'], b: ['77', '79', '80'], c: ['70', '71', '95'] },
    ]);
    const first = boardTies(document, honesty);
    expect(boardTies(document, honesty)).toEqual(first);
    const order = computeEvent(document).standings.entries.map((e) => e.presenterId);
    const pairs = order.slice(1).map((lower, i): [string, string] => [order[i], lower]);
    const counts = standingsPairCounts(document, pairs, honesty);
    expect(first.standings).toEqual(pairs.filter((_, i) => statisticallyTied(counts[i], honesty.resamples, honesty.confidence)));
    // At 50 % confidence fewer (or as many) pairs are tied than at 95 %.
    expect(boardTies(document, { ...honesty, confidence: 50 }).standings.length).toBeLessThanOrEqual(first.standings.length);
  });

  it('marks nothing without judges, and leaves talks with no result off the boards', () => {
    const document = eventOf([{ a: ['90', '80'], b: ['70', '75'] }]);
    expect(boardTies({ ...document, judges: [] }, honesty)).toEqual({ rounds: { r0: [] }, standings: [] });
    const noScores = {
      ...document,
      rounds: document.rounds.map((r) => ({ ...r, presentations: r.presentations.map((p) => ({ ...p, scores: [] })) })),
    };
    expect(boardTies(noScores, honesty)).toEqual({ rounds: { r0: [] }, standings: [] });
  });
});

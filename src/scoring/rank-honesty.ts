import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { computeEvent, type EventComputation, type PodiumDocument } from './document.js';

/**
 * Rank honesty (差异在评分误差内): where the panel's own spread could as well have put two neighbours
 * the other way round, the board says so instead of pretending the order is sure. A declared option:
 * the confidence, the number of resamples and the seed are part of what is shown.
 */
export interface RankHonesty {
  /** Percent: neighbours whose order holds in fewer resamples than this are statistically tied. */
  confidence: number;
  resamples: number;
  seed: number;
}

/**
 * 200 resamples: each runs the whole engine over the event (about 15 ms for 10 units × 7 topics × 9
 * judges), so a board's marks cost about 3 s on the reports' worker when it is set up or corrected.
 */
export const DEFAULT_RANK_HONESTY: RankHonesty = { confidence: 95, resamples: 200, seed: 1 };

/**
 * Whether two neighbours are statistically tied: the upper one stayed strictly above the lower in
 * fewer than `confidence` percent of the resamples. Whole numbers only (stayedAbove × 100 against
 * confidence × resamples), so no rounding of a share decides it.
 */
export function statisticallyTied(stayedAbove: number, resamples: number, confidence: number): boolean {
  return stayedAbove * 100 < confidence * resamples;
}

/**
 * A seeded bootstrap of an event's standings: the judges of the event drawn with replacement (one
 * draw for every round, as one panel scores them all), each drawn judge scoring as the original did
 * (recusals kept), every result and the standings recomputed by the engine under the declared rules.
 * For each pair of presenters (upper, lower): in how many resamples the upper ranked strictly above
 * the lower. The same seed gives the same counts. It runs the whole engine per resample: not for
 * the live path (a board's figures are computed on a worker when set up or corrected).
 */
export function standingsPairCounts(
  document: PodiumDocument,
  pairs: readonly (readonly [string, string])[],
  options: Pick<RankHonesty, 'resamples' | 'seed'>,
): number[] {
  const counts = pairs.map(() => 0);
  bootstrap(document, options, (computation) => {
    countAbove(new Map(computation.standings.entries.map((e) => [e.presenterId, e.rank])), pairs, counts);
  });
  return counts;
}

/** Neighbours on a board, each [upper, lower]: row i and row i + 1. */
export type NeighbourPairs = [string, string][];

/**
 * What rank honesty marks on an event's own boards: the neighbours the bootstrap cannot tell apart,
 * each pair [upper, lower] as the board lists them.
 */
export interface BoardTies {
  /** Per round of the document: talks (presentation ids) next to each other on its board. */
  rounds: Record<string, NeighbourPairs>;
  /** Presenters next to each other in the overall standings (those with a result in some round). */
  standings: NeighbourPairs;
}

/**
 * Rank honesty on an event's own round boards and standings: one seeded bootstrap of the event's
 * judges (standingsPairCounts's), and for every pair of neighbours on each board (ranked talks of a
 * round in their board order; presenters in the standings with a result) whether the upper stayed
 * strictly above the lower in at least `confidence` percent of the resamples. The same document and
 * declaration give the same marks. As heavy as a report: not for the live path.
 */
export function boardTies(document: PodiumDocument, honesty: RankHonesty): BoardTies {
  const original = computeEvent(document);
  const roundPairs = original.rounds.map((r) =>
    neighbours(r.result.presentations.filter((p) => p.status === 'result' && p.rank !== null).map((p) => p.presentationId)),
  );
  const standingsPairs = neighbours(
    original.standings.entries.filter((e) => e.rounds.some((r) => r.result !== null)).map((e) => e.presenterId),
  );
  const roundCounts = roundPairs.map((pairs) => pairs.map(() => 0));
  const standingsCounts = standingsPairs.map(() => 0);
  bootstrap(document, honesty, (computation) => {
    computation.rounds.forEach((r, i) =>
      countAbove(new Map(r.result.presentations.map((p) => [p.presentationId, p.rank])), roundPairs[i], roundCounts[i]),
    );
    countAbove(new Map(computation.standings.entries.map((e) => [e.presenterId, e.rank])), standingsPairs, standingsCounts);
  });
  const tied = (pairs: NeighbourPairs, counts: number[]) =>
    pairs.filter((_, i) => statisticallyTied(counts[i], honesty.resamples, honesty.confidence));
  return {
    rounds: Object.fromEntries(original.rounds.map((r, i) => [r.roundId, tied(roundPairs[i], roundCounts[i])])),
    standings: tied(standingsPairs, standingsCounts),
  };
}

/** Rank honesty's marks as an event keeps them: the ties, for the published results and declaration they were computed from. */
export interface TieMarks extends BoardTies {
  /** The digest of what the published results were computed from (the event's revealed talks). */
  digest: string;
  honesty: RankHonesty;
}

const neighbours = (ids: readonly string[]): NeighbourPairs => ids.slice(1).map((lower, i) => [ids[i], lower]);

/** Adds one to counts[i] where pairs[i]'s upper ranks strictly above its lower in `ranks`. */
function countAbove(
  ranks: ReadonlyMap<string, number | null>,
  pairs: NeighbourPairs | readonly (readonly [string, string])[],
  counts: number[],
): void {
  pairs.forEach(([upper, lower], i) => {
    const a = ranks.get(upper);
    const b = ranks.get(lower);
    if (a != null && b != null && a < b) counts[i]++;
  });
}

/** The seeded resamples of the event's panel (see standingsPairCounts), each computed whole by the engine. */
function bootstrap(
  document: PodiumDocument,
  options: Pick<RankHonesty, 'resamples' | 'seed'>,
  visit: (computation: EventComputation) => void,
): void {
  const judges = document.judges;
  if (judges.length === 0) return;
  const rng = xoroshiro128plus(options.seed);
  for (let r = 0; r < options.resamples; r++) {
    const drawn = judges.map(() => judges[uniformInt(rng, 0, judges.length - 1)]);
    visit(computeEvent(resampled(document, drawn)));
  }
}

/** The document with its panel replaced by the drawn judges (renamed d0, d1, …: one judge may be drawn twice). */
function resampled(document: PodiumDocument, drawn: readonly PodiumDocument['judges'][number][]): PodiumDocument {
  const judges = drawn.map((j, i) => ({ ...j, id: `d${i}`, label: `d${i}` }));
  return {
    ...document,
    judges,
    rounds: document.rounds.map((round) => ({
      ...round,
      presentations: round.presentations.map((p) => {
        const lines = new Map(p.scores.map((s) => [s.judge, s]));
        return {
          ...p,
          scores: drawn.flatMap((j, i) => {
            const line = lines.get(j.id);
            return line ? [{ judge: judges[i].id, values: line.values }] : [];
          }),
          voided: undefined,
        };
      }),
    })),
  };
}

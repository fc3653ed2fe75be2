import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { computeEvent, type PodiumDocument } from './document.js';

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
  const judges = document.judges;
  if (judges.length === 0) return counts;
  const rng = xoroshiro128plus(options.seed);
  for (let r = 0; r < options.resamples; r++) {
    const drawn = judges.map(() => judges[uniformInt(rng, 0, judges.length - 1)]);
    const ranks = new Map(computeEvent(resampled(document, drawn)).standings.entries.map((e) => [e.presenterId, e.rank]));
    pairs.forEach(([upper, lower], i) => {
      const a = ranks.get(upper);
      const b = ranks.get(lower);
      if (a !== undefined && b !== undefined && a < b) counts[i]++;
    });
  }
  return counts;
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

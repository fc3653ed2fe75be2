// npm run bench: the scoring engine on a large round, timed. A benchmark, not a test: it prints
// figures and fails only if the engine throws or rank confidence's fast path and its general-path
// reference disagree.
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import {
  completeMatrix,
  computeRound,
  DEFAULT_RULE,
  icc,
  judgeStatistics,
  kendallW,
  rankConfidence,
  rankConfidenceReference,
  type RoundInput,
} from '../../src/scoring/index.js';

const PRESENTERS = 100;
const JUDGES = 50;
const CRITERIA = 4;
const RESAMPLES = Number(process.env.BENCH_RESAMPLES ?? 1000);
/** The general path (computeRound per resample) is timed on fewer resamples: it takes ~20 ms each. */
const REFERENCE_RESAMPLES = Math.min(RESAMPLES, 100);

function largeRound(seed: number): RoundInput {
  const rng = xoroshiro128plus(seed);
  const criteria = Array.from({ length: CRITERIA }, (_, i) => ({ id: `c${i}`, name: `criterion ${i}`, weight: '1' }));
  const judges = Array.from({ length: JUDGES }, (_, i) => ({ id: `j${i}`, label: `J${i}`, group: null, conflicts: [] as string[] }));
  const presentations = Array.from({ length: PRESENTERS }, (_, i) => ({ id: `p${i}`, presenterId: `p${i}`, unit: `unit ${i}` }));
  // Values on a 0.5 step up to 25 per criterion.
  const scores = presentations.flatMap((p) =>
    judges.map((j) => ({
      presentationId: p.id,
      judgeId: j.id,
      values: Object.fromEntries(criteria.map((c) => [c.id, (uniformInt(rng, 20, 50) / 2).toString()])),
    })),
  );
  return { criteria, groups: [], judges, presentations, scores };
}

function time<T>(label: string, work: () => T): T {
  const start = performance.now();
  const result = work();
  console.log(`${label.padEnd(58)} ${(performance.now() - start).toFixed(0).padStart(8)} ms`);
  return result;
}

const input = largeRound(42);
console.log(`engine: ${PRESENTERS} presenters × ${JUDGES} judges × ${CRITERIA} criteria, trimmed mean k = 1`);
time('computeRound (results, traces, ranking)', () => computeRound(input, DEFAULT_RULE));
time('computeRound with normalisation', () => computeRound(input, { ...DEFAULT_RULE, normalise: true }));
time('ICC (six forms) and Kendall W', () => {
  const matrix = completeMatrix(input);
  return [icc(matrix), kendallW(matrix)];
});
time('judge statistics', () => judgeStatistics(input, { outlierDistance: 10 }));
const confidence = time(`rank confidence, ${RESAMPLES} bootstrap resamples (seed 1)`, () =>
  rankConfidence(input, DEFAULT_RULE, { seed: 1, resamples: RESAMPLES }),
);
console.log(
  `statistically tied neighbour pairs: ${confidence.neighbours.filter((n) => n.statisticallyTied).length} of ${confidence.neighbours.length}`,
);
const reference = time(`rank confidence, general path (reference), ${REFERENCE_RESAMPLES} resamples`, () =>
  rankConfidenceReference(input, DEFAULT_RULE, { seed: 1, resamples: REFERENCE_RESAMPLES }),
);
if (!isDeepStrictEqual(rankConfidence(input, DEFAULT_RULE, { seed: 1, resamples: REFERENCE_RESAMPLES }), reference)) {
  throw new Error(`rank confidence: the fast path and the general path differ on ${REFERENCE_RESAMPLES} resamples, seed 1`);
}
console.log(`rank confidence: fast path = general path on ${REFERENCE_RESAMPLES} resamples (seed 1)`);

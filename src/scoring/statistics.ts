import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { judgeTotal } from './judge-total.js';
import { fastResampleRanker, type ResampleRanker } from './resample.js';
import { computeRound, type RoundInput } from './round.js';
import type { ScoringRule } from './rule.js';

// Descriptive statistics for organizers reviewing their panel. They never decide a result or a
// rank, so they use plain floating point; results and ranks come from computeRound only.

export interface RatingMatrix {
  targets: string[];
  raters: string[];
  /** values[target][rater] */
  values: number[][];
}

/**
 * Presentations × judges with every cell filled, as ICC and Kendall's W need: judges who did not
 * score every presentation of the round (recused, absent) are left out and listed.
 */
export function completeMatrix(input: RoundInput): RatingMatrix & { leftOut: string[] } {
  const totals = totalsOf(input);
  const targets = input.presentations.map((p) => p.id);
  const complete = input.judges.filter((j) => targets.every((t) => totals.has(`${t}|${j.id}`)));
  return {
    targets,
    raters: complete.map((j) => j.id),
    values: targets.map((t) => complete.map((j) => totals.get(`${t}|${j.id}`)!)),
    leftOut: input.judges.filter((j) => !complete.includes(j)).map((j) => j.id),
  };
}

function totalsOf(input: RoundInput): Map<string, number> {
  const map = new Map<string, number>();
  const units = new Map(input.presentations.map((p) => [p.id, p.unit]));
  for (const s of input.scores) {
    const judge = input.judges.find((j) => j.id === s.judgeId);
    if (!judge || judge.conflicts.includes(units.get(s.presentationId) ?? '')) continue;
    map.set(`${s.presentationId}|${s.judgeId}`, Number(judgeTotal(new Map(Object.entries(s.values)), input.criteria)));
  }
  return map;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

export interface IccResult {
  targets: number;
  raters: number;
  meanSquares: { betweenTargets: number; withinTargets: number; betweenRaters: number; residual: number };
  'ICC(1,1)': number;
  'ICC(2,1)': number;
  'ICC(3,1)': number;
  'ICC(1,k)': number;
  'ICC(2,k)': number;
  'ICC(3,k)': number;
}

/** The six intraclass correlations of Shrout & Fleiss (1979), from the two-way ANOVA mean squares. */
export function icc(matrix: RatingMatrix): IccResult | null {
  const n = matrix.targets.length;
  const k = matrix.raters.length;
  if (n < 2 || k < 2) return null;
  const x = matrix.values;
  const grand = mean(x.flat());
  const rowMeans = x.map(mean);
  const colMeans = matrix.raters.map((_, j) => mean(x.map((row) => row[j])));
  const ssTotal = x.flat().reduce((a, v) => a + (v - grand) ** 2, 0);
  const ssRows = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssWithin = ssTotal - ssRows;
  const ssError = ssTotal - ssRows - ssCols;
  const BMS = ssRows / (n - 1);
  const WMS = ssWithin / (n * (k - 1));
  const JMS = ssCols / (k - 1);
  const EMS = ssError / ((n - 1) * (k - 1));
  return {
    targets: n,
    raters: k,
    meanSquares: { betweenTargets: BMS, withinTargets: WMS, betweenRaters: JMS, residual: EMS },
    'ICC(1,1)': (BMS - WMS) / (BMS + (k - 1) * WMS),
    'ICC(2,1)': (BMS - EMS) / (BMS + (k - 1) * EMS + (k * (JMS - EMS)) / n),
    'ICC(3,1)': (BMS - EMS) / (BMS + (k - 1) * EMS),
    'ICC(1,k)': (BMS - WMS) / BMS,
    'ICC(2,k)': (BMS - EMS) / (BMS + (JMS - EMS) / n),
    'ICC(3,k)': (BMS - EMS) / BMS,
  };
}

/** Ranks 1..n (ascending values), ties sharing the mean of their positions. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    for (let p = start; p <= end; p++) ranks[order[p].i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

export interface KendallResult {
  targets: number;
  raters: number;
  /** Corrected for ties within raters. */
  w: number;
  chiSquare: number;
  df: number;
}

/** Kendall's coefficient of concordance W, corrected for ties: W = 12S / (m²(n³ − n) − mΣT). */
export function kendallW(matrix: RatingMatrix): KendallResult | null {
  const n = matrix.targets.length;
  const m = matrix.raters.length;
  if (n < 2 || m < 2) return null;
  const ranksByRater = matrix.raters.map((_, j) => averageRanks(matrix.values.map((row) => row[j])));
  const rankSums = matrix.targets.map((_, i) => ranksByRater.reduce((a, r) => a + r[i], 0));
  const meanSum = mean(rankSums);
  const S = rankSums.reduce((a, r) => a + (r - meanSum) ** 2, 0);
  const T = ranksByRater.reduce((acc, ranks) => {
    const counts = new Map<number, number>();
    ranks.forEach((r) => counts.set(r, (counts.get(r) ?? 0) + 1));
    return acc + [...counts.values()].reduce((a, t) => a + (t ** 3 - t), 0);
  }, 0);
  const denominator = m ** 2 * (n ** 3 - n) - m * T;
  const w = denominator === 0 ? 1 : (12 * S) / denominator;
  return { targets: n, raters: m, w, chiSquare: m * (n - 1) * w, df: n - 1 };
}

function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 3) return null;
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const ma = mean(ra);
  const mb = mean(rb);
  const cov = ra.reduce((acc, r, i) => acc + (r - ma) * (rb[i] - mb), 0);
  const va = ra.reduce((acc, r) => acc + (r - ma) ** 2, 0);
  const vb = rb.reduce((acc, r) => acc + (r - mb) ** 2, 0);
  return va === 0 || vb === 0 ? null : cov / Math.sqrt(va * vb);
}

export interface JudgeStatistics {
  judgeId: string;
  label: string;
  scored: number;
  /** Mean of (this judge's total − the other judges' mean) over the talks scored: > 0 lenient, < 0 severe. */
  meanOffset: number | null;
  /** Standard deviation of this judge's totals. */
  spread: number | null;
  /** Spearman correlation of this judge's totals with the rest of the panel's means (leave-one-out). */
  rankCorrelation: number | null;
  /** Totals further than the declared distance from the panel's median for that talk. */
  outliers: { presentationId: string; total: number; panelMedian: number; distance: number }[];
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Per judge: leniency or severity, spread, agreement with the rest of the panel, and far-off scores. */
export function judgeStatistics(input: RoundInput, options: { outlierDistance: number }): JudgeStatistics[] {
  const totals = totalsOf(input);
  return input.judges.map((judge) => {
    const own: number[] = [];
    const others: number[] = [];
    const outliers: JudgeStatistics['outliers'] = [];
    for (const p of input.presentations) {
      const mine = totals.get(`${p.id}|${judge.id}`);
      if (mine === undefined) continue;
      const panel = input.judges.map((j) => totals.get(`${p.id}|${j.id}`)).filter((v): v is number => v !== undefined);
      const rest = input.judges
        .filter((j) => j.id !== judge.id)
        .map((j) => totals.get(`${p.id}|${j.id}`))
        .filter((v): v is number => v !== undefined);
      const m = median(panel);
      if (Math.abs(mine - m) > options.outlierDistance)
        outliers.push({ presentationId: p.id, total: mine, panelMedian: m, distance: Math.abs(mine - m) });
      if (rest.length === 0) continue;
      own.push(mine);
      others.push(mean(rest));
    }
    return {
      judgeId: judge.id,
      label: judge.label,
      scored: own.length,
      meanOffset: own.length ? mean(own.map((v, i) => v - others[i])) : null,
      spread: own.length ? sd(own) : null,
      rankCorrelation: spearman(own, others),
      outliers,
    };
  });
}

export interface RankConfidence {
  seed: number;
  resamples: number;
  presentations: { presentationId: string; rank: number | null; probabilities: number[] }[];
  /** For each pair of neighbours in the published ranking: how often the upper one stayed above. */
  neighbours: { above: string; below: string; aboveInShare: number; statisticallyTied: boolean }[];
}

/**
 * How sure each rank is: the judges of the round are resampled with replacement (a seeded
 * bootstrap, so the same seed gives the same figures), every result recomputed under the
 * declared rule, and the ranks tallied. Neighbours whose order holds in fewer than 95% of the
 * resamples are statistically tied.
 *
 * Each resample is ranked by the fast path (resample.ts) where it covers the rule, which gives
 * the same ranks as computeRound on the resample; otherwise by computeRound itself.
 */
export function rankConfidence(input: RoundInput, rule: ScoringRule, options: { seed: number; resamples: number }): RankConfidence {
  return bootstrap(input, rule, options, (scores) => fastResampleRanker(input, rule, scores) ?? generalResampleRanker(input, rule, scores));
}

/**
 * rankConfidence by the general path only: computeRound on every resample. The reference the fast
 * path is checked against (statistics.spec.ts, npm run bench); not for use elsewhere, it is slow.
 */
export function rankConfidenceReference(
  input: RoundInput,
  rule: ScoringRule,
  options: { seed: number; resamples: number },
): RankConfidence {
  return bootstrap(input, rule, options, (scores) => generalResampleRanker(input, rule, scores));
}

/** Each judge's scores, each as its total in the one criterion "total". */
type ScoresByJudge = Map<string, (RoundInput['scores'][number] & { values: { total: string } })[]>;

/** A resample as computeRound takes it, ranked by computeRound: the drawn judges (indices into input.judges) renamed r0, r1, …. */
function generalResampleRanker(input: RoundInput, rule: ScoringRule, byJudge: ScoresByJudge): ResampleRanker {
  return (drawnIndices) => {
    const drawn = drawnIndices.map((i) => input.judges[i]);
    const resample: RoundInput = {
      ...input,
      criteria: [{ id: 'total', name: 'total', weight: '1' }],
      judges: drawn.map((j, i) => ({ ...j, id: `r${i}` })),
      scores: drawn.flatMap((j, i) => byJudge.get(j.id)!.map((s) => ({ ...s, judgeId: `r${i}` }))),
    };
    return new Map(computeRound(resample, rule).presentations.map((p) => [p.presentationId, p.rank]));
  };
}

function bootstrap(
  input: RoundInput,
  rule: ScoringRule,
  options: { seed: number; resamples: number },
  ranker: (byJudge: ScoresByJudge) => ResampleRanker,
): RankConfidence {
  const published = computeRound(input, rule).presentations.filter((p) => p.status === 'result');
  const n = input.presentations.length;
  const tally = new Map(input.presentations.map((p) => [p.id, new Array<number>(n).fill(0)]));
  const above = new Map<string, number>();
  const rng = xoroshiro128plus(options.seed);
  // Each score becomes a one-criterion total first, so a resample only re-aggregates.
  const byJudge: ScoresByJudge = new Map(input.judges.map((j) => [j.id, []]));
  for (const s of input.scores)
    byJudge.get(s.judgeId)?.push({ ...s, values: { total: judgeTotal(new Map(Object.entries(s.values)), input.criteria) } });
  const ranksOf = ranker(byJudge);
  for (let r = 0; r < options.resamples; r++) {
    const drawn = input.judges.map(() => uniformInt(rng, 0, input.judges.length - 1));
    const ranks = ranksOf(drawn);
    for (const [id, counts] of tally) {
      const rank = ranks.get(id);
      if (rank) counts[rank - 1]++;
    }
    for (let i = 0; i + 1 < published.length; i++) {
      const a = ranks.get(published[i].presentationId);
      const b = ranks.get(published[i + 1].presentationId);
      if (a && b && a < b) above.set(published[i].presentationId, (above.get(published[i].presentationId) ?? 0) + 1);
    }
  }
  return {
    seed: options.seed,
    resamples: options.resamples,
    presentations: input.presentations.map((p) => ({
      presentationId: p.id,
      rank: published.find((x) => x.presentationId === p.id)?.rank ?? null,
      probabilities: tally.get(p.id)!.map((c) => c / options.resamples),
    })),
    neighbours: published.slice(0, -1).map((p, i) => {
      const share = (above.get(p.presentationId) ?? 0) / options.resamples;
      return { above: p.presentationId, below: published[i + 1].presentationId, aboveInShare: share, statisticallyTied: share < 0.95 };
    }),
  };
}

import { Exact, exact, sum, toText } from './decimal.js';

export interface RoundTotal {
  presentationId: string;
  judgeId: string;
  total: string;
}

export interface Normalisation {
  panel: { mean: string; spread: string };
  judges: { judgeId: string; mean: string; spread: string; count: number }[];
  /** presentationId → judgeId → normalised total. */
  totals: Map<string, Map<string, string>>;
}

const mean = (values: readonly Exact[]) => sum(values).dividedBy(values.length);
/** Population standard deviation. */
const spread = (values: readonly Exact[], m: Exact) =>
  sum(values.map((v) => v.minus(m).pow(2)))
    .dividedBy(values.length)
    .sqrt();

/**
 * Per-judge normalisation against leniency: each judge's totals in the round become z-scores
 * (against that judge's own mean and spread), then are mapped back onto the whole panel's mean
 * and spread. A judge who gave everyone the same total (spread 0) is mapped onto the panel mean.
 * Exact to 60 significant digits; a square root is the only irrational step.
 */
export function normaliseRound(totals: readonly RoundTotal[]): Normalisation {
  const all = totals.map((t) => exact(t.total));
  const panelMean = all.length ? mean(all) : new Exact(0);
  const panelSpread = all.length ? spread(all, panelMean) : new Exact(0);
  const byJudge = new Map<string, RoundTotal[]>();
  for (const t of totals) byJudge.set(t.judgeId, [...(byJudge.get(t.judgeId) ?? []), t]);
  const judges: Normalisation['judges'] = [];
  const normalised = new Map<string, Map<string, string>>();
  for (const [judgeId, own] of byJudge) {
    const values = own.map((t) => exact(t.total));
    const m = mean(values);
    const s = spread(values, m);
    judges.push({ judgeId, mean: toText(m), spread: toText(s), count: values.length });
    own.forEach((t, i) => {
      const z = s.isZero() ? new Exact(0) : values[i].minus(m).dividedBy(s);
      const row = normalised.get(t.presentationId) ?? new Map<string, string>();
      row.set(judgeId, toText(panelMean.plus(z.times(panelSpread))));
      normalised.set(t.presentationId, row);
    });
  }
  return { panel: { mean: toText(panelMean), spread: toText(panelSpread) }, judges, totals: normalised };
}

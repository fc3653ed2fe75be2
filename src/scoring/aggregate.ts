import { Exact, exact, roundHalfUp, toText } from './decimal.js';

export type AggregationMethod = 'mean' | 'trimmed_mean';

export interface AggregationRule {
  method: AggregationMethod;
  /** How many of the highest and of the lowest totals a trimmed mean drops (k = 1: 去掉一个最高分、一个最低分). */
  trimK: number;
  /** Decimals of the published result; ranks are decided on this rounded value. */
  decimals: number;
}

export interface JudgeTotal {
  judgeId: string;
  total: string;
}

export type DropReason = 'highest' | 'lowest';

export interface CountedTotal extends JudgeTotal {
  dropped: DropReason | null;
}

export interface PresentationResult {
  /** Every judge's total, in ascending order, with the ones the rule dropped marked. */
  totals: CountedTotal[];
  /** The rule that was actually applied. */
  applied: AggregationMethod;
  /** True when a trimmed mean was declared but too few judges remained, so the plain mean was used. */
  trimFellBack: boolean;
  countedCount: number;
  /** The mean before rounding (60 significant digits). */
  exact: string;
  /** The published result, rounded half-up to the declared decimals. */
  final: string;
}

/**
 * The result of one presentation from its judges' totals. Judges in conflict never have a
 * total here: they are left out before aggregation, and the trim applies to those who remain.
 * Returns null when nobody has scored.
 */
export function aggregate(totals: readonly JudgeTotal[], rule: AggregationRule): PresentationResult | null {
  if (totals.length === 0) return null;
  // Sorting by value, then judge id, makes the choice among equal extremes deterministic;
  // which of two equal totals is struck out never changes the result.
  const sorted = [...totals].sort((a, b) => exact(a.total).comparedTo(exact(b.total)) || a.judgeId.localeCompare(b.judgeId));
  const k = rule.method === 'trimmed_mean' ? rule.trimK : 0;
  const canTrim = sorted.length > 2 * k;
  const trim = canTrim ? k : 0;
  const marked: CountedTotal[] = sorted.map((t, i) => ({
    judgeId: t.judgeId,
    total: t.total,
    dropped: i < trim ? 'lowest' : i >= sorted.length - trim ? 'highest' : null,
  }));
  const counted = marked.filter((t) => t.dropped === null);
  const sum = counted.reduce((acc, t) => acc.plus(exact(t.total)), new Exact(0));
  const mean = sum.dividedBy(counted.length);
  return {
    totals: marked,
    applied: trim > 0 ? 'trimmed_mean' : 'mean',
    trimFellBack: rule.method === 'trimmed_mean' && k > 0 && !canTrim,
    countedCount: counted.length,
    exact: toText(mean),
    final: roundHalfUp(mean, rule.decimals),
  };
}

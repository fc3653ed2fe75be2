import { Exact, exact, sum, toText } from './decimal.js';
import { type Aggregation, type AggregationMethod, type ScoringRule, type SimpleAggregation, trimOf } from './rule.js';

export interface JudgeTotal {
  judgeId: string;
  total: string;
  /** The judge's group, needed by group_weighted. */
  group?: string | null;
  /** The judge's seat label: among equal totals, the one struck out is decided by seat, then id. */
  label?: string;
}

/** Why a total did not count: trimmed as a highest or lowest, or its judge is in no declared group. */
export type DropReason = 'highest' | 'lowest' | 'no_group';

export interface MarkedTotal extends JudgeTotal {
  dropped: DropReason | null;
}

/** The arithmetic of a result, as data: what the trace shows line by line. */
export type Arithmetic =
  | { operation: 'mean' | 'sum'; operands: string[]; sum: string; count: number; result: string }
  | { operation: 'median'; operands: string[]; middle: string[]; result: string }
  | { operation: 'diving'; operands: string[]; sum: string; multiplier: string; result: string }
  | { operation: 'weighted_mean'; terms: { group: string; weight: string; value: string }[]; weightSum: string; result: string }
  /**
   * An audience group (大众评委): the mean of the attendees' ballot totals on the evaluation card,
   * carried onto the judges' scale: mean ÷ the card's most × the rubric's most.
   */
  | { operation: 'audience'; ballots: number; sum: string; mean: string; cardMax: string; scaleMax: string; result: string };

export interface GroupOutcome {
  group: string;
  weight: string;
  applied: AggregationMethod;
  fellBack: boolean;
  value: string | null;
  arithmetic: Arithmetic | null;
}

export interface AggregateOutcome {
  /** Null when the rule gives no result (too few judges to trim, declared as no_result). */
  value: Exact | null;
  /** Every total in ascending order, with what the rule dropped. */
  totals: MarkedTotal[];
  applied: AggregationMethod;
  /** A trim was declared but too few judges remained, so the untrimmed form was used. */
  fellBack: boolean;
  arithmetic: Arithmetic | null;
  /** group_weighted only: each group's own result. */
  groups?: GroupOutcome[];
  /** group_weighted only: groups without any total here (left out of the weighting). */
  missingGroups?: string[];
}

export interface AggregateContext {
  tooFewToTrim: ScoringRule['tooFewToTrim'];
  /** Group weights, for group_weighted; `audience`: the group's value comes from attendees' ballots, not judges. */
  groups?: readonly { name: string; weight: string; audience?: boolean }[];
  /** The attendees' ballots on this talk, per audience group (group_weighted only). */
  audience?: readonly AudienceBallots[];
  /** The most a judge's total can be (the rubric's scale), onto which an audience's mean is carried. */
  scaleMax?: string;
}

/** The ballots counted for an audience group on one talk: how many, the exact sum of their totals, and the card's most. */
export interface AudienceBallots {
  group: string;
  ballots: number;
  sum: string;
  cardMax: string;
}

/** An audience group's value on a talk: the ballots' mean on the card, carried onto the judges' scale (null: no ballot). */
export function audienceValue(
  ballots: AudienceBallots | undefined,
  scaleMax: string,
): Extract<Arithmetic, { operation: 'audience' }> | null {
  if (!ballots || ballots.ballots === 0) return null;
  const mean = exact(ballots.sum).dividedBy(ballots.ballots);
  const value = mean.dividedBy(exact(ballots.cardMax)).times(exact(scaleMax));
  return {
    operation: 'audience',
    ballots: ballots.ballots,
    sum: ballots.sum,
    mean: toText(mean),
    cardMax: ballots.cardMax,
    scaleMax,
    result: toText(value),
  };
}

// Ordinal, not locale, comparison of ids: only determinism matters, and it is called a lot.
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySeat = (a: JudgeTotal, b: JudgeTotal) => byId(a.label ?? '', b.label ?? '') || byId(a.judgeId, b.judgeId);
const byValue = (a: JudgeTotal, b: JudgeTotal) => exact(a.total).comparedTo(exact(b.total)) || bySeat(a, b);

/**
 * The result of one presentation from the totals of the judges who may score it (judges in
 * conflict are left out before: the trim applies to those who remain). Null when nobody scored.
 */
export function aggregate(totals: readonly JudgeTotal[], aggregation: Aggregation, context: AggregateContext): AggregateOutcome | null {
  if (totals.length === 0) return null;
  if (aggregation.method !== 'group_weighted') return aggregateSimple(totals, aggregation, context);
  return aggregateGroups(totals, aggregation, context);
}

/** Sorted totals as the arithmetic reads them: how many, their exact sum, and the one at a position (ascending). */
export interface SortedTotals {
  count: number;
  sum(): Exact;
  at(position: number): Exact;
}

/** How many totals a simple aggregation of n totals drops at each end, and whether it fell back (too few to trim). */
export function trimFor(aggregation: SimpleAggregation, n: number): { trim: number; fellBack: boolean } {
  const k = trimOf(aggregation);
  const canTrim = n > 2 * k;
  return { trim: canTrim ? k : 0, fellBack: k > 0 && !canTrim };
}

/** The positions of the middle of n sorted values: one when n is odd, two when even. */
export function middleOf(n: number): number[] {
  return n % 2 === 1 ? [(n - 1) / 2] : [n / 2 - 1, n / 2];
}

/** The value of a simple aggregation from the totals it counts (those left after the trim). */
export function simpleValue(aggregation: SimpleAggregation, counted: SortedTotals): Exact {
  switch (aggregation.method) {
    case 'sum':
      return counted.sum();
    case 'median': {
      const middle = middleOf(counted.count);
      return sum(middle.map((i) => counted.at(i))).dividedBy(middle.length);
    }
    case 'diving':
      return counted.sum().times(exact(aggregation.multiplier));
    case 'mean':
    case 'trimmed_mean':
      return counted.sum().dividedBy(counted.count);
  }
}

function aggregateSimple(totals: readonly JudgeTotal[], aggregation: SimpleAggregation, context: AggregateContext): AggregateOutcome {
  // Sorting by value, then seat, makes the choice among equal extremes deterministic and the
  // same wherever the data goes (ids differ between a server and a file; seats do not). Which
  // of two equal totals is struck out never changes the result.
  const parsed = totals.map((t) => ({ t, v: exact(t.total) }));
  const sorted = parsed.sort((a, b) => a.v.comparedTo(b.v) || bySeat(a.t, b.t)).map((x) => x.t);
  const { trim, fellBack } = trimFor(aggregation, sorted.length);
  const marked: MarkedTotal[] = sorted.map((t, i) => ({
    ...t,
    dropped: i < trim ? 'lowest' : i >= sorted.length - trim ? 'highest' : null,
  }));
  if (fellBack && context.tooFewToTrim === 'no_result') {
    return { value: null, totals: marked, applied: aggregation.method, fellBack, arithmetic: null };
  }
  const counted = marked.filter((t) => t.dropped === null);
  const operands = counted.map((t) => t.total);
  const values = operands.map(exact);
  const total = sum(values);
  const value = simpleValue(aggregation, { count: values.length, sum: () => total, at: (i) => values[i] });
  switch (aggregation.method) {
    case 'sum':
      return outcome(marked, 'sum', false, value, {
        operation: 'sum',
        operands,
        sum: toText(total),
        count: values.length,
        result: toText(value),
      });
    case 'median': {
      const middle = middleOf(values.length).map((i) => operands[i]);
      return outcome(marked, 'median', false, value, { operation: 'median', operands, middle, result: toText(value) });
    }
    case 'diving':
      return outcome(marked, 'diving', fellBack, value, {
        operation: 'diving',
        operands,
        sum: toText(total),
        multiplier: aggregation.multiplier,
        result: toText(value),
      });
    case 'mean':
    case 'trimmed_mean': {
      const applied = trim > 0 ? 'trimmed_mean' : 'mean';
      return outcome(marked, applied, fellBack, value, {
        operation: 'mean',
        operands,
        sum: toText(total),
        count: values.length,
        result: toText(value),
      });
    }
  }
}

function outcome(
  totals: MarkedTotal[],
  applied: AggregationMethod,
  fellBack: boolean,
  value: Exact,
  arithmetic: Arithmetic,
): AggregateOutcome {
  return { value, totals, applied, fellBack, arithmetic };
}

/** The rule a judge group is aggregated by: its own when declared, else the rule within groups. */
export function groupAggregation(aggregation: Extract<Aggregation, { method: 'group_weighted' }>, group: string): SimpleAggregation {
  return aggregation.byGroup?.find((g) => g.group === group)?.aggregation ?? aggregation.within;
}

/** The weighted mean of the groups' results, in the groups' order (0 when the weights sum to 0). */
export function weightedMean(terms: readonly { weight: Exact; value: Exact }[]): { weightSum: Exact; value: Exact } {
  const weightSum = sum(terms.map((g) => g.weight));
  const weighted = sum(terms.map((g) => g.weight.times(g.value)));
  return { weightSum, value: weightSum.isZero() ? new Exact(0) : weighted.dividedBy(weightSum) };
}

function aggregateGroups(
  totals: readonly JudgeTotal[],
  aggregation: Extract<Aggregation, { method: 'group_weighted' }>,
  context: AggregateContext,
): AggregateOutcome {
  const groups = context.groups ?? [];
  const outcomes: GroupOutcome[] = [];
  const marked: MarkedTotal[] = [];
  const missingGroups: string[] = [];
  for (const group of groups) {
    if (group.audience) {
      const arithmetic = audienceValue(
        context.audience?.find((a) => a.group === group.name),
        context.scaleMax ?? '0',
      );
      if (arithmetic)
        outcomes.push({ group: group.name, weight: group.weight, applied: 'mean', fellBack: false, value: arithmetic.result, arithmetic });
      else missingGroups.push(group.name);
      continue;
    }
    const own = totals.filter((t) => t.group === group.name);
    const rule = groupAggregation(aggregation, group.name);
    if (own.length === 0) {
      missingGroups.push(group.name);
      continue;
    }
    const result = aggregateSimple(own, rule, context);
    marked.push(...result.totals);
    outcomes.push({
      group: group.name,
      weight: group.weight,
      applied: result.applied,
      fellBack: result.fellBack,
      value: result.value && toText(result.value),
      arithmetic: result.arithmetic,
    });
  }
  // Judges outside every declared group cannot be weighted; they are listed, never silently counted.
  const ungrouped = totals.filter((t) => !groups.some((g) => g.name === t.group)).map((t) => ({ ...t, dropped: 'no_group' as const }));
  const weighed = outcomes.filter((g) => g.value !== null);
  const fellBack = outcomes.some((g) => g.fellBack);
  const sortedTotals = [...marked, ...ungrouped].sort(byValue);
  if (weighed.length === 0)
    return { value: null, totals: sortedTotals, applied: 'group_weighted', fellBack, arithmetic: null, groups: outcomes, missingGroups };
  const { weightSum, value } = weightedMean(weighed.map((g) => ({ weight: exact(g.weight), value: exact(g.value!) })));
  return {
    value,
    totals: sortedTotals,
    applied: 'group_weighted',
    fellBack,
    arithmetic: {
      operation: 'weighted_mean',
      terms: weighed.map((g) => ({ group: g.group, weight: g.weight, value: g.value! })),
      weightSum: toText(weightSum),
      result: toText(value),
    },
    groups: outcomes,
    missingGroups,
  };
}

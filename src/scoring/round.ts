import {
  aggregate,
  type AggregateOutcome,
  type Arithmetic,
  type AudienceBallots,
  type GroupOutcome,
  middleOf,
  type SortedTotals,
} from './aggregate.js';
import { exact, round, sum, toText } from './decimal.js';
import { judgeTotal } from './judge-total.js';
import { type Normalisation, normaliseRound } from './normalise.js';
import { rank } from './rank.js';
import type { AggregationMethod, ScoringRule, TieBreak } from './rule.js';

/** One round as the engine sees it: plain data, the same whether it comes from the database or a file. */
export interface RoundInput {
  /** `maxScore`: needed only to carry an audience group's ballots onto the judges' scale. */
  criteria: readonly { id: string; name: string; weight: string; maxScore?: string }[];
  /** `audience`: a 大众评委 group, whose value on a talk is its attendees' ballots (group_weighted only). */
  groups: readonly { name: string; weight: string; audience?: boolean }[];
  judges: readonly { id: string; label: string; group: string | null; conflicts: readonly string[] }[];
  /** `audience`: the ballots counted for each audience group on the talk. */
  presentations: readonly { id: string; presenterId: string; unit: string; audience?: readonly AudienceBallots[] }[];
  /** Each judge's current score per presentation: criterion id → decimal string. */
  scores: readonly { presentationId: string; judgeId: string; values: Readonly<Record<string, string>> }[];
}

export type JudgeStatus = 'counted' | 'dropped_highest' | 'dropped_lowest' | 'no_group' | 'recused' | 'not_scored';

export interface JudgeLine {
  judgeId: string;
  label: string;
  group: string | null;
  status: JudgeStatus;
  total: string | null;
  /** With normalisation: the total after it, which is what was aggregated. */
  normalisedTotal?: string;
}

/** The explanation of a result as data, in the order it was worked out. */
export type TraceStep =
  | { step: 'eligible'; counted: number; recused: string[]; notScored: string[] }
  | { step: 'normalise'; panelMean: string; panelSpread: string }
  | { step: 'drop'; judgeId: string; label: string; total: string; reason: 'highest' | 'lowest' | 'no_group' }
  | { step: 'fallback'; declared: AggregationMethod; reason: 'too_few_to_trim'; outcome: 'untrimmed' | 'no_result' }
  | { step: 'group'; group: string; weight: string; applied: AggregationMethod; value: string | null; arithmetic: Arithmetic | null }
  | { step: 'arithmetic'; arithmetic: Arithmetic }
  | { step: 'round'; exact: string; decimals: number; mode: string; result: string }
  | { step: 'provisional'; reason: ProvisionalReason }
  | { step: 'tie_break'; by: TieBreak['by']; value: string | null }
  | { step: 'rank'; rank: number; on: 'rounded' | 'exact'; value: string; sharedWith: string[]; decidedBy: TieBreak['by'] | null };

export type ProvisionalReason = 'below_min_judges' | 'no_result' | 'normalised_round_incomplete' | 'group_missing';

export interface PresentationResult {
  presentationId: string;
  presenterId: string;
  /** no_scores: nobody eligible has scored; no_result: the rule declines to give one (see trace). */
  status: 'result' | 'no_scores' | 'no_result';
  provisional: ProvisionalReason[];
  judges: JudgeLine[];
  applied: AggregationMethod | null;
  fellBack: boolean;
  groups?: GroupOutcome[];
  exact: string | null;
  /** The published result: rounded once, as declared. */
  rounded: string | null;
  rank: number | null;
  sharedWith: string[];
  tieBreaks: { by: TieBreak['by']; value: string | null }[];
  trace: TraceStep[];
}

export interface RoundResult {
  rule: ScoringRule;
  normalisation: Omit<Normalisation, 'totals'> | null;
  /** Ranked presentations first, by rank; then those without a result. */
  presentations: PresentationResult[];
}

const key = (presentationId: string, judgeId: string) => `${presentationId}\u0000${judgeId}`;

/**
 * Every result of a round under a declared rule, with its trace, and the ranking. This is the
 * one place results are computed: the screens, the reviews, the exports and the CLI all call it.
 */
export function computeRound(input: RoundInput, rule: ScoringRule, options: { complete?: boolean } = {}): RoundResult {
  const judgesById = new Map(input.judges.map((j) => [j.id, j]));
  const totals = new Map<string, string>();
  for (const score of input.scores) {
    if (!judgesById.has(score.judgeId)) continue;
    totals.set(key(score.presentationId, score.judgeId), judgeTotal(new Map(Object.entries(score.values)), input.criteria));
  }
  const eligible = (p: RoundInput['presentations'][number]) => input.judges.filter((j) => !j.conflicts.includes(p.unit));
  const roundTotals = input.presentations.flatMap((p) =>
    eligible(p).flatMap((j) => {
      const total = totals.get(key(p.id, j.id));
      return total === undefined ? [] : [{ presentationId: p.id, judgeId: j.id, total }];
    }),
  );
  const normalisation = rule.normalise ? normaliseRound(roundTotals) : null;
  const scaleMax = input.groups.some((g) => g.audience)
    ? judgeTotal(new Map(input.criteria.map((c) => [c.id, c.maxScore ?? '0'])), input.criteria)
    : '0';

  const results = input.presentations.map((presentation) => {
    const judges = eligible(presentation);
    const scored = judges.flatMap((j) => {
      const total = totals.get(key(presentation.id, j.id));
      const used = normalisation?.totals.get(presentation.id)?.get(j.id) ?? total;
      return total === undefined ? [] : [{ judgeId: j.id, label: j.label, total: used!, raw: total, group: j.group }];
    });
    const audience = rule.aggregation.method === 'group_weighted' ? presentation.audience : undefined;
    const outcome = aggregate(scored, rule.aggregation, { tooFewToTrim: rule.tooFewToTrim, groups: input.groups, audience, scaleMax });
    return describe(input, rule, presentation, scored, outcome, normalisation, options.complete ?? true);
  });

  const ranked = results.filter((r) => r.status === 'result');
  const placings = rank(
    ranked.map((r) => ({
      id: r.presentationId,
      value: exact(rule.rankOn === 'rounded' ? r.rounded! : r.exact!),
      keys: r.tieBreaks.map((t) => (t.value === null ? null : exact(t.value))),
    })),
    rule.ranking,
  );
  const byId = new Map(ranked.map((r) => [r.presentationId, r]));
  const rankValue = (r: PresentationResult) => (rule.rankOn === 'rounded' ? r.rounded! : r.exact!);
  const valueCounts = new Map<string, number>();
  for (const r of ranked) valueCounts.set(rankValue(r), (valueCounts.get(rankValue(r)) ?? 0) + 1);
  for (const placing of placings) {
    const result = byId.get(placing.id)!;
    result.rank = placing.rank;
    result.sharedWith = placing.sharedWith;
    // Canonical decimal texts (exact) and fixed-decimal texts (rounded) are equal exactly when the values are.
    const tied = valueCounts.get(rankValue(result))! > 1;
    if (tied) result.trace.push(...result.tieBreaks.map((t) => ({ step: 'tie_break' as const, by: t.by, value: t.value })));
    result.trace.push({
      step: 'rank',
      rank: placing.rank,
      on: rule.rankOn,
      value: rule.rankOn === 'rounded' ? result.rounded! : result.exact!,
      sharedWith: placing.sharedWith,
      decidedBy: placing.decidedBy === null ? null : rule.tieBreak[placing.decidedBy].by,
    });
  }
  const order = new Map(placings.map((p, i) => [p.id, i]));
  const presentations = [
    ...ranked.sort((a, b) => order.get(a.presentationId)! - order.get(b.presentationId)!),
    ...results.filter((r) => r.status !== 'result'),
  ];
  return { rule, normalisation: normalisation && { panel: normalisation.panel, judges: normalisation.judges }, presentations };
}

function describe(
  input: RoundInput,
  rule: ScoringRule,
  presentation: RoundInput['presentations'][number],
  scored: { judgeId: string; total: string; raw: string; group: string | null }[],
  outcome: AggregateOutcome | null,
  normalisation: Normalisation | null,
  complete: boolean,
): PresentationResult {
  const marks = new Map(outcome?.totals.map((t) => [t.judgeId, t.dropped]) ?? []);
  const scoredBy = new Map(scored.map((s) => [s.judgeId, s]));
  const judges: JudgeLine[] = input.judges.map((j) => {
    const line = scoredBy.get(j.id);
    const base = { judgeId: j.id, label: j.label, group: j.group };
    if (j.conflicts.includes(presentation.unit)) return { ...base, status: 'recused', total: null };
    if (!line) return { ...base, status: 'not_scored', total: null };
    const dropped = marks.get(j.id);
    const status: JudgeStatus =
      dropped === 'highest' ? 'dropped_highest' : dropped === 'lowest' ? 'dropped_lowest' : dropped === 'no_group' ? 'no_group' : 'counted';
    return { ...base, status, total: line.raw, ...(normalisation ? { normalisedTotal: line.total } : {}) };
  });
  const trace: TraceStep[] = [
    {
      step: 'eligible',
      counted: scored.length,
      recused: judges.filter((j) => j.status === 'recused').map((j) => j.judgeId),
      notScored: judges.filter((j) => j.status === 'not_scored').map((j) => j.judgeId),
    },
  ];
  const provisional: ProvisionalReason[] = [];
  const base = {
    presentationId: presentation.id,
    presenterId: presentation.presenterId,
    judges,
    rank: null,
    sharedWith: [],
    trace,
    provisional,
  };
  if (!outcome) return { ...base, status: 'no_scores', applied: null, fellBack: false, exact: null, rounded: null, tieBreaks: [] };

  if (normalisation) trace.push({ step: 'normalise', panelMean: normalisation.panel.mean, panelSpread: normalisation.panel.spread });
  for (const t of outcome.totals) {
    if (t.dropped)
      trace.push({
        step: 'drop',
        judgeId: t.judgeId,
        label: input.judges.find((j) => j.id === t.judgeId)!.label,
        total: t.total,
        reason: t.dropped,
      });
  }
  if (outcome.fellBack)
    trace.push({ step: 'fallback', declared: rule.aggregation.method, reason: 'too_few_to_trim', outcome: rule.tooFewToTrim });
  for (const g of outcome.groups ?? [])
    trace.push({ step: 'group', group: g.group, weight: g.weight, applied: g.applied, value: g.value, arithmetic: g.arithmetic });
  if (outcome.arithmetic) trace.push({ step: 'arithmetic', arithmetic: outcome.arithmetic });

  if (scored.length < rule.minJudges) provisional.push('below_min_judges');
  if ((outcome.missingGroups?.length ?? 0) > 0) provisional.push('group_missing');
  if (rule.normalise && !complete) provisional.push('normalised_round_incomplete');
  if (outcome.value === null) {
    provisional.push('no_result');
    provisional.forEach((reason) => trace.push({ step: 'provisional', reason }));
    return {
      ...base,
      status: 'no_result',
      applied: outcome.applied,
      fellBack: outcome.fellBack,
      groups: outcome.groups,
      exact: null,
      rounded: null,
      tieBreaks: [],
    };
  }
  const exactText = toText(outcome.value);
  const rounded = round(outcome.value, rule.rounding.decimals, rule.rounding.mode);
  trace.push({ step: 'round', exact: exactText, decimals: rule.rounding.decimals, mode: rule.rounding.mode, result: rounded });
  provisional.forEach((reason) => trace.push({ step: 'provisional', reason }));
  return {
    ...base,
    status: 'result',
    applied: outcome.applied,
    fellBack: outcome.fellBack,
    groups: outcome.groups,
    exact: exactText,
    rounded,
    tieBreaks: rule.tieBreak.map((t) => ({ by: t.by, value: tieBreakValue(t, input, presentation.id, scored) })),
  };
}

/** The value a tie-break compares (higher is better), from the eligible judges' scores. */
function tieBreakValue(
  tieBreak: TieBreak,
  input: RoundInput,
  presentationId: string,
  scored: { judgeId: string; total: string }[],
): string | null {
  const totals = scored.map((s) => exact(s.total)).sort((a, b) => a.comparedTo(b));
  if (totals.length === 0) return null;
  if (tieBreak.by !== 'criterion')
    return totalsTieBreak(tieBreak.by, { count: totals.length, sum: () => sum(totals), at: (i) => totals[i] });
  const criterion = input.criteria.find((c) => c.id === tieBreak.criterion || c.name === tieBreak.criterion);
  if (!criterion) return null;
  const values = scored.flatMap((s) => {
    const value = input.scores.find((x) => x.presentationId === presentationId && x.judgeId === s.judgeId)?.values[criterion.id];
    return value === undefined ? [] : [exact(value)];
  });
  return values.length ? toText(sum(values).dividedBy(values.length)) : null;
}

/** A tie-break value that depends on the eligible totals alone (every one but criterion), from those totals sorted. */
export function totalsTieBreak(by: Exclude<TieBreak['by'], 'criterion'>, totals: SortedTotals): string {
  switch (by) {
    case 'untrimmed_mean':
      return toText(totals.sum().dividedBy(totals.count));
    case 'lowest_score':
      return toText(totals.at(0));
    case 'highest_score':
      return toText(totals.at(totals.count - 1));
    case 'median': {
      const middle = middleOf(totals.count);
      return toText(sum(middle.map((i) => totals.at(i))).dividedBy(middle.length));
    }
  }
}

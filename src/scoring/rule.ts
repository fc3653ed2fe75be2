/**
 * The declared scoring rule of an event: chosen before the event starts, shown with the results,
 * and part of every export so that anyone can recompute the ranking.
 */
/** The rule's enumerations, as arrays that also feed the validators and the client's choices. */
export const SIMPLE_AGGREGATION_METHODS = ['mean', 'sum', 'median', 'trimmed_mean', 'diving'] as const;
export const AGGREGATION_METHODS = [...SIMPLE_AGGREGATION_METHODS, 'group_weighted'] as const;
export const ROUNDING_MODES = ['half_up', 'half_even', 'down', 'up'] as const;
export const TIE_BREAK_KINDS = ['untrimmed_mean', 'lowest_score', 'highest_score', 'median', 'criterion'] as const;
export const TOO_FEW_TO_TRIM = ['untrimmed', 'no_result'] as const;
export const RANK_ON = ['rounded', 'exact'] as const;
export const RANKINGS = ['competition', 'dense'] as const;
export const STANDINGS_METHODS = ['total', 'mean', 'rank_points'] as const;

export type SimpleAggregation =
  | { method: 'mean' }
  | { method: 'sum' }
  | { method: 'median' }
  /** Drop the `trim` highest and `trim` lowest totals, average the rest (k = 1: 去掉一个最高分、一个最低分). */
  | { method: 'trimmed_mean'; trim: number }
  /** The diving form: drop `trim` highest and lowest, sum the rest, times `multiplier`. */
  | { method: 'diving'; trim: number; multiplier: string };

export type Aggregation =
  | SimpleAggregation
  /** Each judge group aggregated by its own rule, then the weighted mean of the groups (weights from the groups). */
  | { method: 'group_weighted'; within: SimpleAggregation; byGroup?: { group: string; aggregation: SimpleAggregation }[] };

export type AggregationMethod = Aggregation['method'];

export type RoundingMode = (typeof ROUNDING_MODES)[number];

export type TieBreak =
  { by: 'untrimmed_mean' } | { by: 'lowest_score' } | { by: 'highest_score' } | { by: 'median' } | { by: 'criterion'; criterion: string };

export interface ScoringRule {
  aggregation: Aggregation;
  /** Per-judge normalisation against leniency: each judge's totals as z-scores over the round, mapped onto the panel's mean and spread. */
  normalise: boolean;
  /** Fewer eligible judges than this makes a result provisional. */
  minJudges: number;
  /** When too few judges remain to trim: use the untrimmed form (flagged), or give no result. */
  tooFewToTrim: (typeof TOO_FEW_TO_TRIM)[number];
  rounding: { decimals: number; mode: RoundingMode };
  /** Rank on the published rounded value, or on the exact value. */
  rankOn: (typeof RANK_ON)[number];
  /** 1, 2, 2, 4 (competition) or 1, 2, 2, 3 (dense). */
  ranking: Ranking;
  /** Applied in order to results that are equal; a tie none of them breaks stays shared. */
  tieBreak: TieBreak[];
}

export type StandingsMethod = (typeof STANDINGS_METHODS)[number];
export type Ranking = (typeof RANKINGS)[number];

/** How round results combine into standings across rounds (and a series across events). */
export interface StandingsRule {
  method: StandingsMethod;
  /** Each round's results as z-scores before combining, when the rounds' panels differ. */
  normalise: boolean;
  /** Points for rank 1, 2, 3, … (rank_points); ranks beyond the list get 0. */
  points: string[];
  rounding: { decimals: number; mode: RoundingMode };
  ranking: Ranking;
}

export const DEFAULT_RULE: ScoringRule = {
  aggregation: { method: 'trimmed_mean', trim: 1 },
  normalise: false,
  minJudges: 1,
  tooFewToTrim: 'untrimmed',
  rounding: { decimals: 2, mode: 'half_up' },
  rankOn: 'rounded',
  ranking: 'competition',
  tieBreak: [],
};

export const DEFAULT_STANDINGS: StandingsRule = {
  method: 'total',
  normalise: false,
  points: [],
  rounding: { decimals: 2, mode: 'half_up' },
  ranking: 'competition',
};

/** The trim of an aggregation, 0 where it does not trim. */
export function trimOf(aggregation: SimpleAggregation): number {
  return aggregation.method === 'trimmed_mean' || aggregation.method === 'diving' ? aggregation.trim : 0;
}

/** Only the fields that belong to the aggregation's method, so a stored rule carries no leftovers. */
export function canonicalAggregation(input: {
  method: string;
  trim?: number;
  multiplier?: string;
  within?: unknown;
  byGroup?: unknown;
}): Aggregation {
  const simple = (a: { method: string; trim?: number; multiplier?: string }): SimpleAggregation => {
    switch (a.method) {
      case 'trimmed_mean':
        return { method: 'trimmed_mean', trim: a.trim ?? 1 };
      case 'diving':
        return { method: 'diving', trim: a.trim ?? 1, multiplier: a.multiplier ?? '1' };
      case 'sum':
      case 'median':
      case 'mean':
        return { method: a.method };
      default:
        throw new RangeError(`unknown aggregation method ${a.method}`);
    }
  };
  if (input.method !== 'group_weighted') return simple(input);
  const within = (input.within ?? { method: 'mean' }) as { method: string };
  const byGroup = (input.byGroup ?? []) as { group: string; aggregation: { method: string } }[];
  return {
    method: 'group_weighted',
    within: simple(within),
    ...(byGroup.length ? { byGroup: byGroup.map((g) => ({ group: g.group, aggregation: simple(g.aggregation) })) } : {}),
  };
}

/** A rule over the current one: parts given replace parts held. */
export function mergeRule(
  current: ScoringRule,
  change: Partial<Omit<ScoringRule, 'aggregation' | 'tieBreak'>> & {
    aggregation?: Parameters<typeof canonicalAggregation>[0];
    tieBreak?: { by: TieBreak['by']; criterion?: string }[];
  },
): ScoringRule {
  return {
    ...current,
    ...change,
    aggregation: change.aggregation ? canonicalAggregation(change.aggregation) : current.aggregation,
    rounding: change.rounding ? { decimals: change.rounding.decimals, mode: change.rounding.mode } : current.rounding,
    tieBreak: change.tieBreak
      ? change.tieBreak.map((t): TieBreak =>
          t.by === 'criterion' ? { by: 'criterion', criterion: t.criterion ?? '' } : ({ by: t.by } as TieBreak),
        )
      : current.tieBreak,
  };
}

/** What in a rule does not fit the event it is declared for (named groups and criteria must exist). */
export function ruleProblems(
  rule: ScoringRule,
  event: { criteria: readonly { id: string; name: string }[]; groups: readonly { name: string }[] },
): string[] {
  const problems: string[] = [];
  if (rule.aggregation.method === 'group_weighted') {
    if (event.groups.length === 0) problems.push('group_weighted needs judge groups');
    for (const g of rule.aggregation.byGroup ?? []) {
      if (!event.groups.some((x) => x.name === g.group))
        problems.push(`aggregation.byGroup names "${g.group}", which is not a judge group of this event`);
    }
  }
  for (const t of rule.tieBreak) {
    if (t.by === 'criterion' && !event.criteria.some((c) => c.id === t.criterion || c.name === t.criterion)) {
      problems.push(`tieBreak names criterion "${t.criterion}", which is not in the rubric`);
    }
  }
  return problems;
}

import { groupAggregation, middleOf, simpleValue, type SortedTotals, trimFor, weightedMean } from './aggregate.js';
import { Exact, exact, round, toText } from './decimal.js';
import { rank, type Rankable } from './rank.js';
import { type RoundInput, totalsTieBreak } from './round.js';
import { type ScoringRule, SIMPLE_AGGREGATION_METHODS, type SimpleAggregation, TIE_BREAK_KINDS, type TieBreak, trimOf } from './rule.js';

/**
 * The ranks of one bootstrap resample of a round's judges, computed without re-running
 * computeRound: the fast path of rankConfidence.
 *
 * A resample (see rankConfidence) is the round with its judges drawn with replacement, each
 * drawn judge scoring as the original did, under a one-criterion rubric ("total", weight 1).
 * What computeRound does with it, and what this does instead:
 *
 * - A presentation's eligible totals are those of the drawn judges without a conflict, so they
 *   are a multiset: each original judge's total as often as the judge was drawn. The order of the
 *   draw only decides which of two equal totals is marked dropped, never a value. Each
 *   presentation's eligible totals are sorted once; a resample only counts the draws.
 * - Every sum the engine forms of totals is exact (checked below: all totals as integers in units
 *   of the finest decimal, and the largest possible sum a safe integer, so within decimal.js's 60
 *   digits). So a result depends only on a few exact figures of the multiset, its key: the count
 *   and integer sum of the totals counted after the trim (mean, trimmed mean, sum, diving) or the
 *   middle totals (median). The trim and the fallback for too few are the engine's trimFor; the
 *   value for a key is the engine's simpleValue (what aggregateSimple computes with) over a view
 *   of the multiset whose sum is the integer sum scaled back, computed the first time the key is
 *   met, then reused.
 * - group_weighted: each group the same way with its own rule (groupAggregation), then the
 *   engine's weightedMean over the groups that gave a value, cached by those groups' results.
 * - Tie-break values: the engine's totalsTieBreak (what tieBreakValue computes with) over the
 *   same kind of view, cached by count and sum, lowest, highest or middle totals. A criterion
 *   tie-break names nothing in the resample's one-criterion rubric, so there it is null for
 *   everyone, as in computeRound.
 * - Rounding (round, toText, exact) and the ranking itself (rank, with the tie-break chain and
 *   competition or dense ranks) are the engine's functions, called as computeRound calls them.
 *
 * Rules and rounds this does not cover, for which it returns null so that the general path
 * (computeRound on every resample) is used and the result stays the same:
 * - normalisation (each resample's panel mean and spread involve a square root and order-dependent
 *   rounding of 60-digit sums);
 * - a criterion tie-break naming "total" (the resample's criterion);
 * - a trim that is not a whole number >= 0, an unknown aggregation method or tie-break;
 * - a round with two presentations of the same id, or two scores of one judge for one presentation;
 * - totals too long for the exact integer sums (more than 2^53 units of the finest decimal over a
 *   full panel).
 */
export type ResampleRanker = (drawn: readonly number[]) => ReadonlyMap<string, number | null>;

/** One presentation's eligible totals in ascending order: judge (index in input.judges), value in scaled integer units, text. */
interface Slot {
  judges: number[];
  scaled: number[];
  texts: string[];
}

interface PresentationPlan {
  id: string;
  /** Every eligible total (judges in no group too): the count and the tie-breaks. */
  all: Slot;
  /** group_weighted: the eligible totals of each declared group, in the groups' order. */
  groups: Slot[];
}

const SIMPLE_METHODS = new Set<string>(SIMPLE_AGGREGATION_METHODS);
const TIE_BREAKS = new Set<string>(TIE_BREAK_KINDS);

function covers(rule: ScoringRule): boolean {
  const simple = (a: SimpleAggregation) => {
    const k = trimOf(a);
    return SIMPLE_METHODS.has(a.method) && Number.isInteger(k) && k >= 0;
  };
  const aggregation = rule.aggregation;
  const aggregations =
    aggregation.method === 'group_weighted'
      ? [aggregation.within, ...(aggregation.byGroup ?? []).map((g) => g.aggregation)]
      : [aggregation];
  return (
    !rule.normalise &&
    aggregations.every(simple) &&
    rule.tieBreak.every((t) => TIE_BREAKS.has(t.by) && !(t.by === 'criterion' && t.criterion === 'total'))
  );
}

/** Decimal text as an integer number of 10^-decimals units. */
function scaled(text: string, decimals: number): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + fraction.padEnd(decimals, '0'));
  return negative ? -units : units;
}

const decimalsOf = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** How many totals of the slot the resample holds. */
function countIn(slot: Slot, counts: Int32Array): number {
  let n = 0;
  for (const judge of slot.judges) n += counts[judge];
  return n;
}

/** Sum of the scaled totals at positions [from, to) of the resample's sorted multiset. */
function sumBetween(slot: Slot, counts: Int32Array, from: number, to: number): number {
  let position = 0;
  let total = 0;
  for (let e = 0; e < slot.judges.length && position < to; e++) {
    const c = counts[slot.judges[e]];
    if (c === 0) continue;
    const lo = Math.max(position, from);
    const hi = Math.min(position + c, to);
    if (hi > lo) total += (hi - lo) * slot.scaled[e];
    position += c;
  }
  return total;
}

/** The entry of the slot holding a position of the resample's sorted multiset. */
function entryAt(slot: Slot, counts: Int32Array, at: number): number {
  let position = 0;
  for (let e = 0; e < slot.judges.length; e++) {
    position += counts[slot.judges[e]];
    if (position > at) return e;
  }
  throw new RangeError(`no total at position ${at}`);
}

/**
 * Positions [from, to) of the resample's sorted multiset, as the engine's arithmetic reads sorted
 * totals. The sum is the exact integer sum scaled back, equal to the engine's decimal sum.
 */
function view(slot: Slot, counts: Int32Array, from: number, to: number, decimals: number): SortedTotals {
  return {
    count: to - from,
    sum: () => new Exact(`${sumBetween(slot, counts, from, to)}e-${decimals}`),
    at: (i) => exact(slot.texts[entryAt(slot, counts, from + i)]),
  };
}

/** What the value of a simple aggregation of the slot's n totals depends on (see aggregateSimple): null when it gives none. */
function aggregationKey(slot: Slot, counts: Int32Array, n: number, aggregation: SimpleAggregation): string {
  const { trim } = trimFor(aggregation, n);
  const count = n - 2 * trim;
  if (aggregation.method === 'median') return middleKey(slot, counts, trim, count);
  return `${count}:${sumBetween(slot, counts, trim, n - trim)}`;
}

/** The middle of count totals from position from on: which positions, and their values. */
function middleKey(slot: Slot, counts: Int32Array, from: number, count: number): string {
  return middleOf(count)
    .map((i) => slot.scaled[entryAt(slot, counts, from + i)])
    .join(':');
}

/** What a tie-break value of the n totals depends on (see totalsTieBreak). */
function tieBreakKey(by: Exclude<TieBreak['by'], 'criterion'>, slot: Slot, counts: Int32Array, n: number): string {
  switch (by) {
    case 'untrimmed_mean':
      return `${n}:${sumBetween(slot, counts, 0, n)}`;
    case 'lowest_score':
      return `${slot.scaled[entryAt(slot, counts, 0)]}`;
    case 'highest_score':
      return `${slot.scaled[entryAt(slot, counts, n - 1)]}`;
    case 'median':
      return middleKey(slot, counts, 0, n);
  }
}

function cached<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  cache.set(key, value);
  return value;
}

/**
 * The fast path for a round and rule, or null where it does not apply (then use the general one).
 * scoresByJudge: each judge's scores with their totals as the one value "total", as rankConfidence
 * prepares them for the resamples.
 */
export function fastResampleRanker(
  input: RoundInput,
  rule: ScoringRule,
  scoresByJudge: ReadonlyMap<string, readonly { presentationId: string; values: { total: string } }[]>,
): ResampleRanker | null {
  if (!covers(rule)) return null;
  if (new Set(input.presentations.map((p) => p.id)).size !== input.presentations.length) return null;

  // Each judge's total per presentation (by index in input.judges, as drawn).
  const totals: Map<string, string>[] = [];
  for (const judge of input.judges) {
    const own = new Map<string, string>();
    for (const s of scoresByJudge.get(judge.id) ?? []) {
      if (own.has(s.presentationId)) return null;
      own.set(s.presentationId, s.values.total);
    }
    totals.push(own);
  }
  const decimals = Math.max(0, ...totals.flatMap((own) => [...own.values()].map(decimalsOf)));
  const units = new Map<string, bigint>();
  let largest = 0n;
  for (const own of totals)
    for (const text of own.values()) {
      const u = scaled(text, decimals);
      units.set(text, u);
      if ((u < 0n ? -u : u) > largest) largest = u < 0n ? -u : u;
    }
  if (largest * BigInt(input.judges.length) > BigInt(Number.MAX_SAFE_INTEGER)) return null;

  const slot = (judges: number[], presentationId: string): Slot => {
    const entries = judges
      .map((judge) => ({ judge, text: totals[judge].get(presentationId)! }))
      .map((e) => ({ ...e, scaled: Number(units.get(e.text)!) }))
      .sort((a, b) => (a.scaled < b.scaled ? -1 : a.scaled > b.scaled ? 1 : 0));
    return { judges: entries.map((e) => e.judge), scaled: entries.map((e) => e.scaled), texts: entries.map((e) => e.text) };
  };
  const aggregation = rule.aggregation;
  const groups = aggregation.method === 'group_weighted' ? input.groups : [];
  const plans: PresentationPlan[] = input.presentations.map((p) => {
    const eligible = input.judges.flatMap((j, i) => (!j.conflicts.includes(p.unit) && totals[i].has(p.id) ? [i] : []));
    return {
      id: p.id,
      all: slot(eligible, p.id),
      groups: groups.map((g) =>
        slot(
          eligible.filter((i) => input.judges[i].group === g.name),
          p.id,
        ),
      ),
    };
  });

  const noResult = rule.tooFewToTrim === 'no_result';
  // As computeRound ranks: on the rounded or the exact value, as text parsed back.
  const rankValue = (value: Exact) =>
    exact(rule.rankOn === 'rounded' ? round(value, rule.rounding.decimals, rule.rounding.mode) : toText(value));
  const counts = new Int32Array(input.judges.length);

  /** A simple aggregation of the slot's n totals, as aggregateSimple computes it; null when it declines (too few to trim). */
  const simple = <V>(cache: Map<string, V>, slot: Slot, n: number, a: SimpleAggregation, then: (value: Exact) => V): V | null => {
    const { trim, fellBack } = trimFor(a, n);
    if (fellBack && noResult) return null;
    return cached(cache, aggregationKey(slot, counts, n, a), () => then(simpleValue(a, view(slot, counts, trim, n - trim, decimals))));
  };

  // Caches, each for one aggregation, group or tie-break: key → value.
  const results = new Map<string, Exact>();
  const groupRules = aggregation.method === 'group_weighted' ? groups.map((g) => groupAggregation(aggregation, g.name)) : [];
  const groupWeights = groups.map((g) => exact(g.weight));
  const groupResults = groups.map(() => new Map<string, { id: number; value: Exact }>());
  let groupResultIds = 0;
  const weighted = new Map<string, Exact>();
  const tieBreaks = rule.tieBreak.map(() => new Map<string, Exact>());

  const valueOf = (plan: PresentationPlan, n: number): Exact | null => {
    if (aggregation.method !== 'group_weighted') return simple(results, plan.all, n, aggregation, rankValue);
    // As aggregateGroups: each group with a total, by its own rule; those with a value weighed.
    const terms: { id: number; weight: Exact; value: Exact }[] = [];
    plan.groups.forEach((own, g) => {
      const size = countIn(own, counts);
      if (size === 0) return;
      const result = simple(groupResults[g], own, size, groupRules[g], (value) => ({ id: groupResultIds++, value }));
      if (result !== null) terms.push({ id: result.id, weight: groupWeights[g], value: result.value });
    });
    if (terms.length === 0) return null;
    return cached(weighted, terms.map((t) => t.id).join(','), () => rankValue(weightedMean(terms).value));
  };

  return (drawn) => {
    counts.fill(0);
    for (const judge of drawn) counts[judge]++;
    const items: Rankable[] = [];
    for (const plan of plans) {
      const n = countIn(plan.all, counts);
      if (n === 0) continue;
      const value = valueOf(plan, n);
      if (value === null) continue;
      const keys = rule.tieBreak.map((t, i) => {
        // The resample's rubric is the one criterion "total": a criterion tie-break names nothing in it.
        if (t.by === 'criterion') return null;
        const by = t.by;
        return cached(tieBreaks[i], tieBreakKey(by, plan.all, counts, n), () =>
          exact(totalsTieBreak(by, view(plan.all, counts, 0, n, decimals))),
        );
      });
      items.push({ id: plan.id, value, keys });
    }
    return new Map(rank(items, rule.ranking).map((placing) => [placing.id, placing.rank]));
  };
}

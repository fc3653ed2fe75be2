import { computeRound, type RoundInput } from './round.js';
import { canonicalAggregation, type ScoringRule } from './rule.js';

/**
 * A rule in short form, as the CLI and the comparison API take it: mean, sum, median,
 * trimmed:<k>, diving:<k>:<multiplier>, group:<rule inside groups> (e.g. group:trimmed:1).
 * Everything else (rounding, ranking, tie-breaks) is kept from the base rule.
 */
export function parseRuleSpec(spec: string, base: ScoringRule): ScoringRule {
  const [method, ...args] = spec.trim().split(':');
  const simple = (m: string, a: string[]) => {
    switch (m) {
      case 'mean':
      case 'sum':
      case 'median':
        if (a.length) throw new RangeError(`"${spec}": ${m} takes no parameters`);
        return canonicalAggregation({ method: m });
      case 'trimmed': {
        const trim = Number(a[0] ?? '1');
        if (!Number.isInteger(trim) || trim < 0 || a.length > 1)
          throw new RangeError(`"${spec}": write trimmed:<k> with k a whole number, e.g. trimmed:1`);
        return canonicalAggregation({ method: 'trimmed_mean', trim });
      }
      case 'diving': {
        const trim = Number(a[0]);
        if (!Number.isInteger(trim) || trim < 0 || !/^\d+(\.\d+)?$/.test(a[1] ?? ''))
          throw new RangeError(`"${spec}": write diving:<k>:<multiplier>, e.g. diving:1:0.6`);
        return canonicalAggregation({ method: 'diving', trim, multiplier: a[1] });
      }
      default:
        throw new RangeError(`"${spec}": unknown rule; use mean, sum, median, trimmed:<k>, diving:<k>:<multiplier> or group:<rule>`);
    }
  };
  if (method === 'group') {
    const [inner, ...innerArgs] = args;
    return {
      ...base,
      aggregation: {
        method: 'group_weighted',
        within: simple(inner ?? 'mean', innerArgs) as Exclude<ReturnType<typeof simple>, { method: 'group_weighted' }>,
      },
    };
  }
  return { ...base, aggregation: simple(method, args) };
}

export interface RuleComparison {
  rules: string[];
  presentations: { presentationId: string; results: { rule: string; result: string | null; rank: number | null }[] }[];
  /** True when the rules do not all give the same order. */
  orderDiffers: boolean;
}

/** The same round ranked under several rules, side by side, so the choice of rule can be seen before publishing. */
export function compareRules(input: RoundInput, rules: readonly { label: string; rule: ScoringRule }[]): RuleComparison {
  const outcomes = rules.map(({ label, rule }) => ({ label, result: computeRound(input, rule) }));
  const presentations = input.presentations.map((p) => ({
    presentationId: p.id,
    results: outcomes.map(({ label, result }) => {
      const r = result.presentations.find((x) => x.presentationId === p.id)!;
      return { rule: label, result: r.rounded, rank: r.rank };
    }),
  }));
  const orderDiffers = presentations.some((p) => new Set(p.results.map((r) => r.rank)).size > 1);
  return { rules: rules.map((r) => r.label), presentations, orderDiffers };
}

import { Exact, exact, toText } from './decimal.js';

export interface WeightedCriterion {
  id: string;
  weight: string;
}

/**
 * A judge's total for one presentation: the sum of criterion values, each times its weight
 * (1 unless the rubric says otherwise). Exact: no rounding happens here.
 */
export function judgeTotal(values: ReadonlyMap<string, string>, criteria: readonly WeightedCriterion[]): string {
  let total = new Exact(0);
  for (const criterion of criteria) {
    const value = values.get(criterion.id);
    if (value === undefined) throw new RangeError(`no value for criterion ${criterion.id}`);
    total = total.plus(exact(value).times(exact(criterion.weight)));
  }
  return toText(total);
}

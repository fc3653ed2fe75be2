import { exact, isDecimalString } from './decimal.js';

export interface CriterionRange {
  minScore: string;
  maxScore: string;
  step: string;
}

export type ValueProblem = 'not_decimal' | 'below_minimum' | 'above_maximum' | 'off_step';

/** Why a judge's value for one criterion cannot be accepted, or null when it can. */
export function checkCriterionValue(value: unknown, range: CriterionRange): ValueProblem | null {
  if (!isDecimalString(value)) return 'not_decimal';
  const v = exact(value);
  const min = exact(range.minScore);
  if (v.lessThan(min)) return 'below_minimum';
  if (v.greaterThan(exact(range.maxScore))) return 'above_maximum';
  return v.minus(min).mod(exact(range.step)).isZero() ? null : 'off_step';
}

/** What can be wrong with a rubric line itself; a client words it in the user's language. */
export type RangeProblem = 'negative_minimum' | 'maximum_not_above_minimum' | 'step_not_positive' | 'maximum_off_step';
export const RANGE_PROBLEM_TEXT: Record<RangeProblem, string> = {
  negative_minimum: 'minScore must not be negative',
  maximum_not_above_minimum: 'maxScore must be greater than minScore',
  step_not_positive: 'step must be greater than 0',
  maximum_off_step: 'maxScore must be reachable from minScore in whole steps',
};

/** Checks a rubric definition itself: 0 <= min < max, step > 0 and max reachable from min by steps. */
export function rangeProblem(range: CriterionRange): RangeProblem | null {
  const [min, max, step] = [exact(range.minScore), exact(range.maxScore), exact(range.step)];
  if (min.isNegative()) return 'negative_minimum';
  if (!max.greaterThan(min)) return 'maximum_not_above_minimum';
  if (!step.isPositive() || step.isZero()) return 'step_not_positive';
  if (!max.minus(min).mod(step).isZero()) return 'maximum_off_step';
  return null;
}

/** The same check, in plain English (null when the line is sound). */
export function checkRange(range: CriterionRange): string | null {
  const problem = rangeProblem(range);
  return problem && RANGE_PROBLEM_TEXT[problem];
}

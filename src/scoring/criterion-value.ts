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

/** Checks a rubric definition itself: 0 <= min < max, step > 0 and max reachable from min by steps. */
export function checkRange(range: CriterionRange): string | null {
  const [min, max, step] = [exact(range.minScore), exact(range.maxScore), exact(range.step)];
  if (min.isNegative()) return 'minScore must not be negative';
  if (!max.greaterThan(min)) return 'maxScore must be greater than minScore';
  if (!step.isPositive() || step.isZero()) return 'step must be greater than 0';
  if (!max.minus(min).mod(step).isZero()) return 'maxScore must be reachable from minScore in whole steps';
  return null;
}

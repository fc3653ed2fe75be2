import { checkCriterionValue, type ValueProblem } from '@scoring/criterion-value.js';
import { exact, isDecimalString, toText } from '@scoring/decimal.js';
import { judgeTotal } from '@scoring/judge-total.js';
import type { CriterionView } from '@contracts';

/** What a judge has entered: a decimal string per criterion, or null where nothing is entered yet. */
export type Sheet = Record<string, string | null>;

export function emptySheet(criteria: readonly CriterionView[]): Sheet {
  return Object.fromEntries(criteria.map((c) => [c.id, null]));
}

/**
 * One press of + or −: a step up or down, kept within the range. From an empty field the first
 * press lands on the middle of the range (on the step), where most scores fall.
 */
export function stepValue(value: string | null, criterion: CriterionView, direction: 1 | -1): string {
  const min = exact(criterion.minScore);
  const max = exact(criterion.maxScore);
  const step = exact(criterion.step);
  if (value === null || !isDecimalString(value)) {
    const steps = max.minus(min).dividedBy(step).dividedToIntegerBy(2);
    return toText(min.plus(steps.times(step)));
  }
  const next = exact(value).plus(step.times(direction));
  return toText(next.lessThan(min) ? min : next.greaterThan(max) ? max : next);
}

/** Keypad entry: digits and one decimal point, at most 4 decimals; leading zeros are tidied. */
export function typeKey(value: string | null, key: string): string | null {
  const current = value ?? '';
  if (key === 'clear') return null;
  if (key === 'back') return current.length > 1 ? current.slice(0, -1) : null;
  if (key === '.') return current.includes('.') ? current : `${current || '0'}.`;
  if (!/^\d$/.test(key)) return value;
  const [whole, fraction] = current.split('.');
  if (fraction !== undefined) return fraction.length >= 4 ? current : `${current}${key}`;
  const digits = whole === '0' ? key : `${whole}${key}`;
  return digits.length > 6 ? current : digits;
}

export type FieldProblem = ValueProblem | 'missing';

export function fieldProblem(value: string | null, criterion: CriterionView): FieldProblem | null {
  if (value === null || value === '') return 'missing';
  // "8." while typing is not yet a value.
  return checkCriterionValue(value.endsWith('.') ? 'x' : value, criterion);
}

/** The running total, once every field holds a valid value; exact, as the server will compute it. */
export function sheetTotal(sheet: Sheet, criteria: readonly CriterionView[]): string | null {
  if (criteria.some((c) => fieldProblem(sheet[c.id] ?? null, c) !== null)) return null;
  return judgeTotal(new Map(criteria.map((c) => [c.id, toText(exact(sheet[c.id]!))])), criteria);
}

export function sheetFromValues(values: readonly { criterionId: string; value: string }[], criteria: readonly CriterionView[]): Sheet {
  return Object.fromEntries(criteria.map((c) => [c.id, values.find((v) => v.criterionId === c.id)?.value ?? null]));
}

/** True when both sheets hold the same entry for every criterion of either. */
export function sameSheet(a: Sheet, b: Sheet): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/** The sheet fitted to a changed rubric: what is entered for a criterion that remains is kept. */
export function fitSheet(sheet: Sheet, criteria: readonly CriterionView[]): Sheet {
  return Object.fromEntries(criteria.map((c) => [c.id, sheet[c.id] ?? null]));
}

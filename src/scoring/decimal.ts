import { Decimal } from 'decimal.js';

/**
 * The one decimal type of the scoring path. Scores travel as decimal strings ("8.95") from the
 * judge's tap to the database `numeric` column and back; they are never parsed as binary floats.
 * Sums and weights are exact; the only inexact step is a division (a mean), carried to 60
 * significant digits and then rounded once, half-up (四舍五入), to the declared decimals.
 */
export const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 60 });
export type Exact = InstanceType<typeof Exact>;

const DECIMAL_STRING = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function isDecimalString(text: unknown): text is string {
  return typeof text === 'string' && text.length <= 100 && DECIMAL_STRING.test(text);
}

// Parsed values are immutable, so the same text can share one parse; scores repeat a lot.
const parsed = new Map<string, Exact>();

export function exact(text: string): Exact {
  const known = parsed.get(text);
  if (known) return known;
  if (!isDecimalString(text)) {
    throw new RangeError(`not a decimal string: ${JSON.stringify(text)}`);
  }
  const value = new Exact(text);
  if (parsed.size >= 50_000) parsed.clear();
  parsed.set(text, value);
  return value;
}

/** Canonical text of a decimal: no exponent, no trailing zeros ("8.50" -> "8.5", "-0" -> "0"). */
export function toText(value: Exact): string {
  return value.isZero() ? '0' : value.toFixed();
}

const MODES = {
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
} as const;

/** Rounds once, to the declared decimals, in the declared mode (half_up is 四舍五入). */
export function round(value: Exact, decimals: number, mode: keyof typeof MODES = 'half_up'): string {
  return value.toFixed(decimals, MODES[mode]);
}

export function sum(values: readonly Exact[]): Exact {
  return values.reduce((acc, v) => acc.plus(v), new Exact(0));
}

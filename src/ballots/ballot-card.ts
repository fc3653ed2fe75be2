import { badRequest } from '../common/api-error.js';
import type { BallotCardDto } from '../contracts/ballots.js';
import { Exact, exact, isDecimalString, toText } from '../scoring/index.js';

const invalid = (message: string) => badRequest('invalid_ballot_card', message);

/** A decimal text with at most 2 decimals, 0 ≤ v ≤ 10000 (the card's marks), canonical. */
function cardDecimal(text: unknown, what: string): string {
  if (!isDecimalString(text) || !/^\d{1,5}(\.\d{1,2})?$/.test(text))
    throw invalid(`${what} must be a decimal string from 0 to 10000 with at most 2 decimals, such as "20" or "2.5"`);
  return toText(exact(text));
}

/**
 * Checks an evaluation card and returns it in canonical form: 1–10 named indicators; points: a
 * maximum above 0 and a step above 0 that divides it; levels: 2–7 levels, each with a label and a
 * distinct value. Anything else is refused with invalid_ballot_card.
 */
export function checkedCard(card: BallotCardDto): BallotCardDto {
  const indicators = card.indicators.map((name) => name.trim());
  if (indicators.length < 1 || indicators.length > 10) throw invalid('a card has 1 to 10 indicators');
  if (indicators.some((name) => name.length === 0 || name.length > 100))
    throw invalid('every indicator needs a name (at most 100 characters)');
  if (new Set(indicators).size !== indicators.length) throw invalid('two indicators have the same name');
  if (card.scale === 'points') {
    if ((card.levels ?? []).length > 0) throw invalid('a points card has no levels');
    const max = cardDecimal(card.max, 'max');
    const step = cardDecimal(card.step, 'step');
    if (exact(max).isZero() || exact(step).isZero()) throw invalid('max and step must be above 0');
    if (!exact(max).mod(exact(step)).isZero()) throw invalid(`the step ${step} does not divide the maximum ${max}`);
    return { indicators, scale: 'points', max, step, levels: [] };
  }
  if (card.max !== null || card.step !== null) throw invalid('a levels card has no max or step (send null)');
  if (card.levels.length < 2 || card.levels.length > 7) throw invalid('a levels card has 2 to 7 levels');
  const levels = card.levels.map((level, i) => {
    const label = level.label.trim();
    if (label.length === 0 || label.length > 50) throw invalid(`level ${i + 1} needs a label (at most 50 characters)`);
    return { label, value: cardDecimal(level.value, `the value of level ${label}`) };
  });
  if (new Set(levels.map((l) => l.label)).size !== levels.length) throw invalid('two levels have the same label');
  if (new Set(levels.map((l) => l.value)).size !== levels.length) throw invalid('two levels have the same value');
  return { indicators, scale: 'levels', max: null, step: null, levels };
}

/**
 * A ballot's marks checked against the card, canonical, with their exact total; null when they do
 * not fit it (one mark per indicator; points: 0…max in steps; levels: one of the levels' values).
 */
export function checkedBallot(card: BallotCardDto, values: string[]): { values: string[]; total: string } | null {
  if (values.length !== card.indicators.length || !values.every(isDecimalString)) return null;
  const marks = values.map((v) => exact(v));
  const fits =
    card.scale === 'points'
      ? (v: Exact) => v.gte(0) && v.lte(exact(card.max!)) && v.mod(exact(card.step!)).isZero()
      : (v: Exact) => card.levels.some((l) => exact(l.value).equals(v));
  if (!marks.every(fits)) return null;
  return { values: marks.map(toText), total: toText(marks.reduce((acc, v) => acc.plus(v), new Exact(0))) };
}

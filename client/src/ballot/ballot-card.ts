import { checkCriterionValue, rangeProblem } from '@scoring/criterion-value.js';
import { exact, isDecimalString, round, sum, toText } from '@scoring/decimal.js';
import type { BallotCardDto, BallotScreenView } from '@contracts';

/**
 * The attendee's ballot (满意度测评) as the phone and the console handle it: plain functions over the
 * card, exact decimals on every value (a total is what the server will compute, never a float's guess).
 */

/** What an attendee has marked: one decimal text per indicator, in card order, or null where nothing is marked yet. */
export type BallotSheet = (string | null)[];

/** A card to start from: 5 indicators × 20 points (the names come from the user's language). */
export function defaultCard(indicators: readonly string[]): BallotCardDto {
  return { indicators: [...indicators], scale: 'points', max: '20', step: '1', levels: [] };
}

/** The levels a card switched to levels starts with, best first. */
export function defaultLevels(labels: readonly string[]): BallotCardDto['levels'] {
  const values = ['100', '80', '60', '0'];
  return labels.slice(0, values.length).map((label, i) => ({ label, value: values[i] }));
}

const pointsRange = (card: BallotCardDto) => ({ minScore: '0', maxScore: card.max ?? '0', step: card.step ?? '1' });

/** True when `value` is a mark the card allows for one indicator. */
export function validMark(value: string | null, card: BallotCardDto): boolean {
  if (value === null || !isDecimalString(value)) return false;
  if (card.scale === 'levels') return card.levels.some((l) => isDecimalString(l.value) && exact(l.value).equals(exact(value)));
  return checkCriterionValue(value, pointsRange(card)) === null;
}

/** The ballot's total once every indicator is marked (exact decimal text), else null. */
export function ballotTotal(sheet: BallotSheet, card: BallotCardDto): string | null {
  if (sheet.length !== card.indicators.length || !sheet.every((v) => validMark(v, card))) return null;
  return toText(sum(sheet.map((v) => exact(v!))));
}

/** The highest total the card allows (points: indicators × max; levels: indicators × the best level). */
export function cardMaximum(card: BallotCardDto): string {
  const best =
    card.scale === 'points'
      ? exact(card.max ?? '0')
      : card.levels.reduce((top, l) => (isDecimalString(l.value) && exact(l.value).greaterThan(top) ? exact(l.value) : top), exact('0'));
  return toText(best.times(card.indicators.length));
}

/**
 * One press of − or + on a points indicator, kept within 0…max. From an unmarked indicator, +
 * lands on the maximum and − one step below it: attendees mostly mark near the top.
 */
export function stepMark(value: string | null, card: BallotCardDto, direction: 1 | -1): string {
  const max = exact(card.max ?? '0');
  const step = exact(card.step ?? '1');
  if (value === null || !isDecimalString(value)) return toText(direction === 1 ? max : max.minus(step));
  const next = exact(value).plus(step.times(direction));
  return toText(next.isNegative() ? exact('0') : next.greaterThan(max) ? max : next);
}

/**
 * The row of quick values under a points indicator: every value when there are at most 6, else the
 * upper half of the range in 5 equal parts (each snapped down to the step), highest first.
 */
export function quickMarks(card: BallotCardDto): string[] {
  const max = exact(card.max ?? '0');
  const step = exact(card.step ?? '1');
  if (!step.isPositive() || !max.isPositive()) return [];
  const steps = max.dividedToIntegerBy(step).toNumber();
  if (steps <= 5) return Array.from({ length: steps + 1 }, (_, i) => toText(max.minus(step.times(i))));
  const marks: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const target = max.minus(max.dividedBy(2).times(i).dividedBy(5));
    const snapped = toText(target.dividedToIntegerBy(step).times(step));
    if (!marks.includes(snapped)) marks.push(snapped);
  }
  return marks;
}

/** What is wrong with a card being edited (a key of `ballots.cardProblems`), or null when it can be saved. */
export type CardProblem =
  'no_indicator' | 'too_many' | 'empty_indicator' | 'duplicate_indicator' | 'bad_range' | 'few_levels' | 'bad_level';

/** As the server takes them: 0 to 10000, at most 2 decimals; a card has 1–10 indicators and 2–7 levels. */
const CARD_NUMBER = /^(0|[1-9]\d{0,3}|10000)(\.\d{1,2})?$/;
export const MAX_INDICATORS = 10;
export const MAX_LEVELS = 7;

export function cardProblem(card: BallotCardDto): CardProblem | null {
  const names = card.indicators.map((n) => n.trim());
  if (names.length === 0) return 'no_indicator';
  if (names.length > MAX_INDICATORS) return 'too_many';
  if (names.some((n) => !n)) return 'empty_indicator';
  if (new Set(names).size !== names.length) return 'duplicate_indicator';
  if (card.scale === 'points') {
    const range = pointsRange(card);
    if (!CARD_NUMBER.test(range.maxScore) || !CARD_NUMBER.test(range.step) || rangeProblem(range)) return 'bad_range';
    return null;
  }
  if (card.levels.length < 2) return 'few_levels';
  if (card.levels.length > MAX_LEVELS) return 'too_many';
  if (card.levels.some((l) => !l.label.trim() || !CARD_NUMBER.test(l.value))) return 'bad_level';
  if (new Set(card.levels.map((l) => toText(exact(l.value)))).size !== card.levels.length) return 'bad_level';
  if (new Set(card.levels.map((l) => l.label.trim())).size !== card.levels.length) return 'bad_level';
  return null;
}

/** A mean as the screens show it: two decimals, rounded once half up (四舍五入). */
export const shownMean = (mean: string | null): string => (mean === null ? '—' : round(exact(mean), 2));

/** The share of `part` in `whole`, in percent for a bar's width (display only: never a value). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.round((part / whole) * 1000) / 10) : 0;
}

/**
 * Of two tallies of the screens, the one to keep: for the same poll the one with more changes (a
 * tie keeps the one held: messages from several server instances may cross); another poll's is newer.
 */
export function latestTally(held: BallotScreenView | null, incoming: BallotScreenView): BallotScreenView {
  if (!held || held.pollId !== incoming.pollId) return incoming;
  return incoming.changes > held.changes ? incoming : held;
}

/**
 * What the screens show of the poll: the versioned view's (null: nothing on the screens), brought up
 * to date by a newer tally of the same poll; a tally never puts back on the screens a poll, or a
 * result, the view has taken off.
 */
export function shownBallot(inView: BallotScreenView | null, tally: BallotScreenView | null): BallotScreenView | null {
  if (!inView || !tally || tally.pollId !== inView.pollId || tally.changes <= inView.changes) return inView;
  // The view decides what is shown: a tally read before the organizer's last change (the result
  // taken off the screens, say) brings newer counts, never a result the view no longer shows.
  return {
    ...tally,
    title: inView.title,
    state: inView.state,
    display: inView.display,
    result: inView.display === 'result' ? (tally.result ?? inView.result) : null,
  };
}

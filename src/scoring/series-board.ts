import { type RankHonesty, statisticallyTied } from './rank-honesty.js';
import type { SeriesEntry } from './standings.js';

/**
 * The red and grey board (红灰榜) of a series of events (每月一排名): the units ranked in the series'
 * latest event, top first, with declared cut lines (the top `red` on the red board, the bottom
 * `grey` on the grey board) and each unit's change since the previous event of the series. It is
 * revealed from the bottom up (滚榜), one row a step.
 */
export const BOARD_ZONES = ['red', 'grey'] as const;
export type BoardZone = (typeof BOARD_ZONES)[number];

export interface SeriesBoardRow {
  unit: string;
  /** The unit's rank in the series' latest event, as the series gives it (shared ranks stay shared). */
  rank: number;
  /** Its result there (the event's standings, rounded as declared). */
  value: string;
  /** Its rank in the previous event of the series; null: not ranked there, or there is none. */
  previousRank: number | null;
  /** Places gained since the previous event (negative: lost); null when previousRank is. */
  change: number | null;
  /** Not ranked in the previous event of the series (新); false when the series has one event only. */
  isNew: boolean;
  zone: BoardZone | null;
  /**
   * Declared rank honesty: the bootstrap says this unit and the one below it are statistically tied
   * (差异在评分误差内). Absent where the option is off or there is nothing below.
   */
  tiedWithBelow?: boolean;
}

/** What an event keeps of the board it shows (event.series_board): the rows are the series' figures when last computed. */
export interface SeriesBoard {
  /** The events of the series, oldest first; the board ranks the last one. */
  eventIds: string[];
  /** The series' latest event's name: the board's heading. */
  title: string;
  /** Declared cut lines: the top `red` units on the red board (红榜), the bottom `grey` on the grey board (灰榜). */
  red: number;
  grey: number;
  /** How many rows have been revealed, counted from the bottom. */
  revealed: number;
  /**
   * Declared rank honesty: neighbours the bootstrap of the latest event's standings says are
   * statistically tied are marked 差异在评分误差内. Absent or null: off.
   */
  honesty?: RankHonesty | null;
  /** Top first. */
  rows: SeriesBoardRow[];
}

/** Units in ranking order; equal ranks by name, so the order of the reveal never depends on chance. */
const byName = new Intl.Collator('zh-CN', { numeric: true });

/**
 * The board's rows from a series (computeSeries over the events in order). A unit is on the red
 * board when fewer than `red` units rank above it, on the grey board when fewer than `grey` rank
 * below it: a tie at a cut line takes every unit of the tie in, never splits it. Should a tie
 * span both lines, red wins.
 */
export function buildBoardRows(series: readonly SeriesEntry[], cut: { red: number; grey: number }): SeriesBoardRow[] {
  const last = (entry: SeriesEntry) => entry.events.at(-1);
  const previous = (entry: SeriesEntry) => (entry.events.length >= 2 ? entry.events.at(-2)! : null);
  const ranked = series
    .filter((entry) => last(entry)?.rank != null)
    .sort((a, b) => last(a)!.rank! - last(b)!.rank! || byName.compare(a.unit, b.unit));
  const ranks = ranked.map((entry) => last(entry)!.rank!);
  return ranked.map((entry) => {
    const rank = last(entry)!.rank!;
    const before = previous(entry);
    const previousRank = before?.rank ?? null;
    const above = ranks.filter((r) => r < rank).length;
    const below = ranks.filter((r) => r > rank).length;
    return {
      unit: entry.unit,
      rank,
      value: last(entry)!.value!,
      previousRank,
      change: previousRank === null ? null : previousRank - rank,
      isNew: before !== null && previousRank === null,
      zone: above < cut.red ? 'red' : below < cut.grey ? 'grey' : null,
    };
  });
}

/**
 * The rows with rank honesty's marks: `stayedAbove[i]` is how often (of `honesty.resamples`) row i
 * stayed strictly above row i + 1 in the bootstrap.
 */
export function withTieMarks(rows: readonly SeriesBoardRow[], stayedAbove: readonly number[], honesty: RankHonesty): SeriesBoardRow[] {
  return rows.map((row, i) =>
    i + 1 < rows.length ? { ...row, tiedWithBelow: statisticallyTied(stayedAbove[i], honesty.resamples, honesty.confidence) } : row,
  );
}

/** What is wrong with declared cut lines for a board of `units` ranked units (none: they fit). */
export function cutLineProblems(units: number, cut: { red: number; grey: number }): string[] {
  const problems: string[] = [];
  if (units === 0) problems.push('the series’ latest event has no published result yet: there is nothing to rank');
  for (const side of ['red', 'grey'] as const) {
    if (!Number.isInteger(cut[side]) || cut[side] < 0) problems.push(`${side} must be a whole number, 0 or more`);
  }
  if (units > 0 && cut.red + cut.grey > units)
    problems.push(`red (${cut.red}) and grey (${cut.grey}) together exceed the ${units} ranked units`);
  return problems;
}

/** The rows shown: the bottom `revealed` rows, top first. Nothing above them ever leaves the server. */
export function revealedRows(board: Pick<SeriesBoard, 'rows' | 'revealed'>): SeriesBoardRow[] {
  const shown = Math.max(0, Math.min(board.revealed, board.rows.length));
  return shown === 0 ? [] : board.rows.slice(board.rows.length - shown);
}

/**
 * The board after its series was computed again (a correction in one of its events): the new
 * rows, the reveal kept where it was (never past the rows there are).
 */
export function withRows(board: SeriesBoard, rows: SeriesBoardRow[]): SeriesBoard {
  return { ...board, rows, revealed: Math.min(board.revealed, rows.length) };
}

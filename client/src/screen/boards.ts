import type { BoardEntryView, EventHeaderView, StandingsEntryView } from '@contracts';
import { computed, type MaybeRefOrGetter, toValue } from 'vue';

/**
 * A board shows at most this many rows at once, sized to fill the screen's height; a longer one is
 * shown a page at a time, each page for PAGE_MS, with the page number on screen.
 */
export const ROWS_PER_PAGE = 12;
export const PAGE_MS = 8_000;

/** How many pages a board of `rows` rows takes (at least one, an empty board too). */
export const pageCount = (rows: number, perPage = ROWS_PER_PAGE): number => Math.max(1, Math.ceil(rows / perPage));

/** The page on screen at `now`: every screen on the same clock shows the same page. */
export const pageAt = (now: number, pages: number, pageMs = PAGE_MS): number => Math.floor(now / pageMs) % Math.max(1, pages);

/** The rows of one page. */
export const pageRows = <T>(rows: readonly T[], page: number, perPage = ROWS_PER_PAGE): T[] =>
  rows.slice(page * perPage, (page + 1) * perPage);

/** 并列: the ranks more than one row holds (over the whole board, not one page). */
export function sharedRanks(ranks: readonly (number | null)[]): Set<number> {
  const seen = new Set<number>();
  const shared = new Set<number>();
  for (const rank of ranks) {
    if (rank === null) continue;
    if (seen.has(rank)) shared.add(rank);
    seen.add(rank);
  }
  return shared;
}

/**
 * A board turning its pages by the (server's) clock: `paged` false shows every row at once (a
 * phone scrolls instead). `shown` is how many rows are on the current page, for sizing the type.
 */
export function useBoardPages(rows: MaybeRefOrGetter<number>, now: MaybeRefOrGetter<number>, paged: MaybeRefOrGetter<boolean> = true) {
  const pages = computed(() => (toValue(paged) ? pageCount(toValue(rows)) : 1));
  const page = computed(() => pageAt(toValue(now), pages.value));
  const perPage = computed(() => (toValue(paged) ? ROWS_PER_PAGE : Math.max(1, toValue(rows))));
  const shown = computed(() => Math.min(perPage.value, Math.max(1, toValue(rows))));
  return { pages, page, perPage, shown };
}

/** A row of either board, as the table shows it: the rank, the unit, the middle cells, the result. */
export interface BoardRow {
  key: string;
  rank: number;
  unit: string;
  /** A result it stands on was corrected after its reveal (更正). */
  corrected: boolean;
  /** The round board: the presenter's title; the standings: the result in each topic (— where none yet). */
  cells: string[];
  final: string;
  provisional: boolean;
  /** Declared rank honesty: its order against the next row is within the judges' spread (差异在评分误差内). */
  tiedWithNext: boolean;
}

export const roundBoardRows = (entries: readonly BoardEntryView[]): BoardRow[] =>
  entries.map((e) => ({
    key: e.presentationId,
    rank: e.rank,
    unit: e.presenter.unit,
    corrected: e.corrected,
    cells: [e.presenter.title],
    final: e.final,
    provisional: e.provisional,
    tiedWithNext: e.tiedWithNext,
  }));

export const standingsRows = (entries: readonly StandingsEntryView[]): BoardRow[] =>
  entries.map((e) => ({
    key: e.presenter.id,
    rank: e.rank,
    unit: e.presenter.unit,
    corrected: e.corrected,
    cells: e.rounds.map((r) => r.result ?? '—'),
    final: e.final,
    provisional: false,
    tiedWithNext: e.tiedWithNext,
  }));

/**
 * The legend under a board saying what its 误差内 marks mean (the declared confidence and resamples):
 * where rank honesty is declared and some row of the board (on any page) carries the mark.
 */
export const tieLegend = (
  rows: readonly BoardRow[],
  honesty: EventHeaderView['rankHonesty'] | undefined,
): EventHeaderView['rankHonesty'] => (honesty && rows.some((r) => r.tiedWithNext) ? honesty : null);

import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { PAGE_MS, pageAt, pageCount, pageRows, roundBoardRows, sharedRanks, standingsRows, tieLegend, useBoardPages } from './boards.js';

describe('board pages', () => {
  it('fits 12 rows on a page, and an empty board on one', () => {
    expect([0, 1, 12, 13, 24, 25].map((n) => pageCount(n))).toEqual([1, 1, 1, 2, 2, 3]);
  });

  it('turns the page every PAGE_MS, from the first again after the last', () => {
    expect([0, PAGE_MS - 1, PAGE_MS, 2 * PAGE_MS, 3 * PAGE_MS].map((t) => pageAt(t, 3))).toEqual([0, 0, 1, 2, 0]);
    expect(pageAt(5 * PAGE_MS, 1)).toBe(0);
  });

  it('gives each page its rows, the last one what is left', () => {
    const rows = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(pageRows(rows, 0)).toHaveLength(12);
    expect(pageRows(rows, 1)).toEqual([13, 14, 15]);
  });

  it('pages a projector by the clock, and shows a phone every row', () => {
    const rows = ref(15);
    const now = ref(PAGE_MS);
    const paged = ref(true);
    const board = useBoardPages(rows, now, paged);
    expect([board.pages.value, board.page.value, board.shown.value]).toEqual([2, 1, 12]);
    paged.value = false;
    expect([board.pages.value, board.page.value, board.perPage.value, board.shown.value]).toEqual([1, 0, 15, 15]);
  });
});

describe(sharedRanks.name, () => {
  it('names the ranks held by more than one row (1, 2, 2, 4: 2 is 并列), across pages', () => {
    expect([...sharedRanks([1, 2, 2, 4])]).toEqual([2]);
    expect([...sharedRanks([1, 2, 3])]).toEqual([]);
    expect([...sharedRanks([...Array.from({ length: 12 }, (_, i) => i + 1), 12, null, null])]).toEqual([12]);
  });
});

describe('board rows', () => {
  const presenter = (unit: string) => ({ id: unit, name: '', title: '县委书记', unit });

  it('gives a round board the title between the unit and the result, and marks a provisional result', () => {
    expect(
      roundBoardRows([
        {
          presentationId: 'p1',
          presenter: presenter('黄州区'),
          final: '86.00',
          rank: 1,
          provisional: false,
          corrected: true,
          tiedWithNext: true,
        },
        {
          presentationId: 'p2',
          presenter: presenter('团风县'),
          final: '82.00',
          rank: 2,
          provisional: true,
          corrected: false,
          tiedWithNext: false,
        },
      ]),
    ).toEqual([
      { key: 'p1', rank: 1, unit: '黄州区', corrected: true, cells: ['县委书记'], final: '86.00', provisional: false, tiedWithNext: true },
      { key: 'p2', rank: 2, unit: '团风县', corrected: false, cells: ['县委书记'], final: '82.00', provisional: true, tiedWithNext: false },
    ]);
  });

  it("gives the standings each topic's result, a dash where there is none yet", () => {
    const rounds = [
      { roundId: 'r1', topic: '专题一', result: '86.00' },
      { roundId: 'r2', topic: '专题二', result: null },
    ];
    expect(
      standingsRows([{ presenter: presenter('黄州区'), final: '86.00', rank: 1, rounds, corrected: false, tiedWithNext: false }]),
    ).toEqual([
      {
        key: '黄州区',
        rank: 1,
        unit: '黄州区',
        corrected: false,
        cells: ['86.00', '—'],
        final: '86.00',
        provisional: false,
        tiedWithNext: false,
      },
    ]);
  });

  it('shows the legend of the 误差内 marks only where rank honesty is declared and some row, on any page, carries one', () => {
    const honesty = { confidence: 95, resamples: 200, seed: 1 };
    const rows = (marks: boolean[]) =>
      standingsRows(
        marks.map((tiedWithNext, i) => ({
          presenter: presenter(`单位${i}`),
          final: '80.00',
          rank: i + 1,
          rounds: [],
          corrected: false,
          tiedWithNext,
        })),
      );
    expect(tieLegend(rows([false, true, false]), honesty)).toEqual(honesty);
    // On the second page only: the legend stays (it explains the board, not the page).
    expect(tieLegend(rows([...Array(12).fill(false), true, false]), honesty)).toEqual(honesty);
    expect(tieLegend(rows([false, false]), honesty)).toBeNull();
    expect(tieLegend(rows([true, false]), null)).toBeNull();
    expect(tieLegend([], honesty)).toBeNull();
  });
});

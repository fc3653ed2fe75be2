import { describe, expect, it } from 'vitest';
import type { SeriesBoardRowView, SeriesBoardView } from '@contracts';
import { boardSlots } from './series-board.js';

const row = (unit: string, position: number, zone: SeriesBoardRowView['zone'], tiedWithBelow?: boolean): SeriesBoardRowView => ({
  unit,
  position,
  rank: position + 1,
  value: '80.00',
  previousRank: null,
  change: null,
  isNew: false,
  zone,
  ...(tiedWithBelow === undefined ? {} : { tiedWithBelow }),
});

const board = (rows: SeriesBoardRowView[], over: Partial<SeriesBoardView> = {}): SeriesBoardView => ({
  title: '十一月',
  events: 3,
  red: 2,
  grey: 1,
  total: 5,
  revealed: rows.length,
  redRows: 2,
  greyRows: 1,
  honesty: null,
  rows,
  ...over,
});

describe(boardSlots.name, () => {
  it('keeps a place for every unit, the revealed rows at the bottom, the cut lines under the red board and over the grey', () => {
    const slots = boardSlots(board([row('丁', 3, null, true), row('戊', 4, 'grey')]));
    expect(slots.map((s) => s.row?.unit ?? null)).toEqual([null, null, null, '丁', '戊']);
    expect(slots.map((s) => s.zone)).toEqual(['red', 'red', null, null, 'grey']);
    expect(slots.map((s) => s.lines)).toEqual([[], [], ['red'], [], ['grey']]);
    // 丁 is tied with 戊 below it, and both are revealed: the mark shows.
    expect(slots.map((s) => s.tiedWithBelow)).toEqual([false, false, false, true, false]);
  });

  it('marks no tie with a row still hidden, and draws both lines where they meet', () => {
    const slots = boardSlots(board([row('乙', 2, null, true), row('丙', 3, 'grey')], { total: 4, redRows: 2, greyRows: 2, grey: 2 }));
    expect(slots[2].lines).toEqual(['red', 'grey']);
    expect(boardSlots(board([row('甲', 0, 'red', true)], { total: 2, redRows: 1, greyRows: 0, grey: 0 }))[0].tiedWithBelow).toBe(false);
  });
});

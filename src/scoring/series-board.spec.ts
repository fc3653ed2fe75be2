import { buildBoardRows, cutLineProblems, revealedRows, withRows, type SeriesBoard } from './series-board.js';
import type { SeriesEntry } from './standings.js';

/** A series entry from the unit's rank and value in each event (null: not ranked there). */
const unit = (name: string, ...events: ([number, string] | null)[]): SeriesEntry => ({
  unit: name,
  events: events.map((e, i) => ({ eventId: `e${i}`, label: `${i + 1}月`, rank: e?.[0] ?? null, value: e?.[1] ?? null })),
  trend: null,
});

const rows = (series: SeriesEntry[], red: number, grey: number) =>
  buildBoardRows(series, { red, grey }).map((r) => [r.unit, r.rank, r.change, r.isNew, r.zone]);

describe('buildBoardRows', () => {
  const series = [
    unit('红安县', [2, '90.00'], [1, '95.00']),
    unit('黄州区', [1, '93.00'], [3, '88.00']),
    unit('麻城市', [3, '85.00'], [2, '91.00']),
    unit('罗田县', null, [4, '80.00']),
    unit('英山县', [4, '70.00'], [5, '75.00']),
    unit('团风县', [5, '60.00'], null),
  ];

  it('ranks the latest event top first, with the change since the previous one and 新 for a unit not ranked there', () => {
    expect(rows(series, 1, 2)).toEqual([
      ['红安县', 1, 1, false, 'red'],
      ['麻城市', 2, 1, false, null],
      ['黄州区', 3, -2, false, null],
      ['罗田县', 4, null, true, 'grey'],
      ['英山县', 5, -1, false, 'grey'],
    ]);
  });

  it('leaves out units without a result in the latest event, and keeps values as exact text', () => {
    const built = buildBoardRows(series, { red: 0, grey: 0 });
    expect(built.map((r) => r.unit)).not.toContain('团风县');
    expect(built.map((r) => r.value)).toEqual(['95.00', '91.00', '88.00', '80.00', '75.00']);
    expect(built.every((r) => r.zone === null)).toBe(true);
  });

  it('takes a whole tie in at a cut line, in name order, never splitting it', () => {
    const tied = [
      unit('甲', [1, '9']),
      unit('乙', [2, '8']),
      unit('丙', [2, '8']),
      unit('丁', [4, '7']),
      unit('戊', [4, '7']),
      unit('己', [6, '6']),
    ];
    // red 2: 乙 and 丙 share second place, both red; grey 2: 丁 and 戊 share fourth, both grey with 己 (ties by name: 丙 bing before 乙 yi).
    expect(rows(tied, 2, 2).map(([u, , , , zone]) => [u, zone])).toEqual([
      ['甲', 'red'],
      ['丙', 'red'],
      ['乙', 'red'],
      ['丁', 'grey'],
      ['戊', 'grey'],
      ['己', 'grey'],
    ]);
  });

  it('gives red the tie that spans both lines', () => {
    const all = [unit('甲', [1, '9']), unit('乙', [1, '9']), unit('丙', [1, '9'])];
    expect(rows(all, 1, 1).map(([, , , , zone]) => zone)).toEqual(['red', 'red', 'red']);
  });

  it('marks nothing new and no change when the series has one event', () => {
    expect(rows([unit('甲', [1, '9']), unit('乙', [2, '8'])], 1, 1)).toEqual([
      ['甲', 1, null, false, 'red'],
      ['乙', 2, null, false, 'grey'],
    ]);
  });
});

describe('cutLineProblems', () => {
  it('accepts cut lines within the ranked units', () => {
    expect(cutLineProblems(10, { red: 3, grey: 2 })).toEqual([]);
    expect(cutLineProblems(5, { red: 3, grey: 2 })).toEqual([]);
    expect(cutLineProblems(5, { red: 0, grey: 0 })).toEqual([]);
  });

  it('refuses lines that overlap, negative or fractional counts, and a board with nothing ranked', () => {
    expect(cutLineProblems(4, { red: 3, grey: 2 })).toEqual(['red (3) and grey (2) together exceed the 4 ranked units']);
    expect(cutLineProblems(4, { red: -1, grey: 1.5 })).toHaveLength(2);
    expect(cutLineProblems(0, { red: 0, grey: 0 })).toHaveLength(1);
  });
});

describe('revealedRows', () => {
  const board: SeriesBoard = {
    eventIds: ['a', 'b'],
    title: '11月',
    red: 1,
    grey: 1,
    revealed: 0,
    rows: buildBoardRows([unit('甲', [1, '9']), unit('乙', [2, '8']), unit('丙', [3, '7'])], { red: 1, grey: 1 }),
  };

  it('shows the bottom rows only, one more per step, never more than there are', () => {
    expect([0, 1, 2, 3, 4].map((revealed) => revealedRows({ ...board, revealed }).map((r) => r.unit))).toEqual([
      [],
      ['丙'],
      ['乙', '丙'],
      ['甲', '乙', '丙'],
      ['甲', '乙', '丙'],
    ]);
  });

  it('keeps the reveal where it was when the figures change, within the rows there are', () => {
    expect(withRows({ ...board, revealed: 3 }, board.rows.slice(0, 2)).revealed).toBe(2);
    expect(withRows({ ...board, revealed: 1 }, board.rows).revealed).toBe(1);
  });
});

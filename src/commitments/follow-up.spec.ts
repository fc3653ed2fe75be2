import { dateIn, isCalendarDate } from '../common/calendar-date.js';
import { followUp, tally, tallyBy } from './follow-up.js';

describe('commitments follow-up', () => {
  it("takes today's date in the given time zone, not the server's", () => {
    // 16:30 UTC on 31 May is already 1 June in Shanghai, still 31 May in London.
    const now = new Date('2026-05-31T16:30:00Z');
    expect(dateIn('Asia/Shanghai', now)).toBe('2026-06-01');
    expect(dateIn('Europe/London', now)).toBe('2026-05-31');
  });

  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00', false],
    ['1999-12-31', false],
  ])('reads %s as a calendar date: %s', (text, valid) => {
    expect(isCalendarDate(text)).toBe(valid);
  });

  it('is overdue from the day after the deadline until delivered', () => {
    const open = { dueOn: '2026-06-30', status: null, doneOn: null };
    expect(followUp(open, '2026-06-30')).toBe('open');
    expect(followUp(open, '2026-07-01')).toBe('overdue');
    expect(followUp({ ...open, status: 'in_progress' }, '2026-07-01')).toBe('overdue');
    expect(followUp({ ...open, status: 'done', doneOn: '2026-06-30' }, '2026-08-01')).toBe('done');
    expect(followUp({ ...open, status: 'done', doneOn: '2026-07-02' }, '2026-08-01')).toBe('done_late');
  });

  it('counts a board, done late among the done', () => {
    expect(tally(['open', 'overdue', 'done', 'done_late', 'overdue'])).toEqual({ total: 5, done: 2, doneLate: 1, open: 1, overdue: 2 });
    expect(tally([])).toEqual({ total: 0, done: 0, doneLate: 0, open: 0, overdue: 0 });
    const rows = tallyBy(
      [
        { unit: '红安县', followUp: 'overdue' as const },
        { unit: '麻城市', followUp: 'done' as const },
        { unit: '红安县', followUp: 'open' as const },
      ],
      (c) => c.unit,
    );
    expect(rows).toEqual([
      ['红安县', { total: 2, done: 0, doneLate: 0, open: 1, overdue: 1 }],
      ['麻城市', { total: 1, done: 1, doneLate: 0, open: 0, overdue: 0 }],
    ]);
  });
});

import type { SeriesDto, StandingsDto } from '../src/contracts/index.js';
import { playedEventFixture, type EventFixture } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { downloadWorkbook } from './support/workbook.js';

/**
 * 每月一排名: two played events (two months) with the same units, ranked as a series over the API
 * and as a workbook: each unit's rank and result per event from that event's standings, and its trend.
 */
describe('the series across events', () => {
  let t: TestApp;
  let months: EventFixture[];
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
    months = [await playedEventFixture(t, { talks: 5, judges: 5 }), await playedEventFixture(t, { talks: 5, judges: 4 })];
  });
  afterAll(() => t?.close());

  it('gives each unit its rank and result in each event, and its trend, in the API and in Excel', async () => {
    const ids = months.map((m) => m.eventId).join(',');
    const series = (await t.http.get(`/api/series?events=${ids}`).set(admin()).expect(200)).body as SeriesDto;
    const standings = await Promise.all(
      months.map(async (m) => (await t.http.get(`/api/events/${m.eventId}/standings`).set(admin()).expect(200)).body as StandingsDto),
    );
    expect(series).toHaveLength(5);
    for (const entry of series) {
      const ranks = standings.map((s) => {
        const presenter = s.presenters.find((p) => p.unit === entry.unit)!;
        const line = s.entries.find((e) => e.presenterId === presenter.id)!;
        return { rank: line.rank, value: line.rounded };
      });
      expect(entry.events.map((e) => ({ rank: e.rank, value: e.value }))).toEqual(ranks);
      expect(entry.trend).toBe(ranks[0].rank! - ranks[1].rank!);
    }

    const book = await downloadWorkbook(t, `/api/series.xlsx?events=${ids}`, '系列排名');
    const sheet = book.getWorksheet('系列排名')!;
    for (const [i, entry] of series.entries()) {
      const row = sheet.getRow(3 + i);
      expect(row.getCell(1).value).toBe(entry.unit);
      expect(row.getCell(2).value).toBe(entry.events[0].rank);
      expect(row.getCell(3).value).toBe(Number(entry.events[0].value));
      expect(row.getCell(4).value).toBe(entry.events[1].rank);
      const trend = entry.trend!;
      expect(row.getCell(6).value).toBe(trend > 0 ? `上升 ${trend}` : trend < 0 ? `下降 ${-trend}` : '持平');
    }
  });

  it('refuses a list that is not event ids, and an event the organizer cannot see', async () => {
    const bad = await t.http.get('/api/series.xlsx?events=nope').set(admin()).expect(400);
    expect(bad.body.code).toBe('validation_failed');
    await t.http.get(`/api/series?events=${crypto.randomUUID()}`).set(admin()).expect(404);
  });
});

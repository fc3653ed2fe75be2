import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { SeriesDto } from '../../src/contracts/index.js';
import { type EventFixture, playedEventFixture } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;

/** 每月一排名 in the console: two months picked in order, each unit's ranks and trend shown and charted, then exported. */
suite(`the series in the console${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let months: EventFixture[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    months = [await playedEventFixture(t, { talks: 4, judges: 5 }), await playedEventFixture(t, { talks: 4, judges: 3 })];
    const rename = (m: EventFixture, name: string) =>
      t.http
        .patch(`/api/events/${m.eventId}`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .send({ name })
        .expect(200);
    await rename(months[0], '十月专题学习会');
    await rename(months[1], '十一月专题学习会');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows each unit’s rank per month and its trend, and exports the same to Excel', async () => {
    const context = await openContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await context.addInitScript((token) => sessionStorage.setItem('podium.token', token), t.adminToken);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/admin`);
    await page.click('[data-testid=open-series]');
    await page.locator('[data-testid=series-events]').getByText('十月专题学习会').click();
    await page.locator('[data-testid=series-events]').getByText('十一月专题学习会').click();
    await page.locator('[data-testid=series-table] tbody tr').nth(3).waitFor();

    const series = (
      await t.http
        .get(`/api/series?events=${months.map((m) => m.eventId).join(',')}`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200)
    ).body as SeriesDto;
    // Each unit's row shows its rank and value in both months, once the second month's figures have arrived.
    for (const entry of series) {
      const row = page.locator('[data-testid=series-table] tbody tr', { hasText: entry.unit });
      for (const month of entry.events) await row.filter({ hasText: `第 ${month.rank} · ${month.value}` }).waitFor();
    }
    await expect(page.locator('.chart canvas').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/series.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=series-excel]')]);
    expect(download.suggestedFilename()).toBe('系列排名（2 场）.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.getWorksheet('系列排名')!;
    expect(sheet.getRow(2).getCell(2).value).toBe('十月专题学习会 名次');
    expect(sheet.getRow(3).getCell(1).value).toBe(series[0].unit);
    await context.close();
  });
});

import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;

/**
 * A new organizer sets up the session from the console with the Excel template: downloads it,
 * fills it with a mistake, sees the problem named by sheet, row and column, fixes it, imports, and
 * gets the judges' QR sheet.
 */
suite(`setup from Excel in the console${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let organizer: Page;
  let eventId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    eventId = (
      await t.http
        .post('/api/events')
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .send({ name: '县级领导干部专题学习会' })
        .expect(201)
    ).body.id;
    browser = await launchChromium();
    organizer = await (await openContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The downloaded template, filled in; with `mistake`, one judge names a unit nobody comes from. */
  async function fill(path: string, mistake: boolean): Promise<string> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    book.getWorksheet('评分细则')!.addRow(['思路举措', '60', '0.5']);
    book.getWorksheet('评分细则')!.addRow(['现场表达', '40', '0.5']);
    for (const unit of ['红安县', '麻城市', '黄梅县']) book.getWorksheet('汇报人')!.addRow([unit, '县委书记']);
    book.getWorksheet('专题')!.addRow(['专题一：推动高质量发展', '市委常委、常务副市长']);
    book.getWorksheet('评委')!.addRow(['A1', '评委一']);
    book.getWorksheet('评委')!.addRow(['A2', '评委二', null, mistake ? '红安' : '红安县']);
    const out = `${ARTIFACTS}/setup-${mistake ? 'with-mistake' : 'fixed'}.xlsx`;
    await book.xlsx.writeFile(out);
    return out;
  }

  it('imports a filled template after showing its one mistake where it is', async () => {
    await organizer.goto(`${t.baseUrl}/admin`);
    await organizer.fill('input[name=username]', 'admin');
    await organizer.fill('input[name=password]', ADMIN_PASSWORD);
    await organizer.click('button[type=submit]');
    // Signed in (the events list is there), the organizer opens the event's setup.
    await organizer.locator('text=县级领导干部专题学习会').first().waitFor();
    await organizer.goto(`${t.baseUrl}/admin/events/${eventId}/setup`);
    await organizer.locator('[data-testid=import-template]').waitFor();
    // The QR step says where the links will point; the test server knows this machine's address or warns about localhost.
    await organizer.getByRole('tab', { name: '二维码', exact: true }).click();
    const pointTo = await organizer.locator('[data-testid=links-point-to]').innerText();
    expect(pointTo).toMatch(/评委链接和二维码指向 http:\/\/(\d+\.\d+\.\d+\.\d+|localhost):\d+/);

    const [download] = await Promise.all([organizer.waitForEvent('download'), organizer.click('[data-testid=import-template]')]);
    expect(download.suggestedFilename()).toBe('县级领导干部专题学习会 设置导入模板.xlsx');
    const template = (await download.path())!;

    const input = organizer.locator('[data-testid=setup-import] input[type=file]');
    await input.setInputFiles(await fill(template, true));
    await organizer.click('[data-testid=import-preview]');
    const problems = organizer.locator('[data-testid=import-problems]');
    await problems.waitFor();
    await expect(problems.innerText()).resolves.toMatch(/评委\s+3\s+回避单位\s+不是任何汇报人的单位：红安/);
    await expect(organizer.locator('[data-testid=import-apply]').isDisabled()).resolves.toBe(true);
    await organizer.screenshot({ path: `${ARTIFACTS}/setup-import-problems.png`, fullPage: true });

    // Fixed and chosen again: the preview finds nothing, the import asks first, then the QR sheet is there.
    await input.setInputFiles(await fill(template, false));
    await organizer.click('[data-testid=import-preview]');
    await organizer.locator('[data-testid=import-ok]').waitFor();
    await expect(organizer.locator('[data-testid=import-counts]').innerText()).resolves.toContain(
      '评分项 2 · 评委组 0 · 评委 2 · 汇报人 3 · 专题 1 · 出场 3',
    );
    await organizer.click('[data-testid=import-apply]');
    await organizer.locator('.el-message-box').getByRole('button', { name: '导入' }).click();
    await organizer.locator('[data-testid=setup-import] [role=status]', { hasText: '已导入' }).waitFor();
    await organizer.locator('.qr-sheet img').nth(1).waitFor();
    await organizer.screenshot({ path: `${ARTIFACTS}/setup-imported.png`, fullPage: true });

    const detail = (
      await t.http
        .get(`/api/events/${eventId}`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200)
    ).body;
    expect(detail.judges.map((j: { seatLabel: string }) => j.seatLabel)).toEqual(['A1', 'A2']);
    expect(detail.rounds[0].presentations).toHaveLength(3);
  });
});

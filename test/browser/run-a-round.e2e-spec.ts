import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createEventFixture, type EventFixture } from '../support/fixtures.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;

/**
 * The scenario of a show in a real browser against the real server on real PostgreSQL: the
 * organizer runs a round from the console, three judges score from their links (one of them
 * losing the network and reloading before the score gets through), the big screen follows.
 */
suite(`a round run from the console${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  let organizer: Page;
  let screen: Page;
  const judges: { context: BrowserContext; page: Page }[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await createEventFixture(t, {
      name: '专题学习会（浏览器测试）',
      units: ['红安县', '麻城市'],
      judges: [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
        { displayName: '评委三', seatLabel: 'A3' },
      ],
    });
    browser = await launchChromium();
    organizer = await (await openContext(browser, { viewport: { width: 1280, height: 900 } })).newPage();
    screen = await (await openContext(browser, { viewport: { width: 1920, height: 1080 } })).newPage();
    for (const judge of fx.judges) {
      const context = await openContext(browser, { viewport: { width: 800, height: 1280 }, hasTouch: true });
      const page = await context.newPage();
      judges.push({ context, page });
      void judge;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const url = (path: string) => `${t.baseUrl}${path}`;

  /** Fills a judge's sheet through the keypad, as a judge types on the tablet. */
  async function fill(page: Page, values: string[]): Promise<void> {
    for (const [i, criterion] of fx.criteria.entries()) {
      const field = page.locator(`[data-criterion="${criterion.name}"]`);
      await field.locator('.value').click();
      await field.getByRole('button', { name: '清除' }).click();
      for (const key of values[i]) await field.locator('.keypad button', { hasText: new RegExp(`^${key === '.' ? '\\.' : key}$`) }).click();
      await field.getByRole('button', { name: '完成' }).click();
    }
  }

  it('runs the round: sign-in, stage, scoring with an offline judge, sealed progress, reveal', async () => {
    // The organizer signs in and opens the run of show.
    await organizer.goto(url('/admin'));
    await organizer.fill('input[name=username]', 'admin');
    await organizer.fill('input[name=password]', ADMIN_PASSWORD);
    await organizer.click('button[type=submit]');
    await organizer.click(`text=专题学习会（浏览器测试）`);
    await organizer.click('[data-testid=start-round]');
    await organizer.click('[data-testid=stage-next]');
    await screen.goto(url(`/screen/${fx.publicCode}`));
    await screen.locator('[data-testid=countdown]').waitFor();
    // The console shows the speaking clock the hall sees; the talk runs long and gets a minute more, on the big screen too.
    await organizer.locator('[data-testid=admin-clock]').waitFor();
    const seconds = (text: string) => {
      const [m, s] = text.replace('+', '').split(':').map(Number);
      return m * 60 + s;
    };
    const before = seconds(await screen.locator('[data-testid=countdown]').innerText());
    await organizer.click('[data-testid=extend]');
    await screen.waitForFunction((limit) => {
      const [m, s] = (document.querySelector('[data-testid=countdown]')?.textContent ?? '').trim().split(':').map(Number);
      return m * 60 + s > limit;
    }, before + 30);
    expect(seconds(await organizer.locator('[data-testid=admin-clock] span').innerText())).toBeGreaterThan(before + 30);
    await organizer.click('[data-testid=open-scoring]');
    await screen.locator('[data-testid=progress]', { hasText: '0 / 3' }).waitFor();

    for (const [i, judge] of judges.entries()) await judge.page.goto(url(`/judge/${fx.judges[i].token}`));

    // Two judges score and see their scores arrive.
    const sheets = [
      ['50', '30'],
      ['55.5', '34.5'],
      ['52', '33.5'],
    ];
    for (const i of [0, 1]) {
      const page = judges[i].page;
      await fill(page, sheets[i]);
      await page.click('[data-testid=submit]');
      await page.click('[data-testid=confirm]');
      await page.locator('[data-delivery]').waitFor();
      await page.locator('[data-delivery=received]').waitFor();
    }
    await screen.locator('[data-testid=progress]', { hasText: '2 / 3' }).waitFor();

    // The third judge loses the network, confirms anyway, reloads while offline, and comes back.
    const third = judges[2];
    await fill(third.page, sheets[2]);
    await third.page.click('[data-testid=submit]');
    await third.context.setOffline(true);
    await third.page.locator('[data-testid=offline]').waitFor();
    await third.page.click('[data-testid=confirm]');
    await third.page.locator('[data-delivery=pending]').waitFor();
    await third.page.screenshot({ path: `${ARTIFACTS}/judge-tablet-offline.png` });
    await third.page.reload().catch(() => undefined); // offline: the reload itself fails
    await third.context.setOffline(false);
    await third.page.goto(url(`/judge/${fx.judges[2].token}`));
    await third.page.locator('[data-delivery=received]').waitFor();
    await third.page.screenshot({ path: `${ARTIFACTS}/judge-tablet.png` });
    const stored = await t.db.query('SELECT id FROM score WHERE judge_id = $1', [fx.judges[2].id]);
    expect(stored).toHaveLength(1);

    // The big screen shows who has scored, never what.
    await screen.locator('[data-testid=progress]', { hasText: '3 / 3' }).waitFor();
    const sealed = await screen.locator('main').innerText();
    for (const total of ['80', '90', '85.5']) expect(sealed).not.toContain(total);
    await screen.screenshot({ path: `${ARTIFACTS}/big-screen-progress.png` });

    // The organizer closes scoring and reveals, after confirming.
    await organizer.click('[data-testid=close-scoring]');
    await organizer.click('[data-testid=reveal]');
    await organizer.locator('[data-testid=confirm-dialog]').waitFor();
    await organizer.screenshot({ path: `${ARTIFACTS}/console.png` });
    await organizer.click('[data-testid=confirm-action]');

    // Totals 80, 90, 85.5: the highest and the lowest struck out, 85.50 and rank 1.
    await screen.locator('[data-testid=final]', { hasText: '85.50' }).waitFor();
    await expect(screen.locator('[data-testid=rank]').innerText()).resolves.toBe('1');
    await expect(screen.locator('[data-seat=A1]').getAttribute('data-status')).resolves.toBe('dropped_lowest');
    await expect(screen.locator('[data-seat=A2]').getAttribute('data-status')).resolves.toBe('dropped_highest');
    await expect(screen.locator('[data-seat=A3]').getAttribute('data-status')).resolves.toBe('counted');
    await screen.waitForTimeout(1_500); // let the reveal animation finish for the screenshot
    await screen.screenshot({ path: `${ARTIFACTS}/big-screen-reveal.png` });

    // The console mirrors the big screen: the same result, as the hall sees it.
    const mirror = organizer.frameLocator('[data-testid=screen-mirror]');
    await mirror.locator('[data-testid=final]', { hasText: '85.50' }).waitFor();
    // Before the standings go up, a preview shows them, marked as such; cancelled, the hall's screens never changed.
    await organizer.click('[data-testid=screen-standings]');
    const preview = organizer.frameLocator('[data-testid=screen-preview]');
    await preview.locator('[data-testid=preview-mark]').waitFor();
    await preview.locator('[data-testid=board]').waitFor();
    await organizer.screenshot({ path: `${ARTIFACTS}/console-preview.png` });
    await organizer.locator('[data-testid=confirm-dialog]').getByRole('button', { name: '取消' }).click();
    await expect(screen.locator('main.screen').getAttribute('data-mode')).resolves.toBe('stage');
    await expect(screen.locator('[data-testid=final]').innerText()).resolves.toBe('85.50');
  });

  it('enters a paper sheet as 代录, then corrects the published result after a preview, and every screen says so', async () => {
    // The next talk: A1 and A2 score on their tablets; A3's tablet has failed and A3 signs a paper sheet.
    await organizer.click('[data-testid=stage-next]');
    await screen.locator('[data-testid=countdown]').waitFor();
    await organizer.click('[data-testid=open-scoring]');
    await screen.locator('[data-testid=progress]', { hasText: '0 / 3' }).waitFor();
    const sheets = [
      ['45', '30'],
      ['58', '36'],
    ];
    for (const i of [0, 1]) {
      const page = judges[i].page;
      await page.locator('[data-testid=submit]').waitFor();
      await fill(page, sheets[i]);
      await page.click('[data-testid=submit]');
      await page.click('[data-testid=confirm]');
      await page.locator('[data-delivery=received]').waitFor();
    }
    await screen.locator('[data-testid=progress]', { hasText: '2 / 3' }).waitFor();
    // A3 has not scored: closing says so, and asks first.
    await organizer.click('[data-testid=close-scoring]');
    await expect(organizer.locator('[data-testid=confirm-dialog]').innerText()).resolves.toContain('还有 1 位评委未评分：A3');
    await organizer.click('[data-testid=confirm-action]');

    await organizer.click('[data-testid=paper-A3]');
    const sheet = organizer.locator('[data-testid=paper-sheet]');
    await sheet.locator('input').nth(0).fill('50');
    await sheet.locator('input').nth(1).fill('32');
    await sheet.locator('button[type=submit]').click();
    await organizer.locator('[data-judge=A3]', { hasText: '代录' }).waitFor();

    // Totals 75, 94 and the paper sheet's 82: 82.00, and the big screen marks A3's line 代录.
    await organizer.click('[data-testid=reveal]');
    await organizer.click('[data-testid=confirm-action]');
    await screen.locator('[data-testid=final]', { hasText: '82.00' }).waitFor();
    await expect(screen.locator('[data-seat=A3]').getAttribute('data-entry')).resolves.toBe('proxy');
    await expect(screen.locator('[data-seat=A3] [data-testid=mark]').innerText()).resolves.toBe('代录');
    await expect(screen.locator('[data-seat=A1] [data-testid=mark]').count()).resolves.toBe(0);

    // In the review the organizer voids A2's published 94: the preview names what changes, and only the confirmation stores it.
    await organizer.click('text=复核');
    const talk = organizer.locator('section.talk', { has: organizer.locator('h2', { hasText: '麻城市' }) });
    await talk
      .locator('tr', { has: organizer.locator('td', { hasText: /^A2$/ }) })
      .getByRole('button', { name: '作废' })
      .click();
    await talk.locator('form.correction input').last().fill('评委 A2 误触，经本人确认作废');
    await talk.getByRole('button', { name: '预览影响' }).click();
    const preview = talk.locator('[data-testid=correction-preview]');
    await preview.waitFor();
    await expect(preview.innerText()).resolves.toContain('麻城市：82.00（第 2 名） → 78.50（第 2 名）');
    const organizerRows = async () => (await t.db.query("SELECT id FROM score WHERE source = 'organizer'")).length;
    expect(await organizerRows()).toBe(1);
    await organizer.screenshot({ path: `${ARTIFACTS}/review-correction-preview.png`, fullPage: true });
    await preview.locator('[data-testid=confirm-correction]').click();
    await talk.locator('h2', { hasText: '78.50' }).waitFor();
    expect(await organizerRows()).toBe(2);

    // The big screen: A2's line shows 作废, the result is marked 更正, and a notice says what was corrected.
    await screen.locator('[data-testid=final]', { hasText: '78.50' }).waitFor();
    await expect(screen.locator('[data-seat=A2] .value').innerText()).resolves.toBe('作废');
    await screen.locator('[data-testid=corrected]').waitFor();
    await expect(screen.locator('[data-testid=correction-notice]').innerText()).resolves.toContain(
      '麻城市 · 评委 A2 的评分作废（评委 A2 误触，经本人确认作废），现得分 78.50',
    );
    await screen.waitForTimeout(1_500); // let the reveal animation finish for the screenshot
    await screen.screenshot({ path: `${ARTIFACTS}/big-screen-correction.png` });

    // The reviewer takes the topic out as Excel: the corrected result, and the void with its reason.
    const [download] = await Promise.all([organizer.waitForEvent('download'), organizer.click('[data-testid=excel-round]')]);
    expect(download.suggestedFilename()).toMatch(/成绩\.xlsx$/);
    await organizer.locator('[role=status]', { hasText: download.suggestedFilename() }).waitFor();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const summary = book.worksheets[0];
    const row = summary.getRows(3, summary.rowCount - 2)!.find((r) => r.getCell(4).value === '麻城市')!;
    expect(row.getCell(row.cellCount - 1).value).toBe(78.5);
    const record = book.getWorksheet('修订记录')!;
    const voided = record.getRows(3, record.rowCount - 2)!.find((r) => r.getCell(8).value === '作废')!;
    expect(voided.getCell(9).value).toBe('评委 A2 误触，经本人确认作废');
  });

  it('names the judges who did not score, before a reveal and on the big screen', async () => {
    // A third talk, added to the live round: only A1 scores it.
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    const presenter = (
      await t.http.post(`/api/events/${fx.eventId}/presenters`).set(auth).send({ title: '县委书记', unit: '黄梅县' }).expect(201)
    ).body;
    await t.http
      .post(`/api/events/${fx.eventId}/rounds/${fx.roundId}/presentations`)
      .set(auth)
      .send({ presenterId: presenter.id })
      .expect(201);
    // Back from the review to the run of show.
    await organizer.goto(url(`/admin/events/${fx.eventId}`));
    await organizer.click('[data-testid=stage-next]');
    await organizer.click('[data-testid=open-scoring]');
    const page = judges[0].page;
    await page.locator('[data-testid=submit]').waitFor();
    await fill(page, ['50', '30']);
    await page.click('[data-testid=submit]');
    await page.click('[data-testid=confirm]');
    await page.locator('[data-delivery=received]').waitFor();
    await screen.locator('[data-testid=progress]', { hasText: '1 / 3' }).waitFor();

    await organizer.click('[data-testid=close-scoring]');
    await expect(organizer.locator('[data-testid=confirm-dialog]').innerText()).resolves.toContain('还有 2 位评委未评分：A2、A3');
    await organizer.click('[data-testid=confirm-action]');
    await organizer.click('[data-testid=reveal]');
    const question = await organizer.locator('[data-testid=confirm-dialog]').innerText();
    expect(question).toContain('还有 2 位评委未评分：A2、A3');
    expect(question).toContain('黄梅县');
    await organizer.click('[data-testid=confirm-action]');
    await expect(screen.locator('[data-testid=missing]').innerText()).resolves.toBe('未评分：A2、A3（不计入）');
    await screen.screenshot({ path: `${ARTIFACTS}/big-screen-reveal-missing.png` });
  });
});

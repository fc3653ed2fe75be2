/// <reference lib="dom" />
// The callbacks given to page.waitForFunction run in the browser.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { BallotCodeDto, BallotPageDto, PollDto } from '../../src/contracts/ballots.js';
import { command, createEventFixture, type EventFixture } from '../support/fixtures.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;
const EVENT = '专题学习会（满意度测评）';
const PHONE = { width: 390, height: 844 };

/**
 * Attendee ballots (满意度测评) in real browsers, on the real server: the organizer sets the card and
 * issues the halls' codes in the console, opens the poll on the lecture from the run-the-show page;
 * attendees' phones (390×844) learn it live, cast, change, keep a ballot through a dropped Wi-Fi and
 * send it once when it is back; the big screen shows the turnout, then, once shown, the result.
 */
suite(`attendee ballots${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  let organizer: Page;
  let phoneContext: BrowserContext;
  let phone: Page;
  const codes: BallotCodeDto[] = [];
  const voided: BallotCodeDto[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await createEventFixture(t, { name: EVENT, units: ['红安县', '麻城市'], judges: [{ displayName: '评委一', seatLabel: 'A1' }] });
    // The first topic has begun: its lecturer is at the lectern.
    await command(t, fx, `rounds/${fx.roundId}/start`);
    browser = await launchChromium();
    organizer = await (await openContext(browser, { viewport: { width: 1280, height: 1000 } })).newPage();
    phoneContext = await openContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    phone = await phoneContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const url = (path: string) => `${t.baseUrl}${path}`;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const polls = async (): Promise<PollDto[]> => (await t.http.get(`/api/events/${fx.eventId}/polls`).set(auth()).expect(200)).body;
  const ballotPage = async (code: string): Promise<BallotPageDto> => (await t.http.get(`/api/ballot/${code}`).expect(200)).body;
  const confirm = async () => organizer.click('[data-testid=confirm-action]');
  /** Marks the i-th indicator on the phone by its quick value. */
  const quick = (page: Page, i: number, value: string) =>
    page.locator('[data-indicator]').nth(i).locator(`.quick [data-value="${value}"]`).click();

  it('sets the card and issues, prints and voids the halls’ codes in the console', async () => {
    await organizer.goto(url('/admin'));
    await organizer.fill('input[name=username]', 'admin');
    await organizer.fill('input[name=password]', ADMIN_PASSWORD);
    await organizer.click('button[type=submit]');
    await organizer.locator(`text=${EVENT}`).waitFor();
    await organizer.goto(url(`/admin/events/${fx.eventId}/setup?tab=ballots`));
    const tab = organizer.locator('[data-testid=ballots-tab]');
    await tab.waitFor();
    // No card yet: the default, 5 indicators × 20 points, ready to save.
    await expect(tab.locator('[data-testid=ballot-indicator]').count()).resolves.toBe(5);
    await expect(tab.locator('[data-testid=ballot-maximum]').innerText()).resolves.toContain('100');
    // A card that cannot be saved says why.
    await tab.locator('[data-testid=ballot-max]').fill('20.5');
    await tab.locator('[data-testid=ballot-card-problem]').waitFor();
    await expect(tab.locator('[data-testid=ballot-card-save]').isDisabled()).resolves.toBe(true);
    await tab.locator('[data-testid=ballot-max]').fill('20');
    await tab.locator('[data-testid=ballot-card-save]:not([disabled])').click();
    await organizer.locator('.el-message--success').first().waitFor();
    const card = (await t.http.get(`/api/events/${fx.eventId}/ballot-card`).set(auth()).expect(200)).body;
    expect(card).toMatchObject({ scale: 'points', max: '20', step: '1' });
    expect(card.indicators).toHaveLength(5);

    for (const [hall, count] of [
      ['主会场', 3],
      ['分会场一', 2],
    ] as const) {
      await tab.locator('[data-testid=ballot-issue-hall]').fill(hall);
      await tab.locator('[data-testid=ballot-issue-count] input').fill(String(count));
      await tab.locator('[data-testid=ballot-issue] button[type=submit]').click();
      await tab.locator('[data-testid=ballot-halls] .el-table__row', { hasText: hall }).waitFor();
    }

    // Card No. 2 of 分会场一 was lost: voided by its number, after a confirmation.
    await tab.locator('[data-testid=ballot-void-hall]').click();
    await organizer.locator('.el-select-dropdown__item', { hasText: '分会场一' }).click();
    await tab.locator('[data-testid=ballot-void-number] input').fill('2');
    await tab.locator('[data-testid=ballot-void] button[type=submit]').click();
    await organizer.locator('.el-message-box__btns .el-button--primary').click();
    await tab
      .locator('[data-testid=ballot-halls] .el-table__row', { hasText: '分会场一' })
      .locator('td', { hasText: /^1$/ })
      .first()
      .waitFor();

    // The print sheet: one card per valid code, with its hall, number and QR code.
    await tab.locator('[data-testid="ballot-print-主会场"]').click();
    const sheet = organizer.locator('[data-testid=ballot-sheet-cards]');
    await sheet.locator('figure').nth(2).waitFor();
    await expect(sheet.locator('figure').count()).resolves.toBe(3);
    await expect(sheet.locator('figure[data-number="1"]').innerText()).resolves.toContain('主会场');
    await expect(sheet.locator('figure img').first().getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    await organizer.screenshot({ path: `${ARTIFACTS}/ballot-console-setup.png`, fullPage: true });

    for (const hall of ['主会场', '分会场一'])
      for (const c of (await t.http.get(`/api/events/${fx.eventId}/ballot-codes/print`).query({ hall }).set(auth()).expect(200))
        .body as BallotCodeDto[])
        (c.voided ? voided : codes).push(c);
    expect(voided.map((c) => `${c.hall}${c.number}`)).toEqual(['分会场一2']);
    expect(codes.map((c) => `${c.hall}${c.number}`)).toEqual(['主会场1', '主会场2', '主会场3', '分会场一1']);
  });

  it('the phone waits, learns live that the poll opened from the console, and casts and changes a ballot', async () => {
    await phone.goto(url(`/ballot/${codes[0].code}`));
    await phone.locator('[data-testid=ballot-waiting]').waitFor();
    await expect(phone.locator('[data-testid=ballot-hall]').innerText()).resolves.toBe('主会场');
    await phone.screenshot({ path: `${ARTIFACTS}/ballot-phone-waiting.png` });

    await organizer.goto(url(`/admin/events/${fx.eventId}`));
    const panel = organizer.locator('[data-testid=ballot-run]');
    await panel.locator('[data-testid=ballot-open]').click();
    await expect(organizer.locator('[data-testid=confirm-dialog]').innerText()).resolves.toContain('专题一：推动高质量发展');
    await confirm();
    await panel.locator('[data-testid=ballot-run-turnout]', { hasText: '0 / 4' }).waitFor();

    // The phone, without a reload: the card of the lecture.
    const sheet = phone.locator('[data-testid=ballot-sheet]');
    await sheet.waitFor();
    await expect(phone.locator('[data-testid=ballot-title]').innerText()).resolves.toContain('专题一');
    await expect(phone.locator('[data-testid=ballot-submit]').isDisabled()).resolves.toBe(true);
    for (const [i, value] of ['20', '18', '16', '20', '18'].entries()) await quick(phone, i, value);
    await expect(phone.locator('[data-testid=ballot-total]').innerText()).resolves.toBe('92');
    await phone.screenshot({ path: `${ARTIFACTS}/ballot-phone-card.png`, fullPage: true });
    await phone.click('[data-testid=ballot-submit]');
    await phone.locator('[data-testid=ballot-delivery][data-delivery=received]').waitFor();
    await expect(phone.locator('[data-testid=ballot-delivery]').innerText()).resolves.toContain('已提交');
    await phone.screenshot({ path: `${ARTIFACTS}/ballot-phone-sent.png`, fullPage: true });
    // The console's turnout follows, hall by hall.
    await panel.locator('[data-testid=ballot-run-turnout]', { hasText: '1 / 4' }).waitFor();
    await panel.locator('li[data-hall=主会场]', { hasText: '1 / 3' }).waitFor();

    // Changed: one step up on the second indicator.
    await phone.click('[data-testid=ballot-change]');
    await phone.locator('[data-indicator]').nth(1).locator('[data-testid=more]').click();
    await expect(phone.locator('[data-testid=ballot-total]').innerText()).resolves.toBe('93');
    await phone.click('[data-testid=ballot-submit]');
    await phone.locator('[data-testid=ballot-sent-total]', { hasText: '93' }).waitFor();
    await phone.locator('[data-testid=ballot-delivery][data-delivery=received]', { hasText: '93' }).waitFor();
    await expect(ballotPage(codes[0].code)).resolves.toMatchObject({
      mine: { values: ['20', '19', '16', '20', '18'], total: '93', revision: 2 },
    });
    await organizer.screenshot({ path: `${ARTIFACTS}/ballot-console-open.png`, fullPage: true });
  });

  it('keeps a ballot changed without network as 待发送, and sends it once when the network is back', async () => {
    const posts: Request[] = [];
    phone.on('request', (request) => request.method() === 'POST' && request.url().includes('/api/ballot/') && posts.push(request));
    // 127.0.0.1 is a secure context: the offline shell (service worker) controls the page.
    await phone.waitForFunction(() => navigator.serviceWorker?.controller != null);
    await phoneContext.setOffline(true);
    await phone.click('[data-testid=ballot-change]');
    await phone.locator('[data-indicator]').nth(4).locator('[data-testid=less]').click();
    await expect(phone.locator('[data-testid=ballot-total]').innerText()).resolves.toBe('92');
    await phone.click('[data-testid=ballot-submit]');
    const pending = phone.locator('[data-testid=ballot-delivery][data-delivery=pending]');
    await pending.waitFor();
    await expect(pending.innerText()).resolves.toContain('待发送');
    // Nothing reached the server.
    await expect(ballotPage(codes[0].code)).resolves.toMatchObject({ mine: { total: '93', revision: 2 } });
    // Reloaded without network: the card and the ballot waiting on the phone, still 待发送.
    await phone.reload();
    await pending.waitFor();
    await expect(phone.locator('[data-testid=ballot-sent-total]').innerText()).resolves.toBe('92');
    await phone.screenshot({ path: `${ARTIFACTS}/ballot-phone-pending.png`, fullPage: true });

    await phoneContext.setOffline(false);
    await phone.locator('[data-testid=ballot-delivery][data-delivery=received]', { hasText: '92' }).waitFor();
    // Stored once: one more revision, whatever the number of sends, all with the same key.
    await expect(ballotPage(codes[0].code)).resolves.toMatchObject({
      mine: { values: ['20', '19', '16', '20', '17'], total: '92', revision: 3 },
    });
    const keys = new Set(posts.map((p) => (p.postDataJSON() as { idempotencyKey: string }).idempotencyKey));
    expect(keys.size).toBe(1);
    const [poll] = await polls();
    expect(poll.result.ballots).toBe(1);
  });

  it('refuses an unknown or voided code with a clear message', async () => {
    const other = await (await openContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true })).newPage();
    await other.goto(url('/ballot/not-a-real-code'));
    await other.locator('[data-testid=ballot-refused]').waitFor();
    await expect(other.locator('[data-testid=ballot-refused]').innerText()).resolves.toContain('测评码无效或已作废');
    await other.screenshot({ path: `${ARTIFACTS}/ballot-phone-unknown.png` });
    // The card voided in the console: refused too, while the poll is open.
    await other.goto(url(`/ballot/${voided[0].code}`));
    await other.locator('[data-testid=ballot-refused]').waitFor();
    await expect(other.locator('[data-testid=ballot-sheet]').count()).resolves.toBe(0);
    await other.context().close();
  });

  it('shows the turnout on the big screen, then, once the poll is closed and the result shown, the result', async () => {
    // A second attendee, in the remote hall.
    const second = await (await openContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true })).newPage();
    await second.goto(url(`/ballot/${codes[3].code}`));
    await second.locator('[data-testid=ballot-sheet]').waitFor();
    for (let i = 0; i < 5; i++) await quick(second, i, '20');
    await second.click('[data-testid=ballot-submit]');
    await second.locator('[data-testid=ballot-delivery][data-delivery=received]').waitFor();

    const screen = await (await openContext(browser, { viewport: { width: 1920, height: 1080 } })).newPage();
    await screen.goto(url(`/screen/${fx.publicCode}`));
    const shown = screen.locator('[data-testid=ballot-panel]');
    await shown.and(screen.locator('[data-ballots="2"]')).waitFor();
    await expect(shown.getAttribute('data-display')).resolves.toBe('turnout');
    await expect(screen.locator('[data-testid=ballot-result]').count()).resolves.toBe(0);
    await screen.screenshot({ path: `${ARTIFACTS}/ballot-screen-turnout.png` });

    const panel = organizer.locator('[data-testid=ballot-run]');
    await panel.locator('[data-testid=ballot-run-turnout]', { hasText: '2 / 4' }).waitFor();
    await panel.locator('[data-testid=ballot-close]').click();
    await confirm();
    await panel.locator('[data-testid=ballot-closed-poll]').waitFor();
    // The phones learn it live.
    await phone.locator('[data-testid=ballot-ended]').waitFor();
    await phone.screenshot({ path: `${ARTIFACTS}/ballot-phone-ended.png`, fullPage: true });
    await shown.and(screen.locator('[data-state=closed]')).waitFor();

    await panel.locator('[data-testid=ballot-show-result]').click();
    await expect(organizer.locator('[data-testid=confirm-dialog]').innerText()).resolves.toContain('公布');
    await confirm();
    const result = screen.locator('[data-testid=ballot-result]');
    await result.waitFor();
    // (92 + 100) / 2 and, per indicator, (19 + 20) / 2 and (17 + 20) / 2: exact.
    await expect(screen.locator('[data-testid=ballot-mean-total]').innerText()).resolves.toBe('96.00');
    const indicators = screen.locator('[data-testid=ballot-indicators] tr');
    await expect(indicators.nth(1).innerText()).resolves.toContain('19.50');
    await expect(indicators.nth(4).innerText()).resolves.toContain('18.50');
    await screen.screenshot({ path: `${ARTIFACTS}/ballot-screen-result.png` });
    await organizer.screenshot({ path: `${ARTIFACTS}/ballot-console-result.png`, fullPage: true });
    await screen.setViewportSize({ width: 3840, height: 2160 });
    await screen.screenshot({ path: `${ARTIFACTS}/ballot-screen-result-4k.png` });

    // A remote viewer on a phone sees the same.
    const viewer = await (await openContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true })).newPage();
    await viewer.goto(url(`/live/${fx.publicCode}`));
    await viewer.locator('[data-testid=ballot-result]').waitFor();
    await expect(viewer.locator('[data-testid=ballot-mean-total]').innerText()).resolves.toBe('96.00');
    await viewer.screenshot({ path: `${ARTIFACTS}/ballot-screen-viewer-phone.png`, fullPage: true });
  });
  it('rates on a card of levels, with one tap per indicator', async () => {
    const other = await createEventFixture(t, {
      name: '专题学习会（等级测评）',
      units: ['英山县'],
      judges: [{ displayName: '评委', seatLabel: 'B1' }],
    });
    const events = `/api/events/${other.eventId}`;
    await t.http
      .put(`${events}/ballot-card`)
      .set(auth())
      .send({
        indicators: ['政治站位', '内容质量', '联系实际'],
        scale: 'levels',
        max: null,
        step: null,
        levels: [
          { label: '很满意', value: '100' },
          { label: '满意', value: '80' },
          { label: '基本满意', value: '60' },
          { label: '不满意', value: '0' },
        ],
      })
      .expect(200);
    await t.http.post(`${events}/ballot-codes`).set(auth()).send({ hall: '主会场', count: 1 }).expect(201);
    const [code] = (await t.http.get(`${events}/ballot-codes/print`).query({ hall: '主会场' }).set(auth()).expect(200))
      .body as BallotCodeDto[];
    await command(t, other, `rounds/${other.roundId}/start`);

    // This phone gets no live channel (a hall behind one NAT address past the viewers' limit, say):
    // it asks the server itself every few seconds, and still learns that the poll opened.
    const page = await (await openContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 })).newPage();
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.route('**/socket.io/**', (route) => route.abort());
    await page.goto(url(`/ballot/${code.code}`));
    await page.locator('[data-testid=ballot-waiting]').waitFor();
    await t.http.post(`${events}/polls`).set(auth()).send({ roundId: other.roundId }).expect(201);
    await page.locator('[data-testid=ballot-sheet]').waitFor();
    for (const [i, value] of ['100', '80', '100'].entries())
      await page.locator('[data-indicator]').nth(i).locator(`.levels [data-value="${value}"]`).click();
    await expect(page.locator('[data-testid=ballot-total]').innerText()).resolves.toBe('280');
    await expect(page.locator('[data-indicator]').nth(1).locator('[aria-pressed=true]').innerText()).resolves.toBe('满意');
    await page.screenshot({ path: `${ARTIFACTS}/ballot-phone-levels.png` });
    await page.click('[data-testid=ballot-submit]');
    await page.locator('[data-testid=ballot-delivery][data-delivery=received]').waitFor();
    await expect(page.locator('[data-testid=ballot-sent]').innerText()).resolves.toContain('满意');
    await expect(ballotPage(code.code)).resolves.toMatchObject({ mine: { total: '280', revision: 1 } });
  });
});

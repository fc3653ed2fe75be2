import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { CommitmentDto, CommitmentsDto, UnitLinkDto } from '../../src/contracts/index.js';
import { type EventFixture, playedEventFixture } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;

/**
 * 承诺—落实 in the browser: a unit reports progress on its phone through its own link (390×844),
 * refused input shown beside the field; the organizer's board shows the overdue rows red.
 */
suite(`commitments followed up${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let fx: EventFixture;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const record = async (unit: string, text: string, dueOn: string) =>
    (
      await t.http
        .post(`/api/events/${fx.eventId}/commitments`)
        .set(auth())
        .send({ presentationId: fx.presentations.find((p) => p.unit === unit)!.id, text, owner: '县委办主任', dueOn })
        .expect(201)
    ).body as CommitmentDto;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await playedEventFixture(t, { talks: 3, judges: 3 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("lets a unit report progress on its phone, and shows the organizer's board with overdue rows red", async () => {
    // Long past its deadline, whatever day the test runs: overdue. Far ahead: open.
    const late = await record('单位01', '一季度完成重点产业链招商图谱', '2025-03-31');
    const ahead = await record('单位01', '年底前建成数字乡村示范点 3 个', '2099-12-31');
    await record('单位02', '半年内完成老旧小区改造 20 个', '2025-06-30');
    const link = (
      (await t.http.post(`/api/events/${fx.eventId}/unit-links`).set(auth()).send({ unit: '单位01' }).expect(201)).body as UnitLinkDto
    ).link!;

    const phone = await openContext(browser, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await page.goto(`${t.baseUrl}${new URL(link).pathname}`);
    await page.getByRole('heading', { name: '单位01' }).waitFor();
    // Only this unit's commitments; the late one red.
    await expect(page.locator('[data-testid^=unit-commitment-]').count()).resolves.toBe(2);
    await expect(page.locator(`[data-testid=unit-commitment-${late.id}]`).getAttribute('data-follow-up')).resolves.toBe('overdue');
    await expect(page.getByText('半年内完成老旧小区改造').count()).resolves.toBe(0);

    // Delivered without evidence: refused, said beside the form; then with it.
    const card = page.locator(`[data-testid=unit-commitment-${ahead.id}]`);
    await card.locator('[data-testid=unit-report]').click();
    await card.getByRole('radio', { name: '已落实' }).click();
    await card.locator('textarea[name=progress]').fill('3 个示范点已建成并通过验收');
    await card.getByRole('button', { name: '提交' }).click();
    await card.getByRole('alert').filter({ hasText: '佐证材料' }).waitFor();
    await card.locator('textarea[name=evidence]').fill('县农业农村局验收单〔2026〕7 号');
    await card.getByRole('button', { name: '提交' }).click();
    await page.locator(`[data-testid=unit-commitment-${ahead.id}][data-follow-up=done]`).waitFor();
    await card.getByText('县农业农村局验收单').waitFor();

    // Progress on the late one, still not delivered: it stays red.
    const red = page.locator(`[data-testid=unit-commitment-${late.id}]`);
    await red.locator('[data-testid=unit-report]').click();
    await red.locator('textarea[name=progress]').fill('已完成 8 条产业链中的 6 条');
    await red.getByRole('button', { name: '提交' }).click();
    await red.getByText('已完成 8 条产业链中的 6 条').waitFor();
    await expect(red.getAttribute('data-follow-up')).resolves.toBe('overdue');
    await page.getByTestId('unit-counts').filter({ hasText: '共 2 项 · 已落实 1 项 · 逾期未落实 1 项' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/commitments-unit.png`, fullPage: true });
    await phone.close();

    const stored = (await t.http.get(`/api/events/${fx.eventId}/commitments`).set(auth()).expect(200)).body as CommitmentsDto;
    expect(stored.commitments.find((c) => c.id === ahead.id)!.updates.map((u) => [u.status, u.by])).toEqual([['done', 'unit']]);

    // The organizer's board: counts per unit, overdue rows red.
    const context = await openContext(browser, { viewport: { width: 1366, height: 900 } });
    await context.addInitScript((token) => sessionStorage.setItem('podium.token', token), t.adminToken);
    const consolePage = await context.newPage();
    await consolePage.goto(`${t.baseUrl}/admin/events/${fx.eventId}`);
    await consolePage.click('[data-testid=open-commitments]');
    await consolePage.locator('[data-testid=commitments-table] tbody tr').nth(2).waitFor();
    // The organizer records one after 单位03's talk, from the form.
    const form = consolePage.locator('[data-testid=add-commitment]');
    await form.locator('.el-select').click();
    await consolePage.locator('.el-select-dropdown__item', { hasText: '单位03' }).click();
    await form.locator('textarea[name=commitment-text]').fill('两个月内出台营商环境整改清单');
    await form.locator('input[name=commitment-owner]').fill('县营商办主任');
    await form.locator('input[name=commitment-due]').fill('2099-02-28');
    await form.locator('input[name=commitment-due]').press('Enter');
    await form.getByRole('button', { name: '记录承诺' }).click();
    await consolePage.locator('[data-testid=commitments-table] tbody tr', { hasText: '两个月内出台营商环境整改清单' }).waitFor();
    const recorded = ((await t.http.get(`/api/events/${fx.eventId}/commitments`).set(auth()).expect(200)).body as CommitmentsDto)
      .commitments;
    expect(recorded.find((c) => c.unit === '单位03')).toMatchObject({ owner: '县营商办主任', dueOn: '2099-02-28', by: 'organizer' });
    await consolePage.screenshot({ path: `${ARTIFACTS}/commitments-record.png`, fullPage: true });
    await consolePage.getByRole('tab', { name: '落实看板' }).click();
    const units = consolePage.locator('[data-testid=board-units] tbody tr');
    await units
      .filter({ hasText: '单位01' })
      .filter({ hasText: /1\s*0\s*0\s*1/ })
      .waitFor();
    const rows = consolePage.locator('[data-testid=board-commitments] tbody tr');
    await expect(rows.count()).resolves.toBe(4);
    await expect(consolePage.locator('[data-testid=board-commitments] tbody tr.overdue').count()).resolves.toBe(2);
    const background = await consolePage
      .locator('[data-testid=board-commitments] tbody tr.overdue td')
      .first()
      .evaluate((cell) => getComputedStyle(cell).backgroundColor);
    await consolePage.screenshot({ path: `${ARTIFACTS}/commitments-board.png`, fullPage: true });
    expect(background).toBe('rgb(253, 226, 226)');

    // The signed report can append each unit's delivery of earlier commitments (none here: the organizer's first event).
    await consolePage.goto(`${t.baseUrl}/admin/events/${fx.eventId}/report/${fx.roundId}`);
    await consolePage.click('[data-testid=report-delivery-option]');
    await consolePage.locator('[data-testid=report-delivery] tbody tr', { hasText: '单位01' }).waitFor();
    await expect(consolePage.locator('[data-testid=report-delivery] tbody tr').count()).resolves.toBe(3);
    await context.close();
  });
});

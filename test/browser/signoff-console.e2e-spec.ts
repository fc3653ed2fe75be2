/// <reference lib="dom" />
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { JudgeView, SignerView, SignoffView, SubmitSignoffPayload } from '../../src/contracts/live.js';
import type { LiveAck } from '../../src/contracts/live.js';
import { createEventFixture, type EventFixture, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;
/** poppler's pdftotext reads the printed report back (installed by .ci/run; see signed-report.e2e-spec.ts). */
const pdftotextAvailable = spawnSync('pdftotext', ['-v']).error === undefined;
const SIGNERS = [
  ['scorer', '计分员', '王五'],
  ['reviewer', '复核员', '赵六'],
  ['supervisor', '监督员', '李四'],
] as const;
const OBJECTION = 'A2 的表达分与纸质评分表不符';

/**
 * The console's side of sign-offs in a real browser: the organizer declares the confirmations a
 * reveal waits for and adds the 计分员, 复核员 and 监督员 in the set-up's 签核 step (each link shown
 * as a QR code, copied, and printed on a sheet), runs a talk to scoring closed, watches each
 * confirmation and an objection with its reason arrive on the run page, reveals once the last is
 * in, reads the 唱分稿, and prints the round's report with the sign-offs on it.
 */
suite(`the console's sign-offs${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  let page: Page;
  const tokens: Record<string, string> = {};
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await createEventFixture(t, {
      name: '专题学习会（签核控制台）',
      units: ['红安县', '麻城市'],
      judges: [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
        { displayName: '评委三', seatLabel: 'A3' },
      ],
    });
    browser = await launchChromium();
    const context = await openContext(browser, { viewport: { width: 1280, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await context.addInitScript((token) => {
      sessionStorage.setItem('podium.token', token);
      // The print dialog is the browser's: counted here, the page then looked at in print media.
      window.print = () =>
        void ((window as unknown as { printed: number }).printed = ((window as unknown as { printed?: number }).printed ?? 0) + 1);
    }, t.adminToken);
    page = await context.newPage();
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await browser?.close();
    await t?.close();
  });

  const url = (path: string) => `${t.baseUrl}${path}`;
  const role = (name: string) => page.locator(`[data-testid=signoff-panel] li[data-role=${name}]`);

  it('declares the confirmations and adds the signers, each link shown, copied, re-issued and printed', async () => {
    await page.goto(url(`/admin/events/${fx.eventId}/setup?tab=signoffs`));
    await page.locator('[data-testid=signers-tab]').waitFor();
    for (const [name] of SIGNERS) await page.click(`[data-testid=require-${name}]`);
    await page.click('[data-testid=required-signoffs] button[type=submit]');
    // Nobody to give them yet: the checklist says so.
    await page.locator('[data-testid=checklist]', { hasText: '签核：计分员、复核员、监督员 还没有可用链接的人员' }).waitFor();

    for (const [name, label, displayName] of SIGNERS) {
      await page.click('[data-testid=signer-role]');
      await page.locator('.el-select-dropdown__item:visible', { hasText: label }).click();
      await page.fill('input[data-testid=signer-name]', displayName);
      await page.click('[data-testid=add-signer] button[type=submit]');
      const dialog = page.locator('[data-testid=signer-link]:visible');
      await dialog.waitFor();
      await expect(page.locator('.el-dialog__title:visible').innerText()).resolves.toBe(`${displayName}（${label}）的签核链接`);
      const link = await dialog.locator('input[data-testid=signer-link-text]').inputValue();
      expect(link).toMatch(/^https?:\/\/[^/]+\/signoff\/[A-Za-z0-9_-]{20,}$/);
      await expect(dialog.locator('img').getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
      tokens[name] = new URL(link).pathname.split('/').pop()!;
      await dialog.locator('button', { hasText: '复制链接' }).click();
      await dialog.locator('button', { hasText: '已复制' }).waitFor();
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(link);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    await page.locator('[data-testid=checklist]', { hasText: '还没有可用链接的人员' }).waitFor({ state: 'detached' });
    const rows = page.locator('[data-testid=signers-table] tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    await expect(rows.allInnerTexts()).resolves.toEqual(
      SIGNERS.map(([, label, name]) => expect.stringMatching(new RegExp(`${label}\\s+${name}\\s+可用`))),
    );
    // A link shown again from the table is the one issued.
    await page.click('[data-testid=signer-link-reviewer]');
    await expect(page.locator('[data-testid=signer-link]:visible input[data-testid=signer-link-text]').inputValue()).resolves.toContain(
      tokens.reviewer,
    );
    await page.keyboard.press('Escape');

    // A link passed on by mistake is replaced, after a confirmation: the new one shown, the old one dead.
    const old = tokens.scorer;
    await page.locator('[data-testid=signers-table] tbody tr', { hasText: '王五' }).locator('button', { hasText: '重新生成链接' }).click();
    await page.locator('.el-message-box', { hasText: '为 王五 重新生成链接？旧链接将立即失效。' }).waitFor();
    await page.click('.el-message-box__btns .el-button--primary');
    const reissued = page.locator('[data-testid=signer-link]:visible input[data-testid=signer-link-text]');
    await reissued.waitFor();
    tokens.scorer = new URL(await reissued.inputValue()).pathname.split('/').pop()!;
    expect(tokens.scorer).not.toBe(old);
    await page.keyboard.press('Escape');
    await expect(LiveClient.refusal(t.baseUrl, { role: 'signer', token: old })).resolves.toMatchObject({
      data: { code: 'signer_link_invalid' },
    });

    // Printed: one card per signer with the QR code, the set-up's forms left off.
    await page.click('[data-testid=print-signer-links]');
    await expect(page.evaluate(() => (window as unknown as { printed?: number }).printed)).resolves.toBe(1);
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('[data-testid=signer-sheet]');
    await expect(sheet.isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid=add-signer]').isVisible()).resolves.toBe(false);
    const cards = sheet.locator('figure');
    await expect(cards.count()).resolves.toBe(3);
    for (const [i, [name, label, displayName]] of SIGNERS.entries()) {
      await expect(cards.nth(i).getAttribute('data-role')).resolves.toBe(name);
      const text = await cards.nth(i).innerText();
      expect(text).toContain(`${label} ${displayName}`);
      expect(text).toContain(tokens[name]);
    }
    await page.screenshot({ path: `${ARTIFACTS}/signer-links-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('runs a talk to scoring closed, shows who confirmed and the objection with its reason, and reveals once all have confirmed', async () => {
    const judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    const signers = Object.fromEntries(
      await Promise.all(
        SIGNERS.map(
          async ([name]) => [name, await LiveClient.connect<SignerView>(t.baseUrl, { role: 'signer', token: tokens[name] })] as const,
        ),
      ),
    );
    clients.push(...judges, ...Object.values(signers));
    const sign = (name: string, payload: Partial<SubmitSignoffPayload> = {}): Promise<LiveAck<SignoffView>> =>
      signers[name].socket.timeout(120_000).emitWithAck('signoff.submit', {
        presentationId: fx.presentations[0].id,
        verdict: 'confirm',
        digest: signers[name].view.talk!.digest,
        ...payload,
      } as SubmitSignoffPayload);

    await page.goto(url(`/admin/events/${fx.eventId}`));
    await page.click('[data-testid=start-round]');
    await page.click('[data-testid=stage-next]');
    await page.click('[data-testid=open-scoring]');
    const sheets = [
      ['50', '30'],
      ['55.5', '34.5'],
      ['52', '33.5'],
    ];
    for (const [i, judge] of judges.entries()) {
      await judge.waitFor((v) => v.stage.presentation?.state === 'scoring_open');
      expect(await judge.submit(scorePayload(fx, fx.presentations[0].id, sheets[i]))).toMatchObject({ ok: true });
    }
    await page.locator('[data-testid=admin-progress]', { hasText: '3 / 3 已评分' }).waitFor();
    await page.click('[data-testid=close-scoring]');

    // Closed: every role waited for, the reveal held, the 唱分稿 not yet shown.
    await page.locator('[data-testid=signoff-panel]').waitFor();
    for (const [name] of SIGNERS) await role(name).and(page.locator('[data-status=missing]')).waitFor();
    await expect(page.locator('[data-testid=reveal]').isDisabled()).resolves.toBe(true);
    await expect(page.locator('[data-testid=reveal-blocked]').innerText()).resolves.toBe('须待 计分员、复核员、监督员 确认后才能公布');
    await expect(page.locator('[data-testid=announce-script]').innerText()).resolves.not.toContain('最后得分');

    await signers.scorer.waitFor((v) => v.talk?.state === 'scoring_closed');
    await expect(sign('scorer')).resolves.toMatchObject({ ok: true });
    await role('scorer').and(page.locator('[data-status=confirmed]')).waitFor();
    await expect(role('scorer').innerText()).resolves.toMatch(/计分员\s+已确认\s+王五 · /);

    await signers.supervisor.waitFor((v) => v.talk?.state === 'scoring_closed');
    await expect(sign('supervisor', { verdict: 'object', reason: OBJECTION })).resolves.toMatchObject({ ok: true });
    await role('supervisor').and(page.locator('[data-status=objected]')).waitFor();
    await expect(role('supervisor').innerText()).resolves.toMatch(/监督员\s+有异议\s+李四 · /);
    await expect(role('supervisor').locator('[data-testid=signoff-reason]').innerText()).resolves.toBe(OBJECTION);
    await expect(role('reviewer').getAttribute('data-status')).resolves.toBe('missing');
    await expect(page.locator('[data-testid=reveal-blocked]').innerText()).resolves.toBe('监督员 有异议，暂不能公布');
    await expect(page.locator('[data-testid=reveal]').isDisabled()).resolves.toBe(true);
    await page.locator('[data-testid=signoff-panel]').scrollIntoViewIfNeeded();
    // The picture once every font subset the page uses has arrived (else missing glyphs show as boxes).
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: `${ARTIFACTS}/signoff-console.png`, fullPage: true });

    // The paper checked, the 监督员 confirms; the 复核员 last.
    await expect(sign('supervisor')).resolves.toMatchObject({ ok: true });
    await role('supervisor').and(page.locator('[data-status=confirmed]')).waitFor();
    await expect(page.locator('[data-testid=reveal]').isDisabled()).resolves.toBe(true);
    await signers.reviewer.waitFor((v) => v.talk?.state === 'scoring_closed');
    await expect(sign('reviewer')).resolves.toMatchObject({ ok: true });
    await page.locator('[data-testid=signoff-panel]', { hasText: '签核齐全，可以公布' }).waitFor();
    await page.locator('[data-testid=reveal-blocked]').waitFor({ state: 'detached' });

    await page.click('[data-testid=reveal]:not([disabled])');
    await page.click('[data-testid=confirm-action]');
    // 80, 90 and 85.5: the highest and the lowest dropped, 85.50 left.
    const script = page.locator('[data-testid=announce-script]', { hasText: '最后得分 85.50 分' });
    await script.waitFor();
    await expect(script.innerText()).resolves.toContain('3 位评委评分，去掉一个最高分 90，去掉一个最低分 80');
    // The objection the 监督员 withdrew stays in the console's record of the talk.
    const history = page.locator('[data-testid=signoff-history]');
    await history.locator('summary').click();
    await expect(history.innerText()).resolves.toContain(`监督员 李四 · 提出异议：${OBJECTION}`);
    await page.screenshot({ path: `${ARTIFACTS}/signoff-console-revealed-script.png`, fullPage: true });
  });

  it('prints the round report with every sign-off given on the talk', async () => {
    await page.goto(url(`/admin/events/${fx.eventId}/report/${fx.roundId}`));
    const section = page.locator('[data-testid=report-signoffs]');
    await section.waitFor();
    const lines = (await section.locator('tr', { hasText: '红安县' }).locator('p').allInnerTexts()).map((l) => l.replace(/\s+/g, ' '));
    expect(lines).toEqual([
      expect.stringMatching(/^计分员 王五 · 确认 · /),
      expect.stringMatching(new RegExp(`^监督员 李四 · 提出异议 · .+：${OBJECTION}$`)),
      expect.stringMatching(/^监督员 李四 · 确认 · /),
      expect.stringMatching(/^复核员 赵六 · 确认 · /),
    ]);
    if (!pdftotextAvailable) return;
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${ARTIFACTS}/signoff-report.pdf`, pdf);
    const text = execFileSync('pdftotext', ['-layout', `${ARTIFACTS}/signoff-report.pdf`, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('签核记录');
    for (const who of ['计分员 王五 · 确认', '监督员 李四 · 提出异议', '复核员 赵六 · 确认']) expect(text).toContain(who);
    expect(text).toContain(OBJECTION);
  });
});

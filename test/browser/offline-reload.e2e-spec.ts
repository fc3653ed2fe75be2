/// <reference lib="dom" />
// The callbacks given to page.evaluate run in the browser, on its DOM.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createEventFixture, type EventFixture, openScoring } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;

interface GlyphProblem {
  text: string;
  font: string;
  problem: string;
}

/**
 * Every visible character of the page, checked against the bundled font: the element's font is
 * Noto Sans SC (form controls included), and a subset of that font in the weight drawn (400 or
 * 700) that covers the character is loaded; no subset failed to load. A subset that could not be
 * fetched shows as an empty box. (document.fonts.check is stricter than rendering: it wants every
 * subset whose range covers a character, and Noto's subsets overlap, e.g. on digits and "−".)
 */
function glyphProblems(): GlyphProblem[] {
  const inRange = (range: string, code: number) =>
    range.split(',').some((part) => {
      const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-');
      return code >= parseInt(from, 16) && code <= parseInt(to, 16);
    });
  const faces = [...document.fonts].filter((face) => face.family.replace(/["']/g, '') === 'Noto Sans SC');
  const problems: GlyphProblem[] = [];
  for (const face of faces)
    if (face.status === 'error')
      problems.push({ text: '', font: `${face.weight} ${face.unicodeRange.slice(0, 40)}`, problem: 'font subset failed to load' });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.replace(/\s+/g, '') ?? '';
    const element = node.parentElement;
    if (!text || !element || element.getClientRects().length === 0) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden') continue;
    if (!style.fontFamily.replace(/["']/g, '').startsWith('Noto Sans SC'))
      problems.push({ text, font: style.fontFamily, problem: 'not in the bundled font' });
    // The bundled weights are 400 and 700: CSS font matching draws 500 and below with 400, above with 700.
    const weight = Number(style.fontWeight) > 500 ? '700' : '400';
    const font = `${weight} ${style.fontFamily}`;
    for (const char of new Set(text)) {
      const covering = faces.filter((face) => face.weight === weight && inRange(face.unicodeRange, char.codePointAt(0)!));
      if (covering.length === 0) problems.push({ text, font, problem: `no glyph for ${char}` });
      else if (!covering.some((face) => face.status === 'loaded')) problems.push({ text, font, problem: `glyph not loaded: ${char}` });
    }
  }
  return problems;
}

/**
 * Point 8 of issue 9: a judge's tablet reloaded while the Wi-Fi is down still shows its scoring
 * page (the service worker's precached shell, the last judge view kept on the tablet) with the
 * pending score, and every glyph renders; when the network is back the score is stored once.
 */
suite(`a judge's tablet reloaded without network${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await createEventFixture(t, {
      name: '专题学习会（离线重载）',
      units: ['英山县', '浠水县'],
      judges: [{ displayName: '评委离线', seatLabel: 'B1' }],
    });
    await openScoring(t, fx);
    browser = await launchChromium();
    context = await openContext(browser, { viewport: { width: 800, height: 1280 }, hasTouch: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function checkGlyphs(): Promise<void> {
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    expect(await page.evaluate(glyphProblems)).toEqual([]);
  }

  it('shows the scoring page with the pending score, every glyph drawn, and sends the score once when back', async () => {
    // 127.0.0.1 is a secure context: the service worker installs, precaches and takes control.
    await page.goto(`${t.baseUrl}/judge/${fx.judges[0].token}`);
    await page.locator('[data-criterion]').first().waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null);

    // The judge enters a score; the Wi-Fi drops before the confirmation.
    for (const [i, criterion] of fx.criteria.entries()) {
      const field = page.locator(`[data-criterion="${criterion.name}"]`);
      await field.locator('.value').click();
      for (const key of ['50', '30'][i]) await field.locator('.keypad button', { hasText: new RegExp(`^${key}$`) }).click();
      await field.getByRole('button', { name: '完成' }).click();
    }
    await page.click('[data-testid=submit]');
    await context.setOffline(true);
    await page.locator('[data-testid=offline]').waitFor();
    await page.click('[data-testid=confirm]');
    await page.locator('[data-delivery=pending]').waitFor();

    // The reload without network: the scoring page, the talk on stage, the pending score.
    await page.reload();
    await page.locator('[data-testid=offline]').waitFor();
    await expect(page.locator('.presenter').innerText()).resolves.toContain('英山县');
    await page.locator('[data-delivery=pending]').waitFor();
    await expect(page.locator('[data-testid=offline]').innerText()).resolves.toContain('1 条评分待发送');
    // The sheet shows the score waiting in the outbox, not an empty one.
    for (const [i, criterion] of fx.criteria.entries()) {
      await expect(page.locator(`[data-criterion="${criterion.name}"] .value`).innerText()).resolves.toBe(['50', '30'][i]);
    }

    // Text first shown while offline: the keypad and the confirmation (返回修改 / 确认提交).
    const first = page.locator(`[data-criterion="${fx.criteria[0].name}"]`);
    await first.locator('.value').click();
    await first.locator('.keypad').waitFor();
    await checkGlyphs();
    await first.getByRole('button', { name: '完成' }).click();
    await page.locator(`[data-criterion="${fx.criteria[1].name}"]`).getByRole('button', { name: '加一档' }).click();
    await page.locator(`[data-criterion="${fx.criteria[0].name}"]`).getByRole('button', { name: '加一档' }).click();
    await page.click('[data-testid=submit]');
    await page.locator('[data-testid=confirm]').waitFor();
    await checkGlyphs();
    await page.screenshot({ path: `${ARTIFACTS}/judge-offline-reload.png` });
    await page.getByRole('button', { name: '返回修改' }).click();

    // The network returns: the outbox sends the kept score, and the server stores it once.
    await context.setOffline(false);
    await page.locator('[data-delivery=received]').waitFor();
    const stored = await t.db.query('SELECT total FROM score WHERE judge_id = $1', [fx.judges[0].id]);
    expect(stored).toHaveLength(1);
    expect(Number(stored[0].total)).toBe(80);
  });
});

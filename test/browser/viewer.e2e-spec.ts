/// <reference lib="dom" />
// The callbacks given to page.evaluate run in the browser, on its DOM.
import { mkdirSync } from 'node:fs';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import type { JudgeView } from '../../src/contracts/live.js';
import { command, createEventFixture, type EventFixture, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;
/** Where the remote halls reach this server: what the QR code on the big screen must point at. */
const PUBLIC_URL = 'http://192.168.10.20:3000';

interface Readability {
  /** The page is wider or taller than the window where it must not be (a phone scrolls down only; a projector not at all). */
  overflowX: number;
  overflowY: number;
  /** The smallest type of any visible text, in CSS pixels. */
  smallest: number;
  /** Pairs of visible texts drawn over each other. */
  overlaps: string[];
  /** Texts that run out of the window to the right or below (cut off where the page does not scroll). */
  outside: string[];
}

/** What makes a page readable, measured in the browser once its animations have finished. */
function readability(): Readability {
  const texts: { text: string; rects: { left: number; right: number; top: number; bottom: number }[] }[] = [];
  let smallest = Infinity;
  const outside: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    const element = node.parentElement;
    if (!text || !element) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    // A text's box is its font's whole height (Noto's is 1.45 em), more than a tight line gives it: the glyphs'
    // own em square, centred in it, is what must not run into another text.
    const size = parseFloat(style.fontSize);
    const rects = [...range.getClientRects()]
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left, right: r.right, top: r.top + (r.height - size) / 2, bottom: r.bottom - (r.height - size) / 2 }));
    if (!rects.length) continue;
    smallest = Math.min(smallest, size);
    texts.push({ text, rects });
    if (rects.some((r) => r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1)) outside.push(text);
  }
  const overlaps: string[] = [];
  const slack = 1;
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++)
      for (const a of texts[i].rects)
        for (const b of texts[j].rects) {
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > slack && y > slack) overlaps.push(`${texts[i].text} × ${texts[j].text}`);
        }
  const root = document.documentElement;
  return {
    overflowX: root.scrollWidth - root.clientWidth,
    overflowY: root.scrollHeight - root.clientHeight,
    smallest,
    overlaps: [...new Set(overlaps)],
    outside,
  };
}

/**
 * Issue 13, point 1: the remote viewer page (/live/<code>, 分课堂) on a phone and on a remote hall's
 * projector, following a round live against the real server; its link lost and back; an unknown
 * code; and the big screen's QR code that opens it.
 */
suite(`the remote viewer page${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  let phone: Page;
  let projector: Page;
  const judges: LiveClient<JudgeView>[] = [];
  /** The phone's live channel passes through here, so the test can cut it as a failing server or network would. */
  const phoneLink = { cut: false, sockets: new Set<WebSocketRoute>(), connects: 0, clockSyncs: 0 };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({ PODIUM_PUBLIC_URL: PUBLIC_URL });
    fx = await createEventFixture(t, {
      name: '县委书记谈落实举措专题学习会',
      units: ['黄州区', '团风县', '红安县', '麻城市'],
      // Nine judges, as in Huanggang: the reveal's cards take two rows.
      judges: Array.from({ length: 9 }, (_, i) => ({ displayName: `评委${i + 1}`, seatLabel: `A${i + 1}` })),
    });
    for (const judge of fx.judges) judges.push(await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: judge.token }));
    browser = await launchChromium();
    // No service worker: the test routes the page's own requests.
    const phoneContext = await openContext(browser, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      serviceWorkers: 'block',
    });
    phone = await phoneContext.newPage();
    await phone.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (phoneLink.cut) return void ws.close();
      phoneLink.connects++;
      const server = ws.connectToServer();
      phoneLink.sockets.add(ws).add(server);
      ws.onMessage((message) => {
        if (typeof message === 'string' && message.includes('"time.sync"')) phoneLink.clockSyncs++;
        server.send(message);
      });
    });
    // socket.io's long-polling, should it fall back to it, is cut alike.
    await phone.route(/\/socket\.io\//, (route) => (phoneLink.cut ? route.abort() : route.continue()));
    projector = await (await openContext(browser, { viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' })).newPage();
  });

  afterAll(async () => {
    judges.forEach((j) => j.close());
    await browser?.close();
    await t?.close();
  });

  const viewers = () => [phone, projector];
  const talk = (unit: string) => fx.presentations.find((p) => p.unit === unit)!;

  /** Every judge scores the talk: totals made of 内容 (up to 60) and 表达 30. */
  async function scoreAll(unit: string, totals: number[]): Promise<void> {
    for (const [i, judge] of judges.entries()) {
      const ack = await judge.submit(scorePayload(fx, talk(unit).id, [String(totals[i] - 30), '30']));
      expect(ack.ok).toBe(true);
    }
  }

  async function playAndReveal(unit: string, totals: number[]): Promise<void> {
    await command(t, fx, `presentations/${talk(unit).id}/stage`);
    await command(t, fx, `presentations/${talk(unit).id}/open-scoring`);
    await scoreAll(unit, totals);
    await command(t, fx, `presentations/${talk(unit).id}/close-scoring`);
    await command(t, fx, `presentations/${talk(unit).id}/reveal`);
  }

  /** Waits until the page's animations (the reveal's cards and result) have finished. */
  const settled = (page: Page) =>
    page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished' || a.playState === 'idle'));

  async function checkReadable(page: Page, size: 'phone' | 'projector'): Promise<void> {
    await settled(page);
    const found = await page.evaluate(readability);
    expect(found.overlaps).toEqual([]);
    expect(found.overflowX).toBeLessThanOrEqual(0);
    // A phone scrolls down; a projector shows everything at once.
    if (size === 'projector') {
      expect(found.overflowY).toBeLessThanOrEqual(0);
      expect(found.outside).toEqual([]);
    }
    expect(found.smallest).toBeGreaterThanOrEqual(size === 'phone' ? 12 : 16);
  }

  const rowsOf = (page: Page) =>
    page
      .locator('[data-testid=board-row]')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.innerText.trim()).slice(0, 2)));

  it('follows a talk live: who is on stage and the countdown, sealed progress moving with each score, the reveal', async () => {
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${talk('黄州区').id}/stage`);
    await phone.goto(`${t.baseUrl}/live/${fx.publicCode}`);
    await projector.goto(`${t.baseUrl}/live/${fx.publicCode}`);
    for (const page of viewers()) {
      await page.locator('[data-testid=on-stage] .unit', { hasText: '黄州区' }).waitFor();
      await expect(page.locator('[data-testid=countdown]').innerText()).resolves.toMatch(/^\d\d:\d\d$/);
      await expect(page.locator('header').innerText()).resolves.toContain('县委书记谈落实举措专题学习会');
    }
    await expect(phone.locator('main').getAttribute('data-layout')).resolves.toBe('narrow');
    await expect(projector.locator('main').getAttribute('data-layout')).resolves.toBe('wide');
    await phone.screenshot({ path: `${ARTIFACTS}/viewer-390x844-stage.png` });
    await projector.screenshot({ path: `${ARTIFACTS}/viewer-1920x1080-stage.png` });

    // Scoring opens; each judge's score moves the count on both, without a reload, and never shows a value.
    await command(t, fx, `presentations/${talk('黄州区').id}/open-scoring`);
    for (const page of viewers()) await page.locator('[data-testid=progress] .count', { hasText: '0 / 9 已评分' }).waitFor();
    const totals = [90, 89, 88, 87, 86, 85, 84, 83, 80];
    for (const [i, judge] of judges.entries()) {
      await judge.submit(scorePayload(fx, talk('黄州区').id, [String(totals[i] - 30), '30']));
      for (const page of viewers()) await page.locator('[data-testid=progress] .count', { hasText: `${i + 1} / 9 已评分` }).waitFor();
    }
    await expect(phone.locator('[data-testid=progress] li.done').count()).resolves.toBe(9);
    const sealed = await phone.locator('main').innerText();
    for (const total of totals) expect(sealed).not.toContain(String(total));
    await checkReadable(phone, 'phone');
    await phone.screenshot({ path: `${ARTIFACTS}/viewer-390x844-progress.png` });

    // The reveal: every judge's score, the highest and lowest struck through, the result, the rank and why.
    await command(t, fx, `presentations/${talk('黄州区').id}/close-scoring`);
    await command(t, fx, `presentations/${talk('黄州区').id}/reveal`);
    for (const page of viewers()) {
      await page.locator('[data-testid=reveal] [data-testid=final]', { hasText: '86.00' }).waitFor();
      await expect(page.locator('[data-testid=reveal] [data-testid=rank]').innerText()).resolves.toBe('1');
      await expect(page.locator('[data-testid=reveal] li[data-status=dropped_highest]').innerText()).resolves.toContain('90');
      await expect(page.locator('[data-testid=reveal] li[data-status=dropped_lowest]').innerText()).resolves.toContain('80');
      await expect(page.locator('[data-testid=explain]').innerText()).resolves.toContain('去掉');
    }
    await checkReadable(phone, 'phone');
    await checkReadable(projector, 'projector');
    await phone.screenshot({ path: `${ARTIFACTS}/viewer-390x844.png` });
    await phone.screenshot({ path: `${ARTIFACTS}/viewer-390x844-full.png`, fullPage: true });
  });

  it('shows the round board and the standings with the right ranks, 并列 for a shared one', async () => {
    // 团风县 and 红安县 score alike: both 82.00, both second.
    await playAndReveal('团风县', [85, 83, 83, 82, 82, 82, 81, 81, 70]);
    await playAndReveal('红安县', [85, 83, 83, 82, 82, 82, 81, 81, 70]);
    for (const page of viewers()) await page.locator('[data-testid=reveal] [data-testid=final]', { hasText: '82.00' }).waitFor();
    const expected = [
      ['1', '黄州区'],
      ['2并列', '团风县'],
      ['2并列', '红安县'],
    ];

    // The projector shows the round's board beside the stage; the phone on its tab.
    await projector.locator('[data-testid=board][data-board=round] [data-testid=board-row]').nth(2).waitFor();
    await expect(rowsOf(projector)).resolves.toEqual(expected);
    await checkReadable(projector, 'projector');
    await projector.screenshot({ path: `${ARTIFACTS}/viewer-1920x1080.png` });

    await phone.click('[data-testid=tab-round]');
    await phone.locator('[data-testid=board][data-board=round] [data-testid=board-row]').nth(2).waitFor();
    await expect(rowsOf(phone)).resolves.toEqual(expected);
    await checkReadable(phone, 'phone');
    await phone.screenshot({ path: `${ARTIFACTS}/viewer-390x844-board.png` });

    await phone.click('[data-testid=tab-overall]');
    await phone.locator('[data-testid=board][data-board=overall] [data-testid=board-row]').nth(2).waitFor();
    await expect(rowsOf(phone)).resolves.toEqual(expected);
    await expect(phone.locator('[data-testid=board] thead').innerText()).resolves.toContain('总分');
    await checkReadable(phone, 'phone');
    await phone.screenshot({ path: `${ARTIFACTS}/viewer-390x844-standings.png` });

    // The projector nobody touches follows the organizer: the standings on the big screens, the standings here.
    await command(t, fx, 'screen', 200, { mode: 'standings' });
    await projector.locator('[data-testid=board][data-board=overall] [data-testid=board-row]').nth(2).waitFor();
    await expect(projector.locator('[data-testid=tab-overall]').getAttribute('aria-selected')).resolves.toBe('true');
    await checkReadable(projector, 'projector');
    await projector.screenshot({ path: `${ARTIFACTS}/viewer-1920x1080-standings.png` });
  });

  it('says when its link is lost and how old what it shows is, and catches up when the link is back', async () => {
    // The server side drops the phone's connection and takes no new one.
    phoneLink.cut = true;
    for (const ws of phoneLink.sockets) await ws.close().catch(() => undefined);
    phoneLink.sockets.clear();
    const banner = phone.locator('[data-testid=viewer-banner][data-banner=offline]');
    await banner.waitFor();
    await expect(banner.innerText()).resolves.toContain('连接中断，正在重连…');
    await expect(phone.locator('[data-testid=viewer-age]').innerText()).resolves.toMatch(/^显示的是 \d+ 秒前的数据$/);

    // Meanwhile the show goes on: the next presenter is called.
    await command(t, fx, `presentations/${talk('麻城市').id}/stage`);
    await projector.locator('[data-testid=on-stage] .unit', { hasText: '麻城市' }).waitFor();
    await expect(phone.locator('[data-testid=on-stage] .unit').innerText()).resolves.toBe('红安县');
    await checkReadable(phone, 'phone');
    await phone.screenshot({ path: `${ARTIFACTS}/viewer-390x844-offline.png` });

    // The link is back: the phone reconnects by itself and catches up.
    phoneLink.cut = false;
    await phone.locator('[data-testid=viewer-banner][data-banner=recovered]', { hasText: '已恢复' }).waitFor();
    await phone.locator('[data-testid=on-stage] .unit', { hasText: '麻城市' }).waitFor();
    await phone.locator('[data-testid=countdown]').waitFor();

    // The browser itself goes offline (a laptop's Wi-Fi): said at once, and cleared when it is back.
    await projector.context().setOffline(true);
    await projector.locator('[data-testid=viewer-banner][data-banner=offline]').waitFor();
    await projector.context().setOffline(false);
    await projector.locator('[data-testid=viewer-banner][data-banner=offline]').waitFor({ state: 'detached' });
    await command(t, fx, `presentations/${talk('麻城市').id}/open-scoring`);
    await projector.locator('[data-testid=progress] .count', { hasText: '0 / 9 已评分' }).waitFor();

    // No application heartbeat: over the whole show so far the clock was measured once per connection, not every 1.5 s.
    expect(phoneLink.connects).toBeGreaterThanOrEqual(2);
    expect(phoneLink.clockSyncs).toBeLessThanOrEqual(phoneLink.connects);
  });

  it('says why when no event has the code', async () => {
    const page = await (await openContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await page.goto(`${t.baseUrl}/live/NOSUCH99`);
    const refused = page.locator('[data-testid=viewer-refused]');
    await refused.waitFor();
    await expect(refused.innerText()).resolves.toContain('没有与此大屏代码对应的活动');
    await page.screenshot({ path: `${ARTIFACTS}/viewer-390x844-unknown.png` });
    await page.context().close();
  });

  it("puts the viewer page's QR code on the big screen from the console, with the server's public address written out", async () => {
    const url = `${PUBLIC_URL}/live/${fx.publicCode}`;
    const screen = await (await openContext(browser, { viewport: { width: 1920, height: 1080 } })).newPage();
    await screen.goto(`${t.baseUrl}/screen/${fx.publicCode}`);
    await screen.locator('[data-testid=on-stage]').waitFor();

    // The organizer sees the viewer page's address beside the big screen's, to copy, and puts the QR code up after a confirmation.
    const context = await openContext(browser, { viewport: { width: 1280, height: 900 } });
    await context.addInitScript((token) => sessionStorage.setItem('podium.token', token), t.adminToken);
    const console_ = await context.newPage();
    await console_.goto(`${t.baseUrl}/admin/events/${fx.eventId}`);
    await expect(console_.locator('[data-testid=viewer-link]').getAttribute('href')).resolves.toBe(url);
    await console_.click('[data-testid=screen-viewer_qr]');
    await console_.locator('[data-testid=confirm-dialog]', { hasText: '扫码观看二维码' }).waitFor();
    await console_.locator('[data-testid=screen-preview]').waitFor();
    await console_.click('[data-testid=confirm-action]');

    const qr = screen.locator('[data-testid=viewer-qr-code]');
    await qr.waitFor();
    await expect(screen.locator('[data-testid=viewer-qr] h1').innerText()).resolves.toBe('扫码观看直播');
    await expect(screen.locator('[data-testid=viewer-url]').innerText()).resolves.toBe(url);
    await expect(qr.getAttribute('alt')).resolves.toBe(url);
    await screen.waitForFunction(() => (document.querySelector('[data-testid=viewer-qr-code]') as HTMLImageElement | null)?.complete);
    const box = (await qr.boundingBox())!;
    // Large enough to be scanned from the back of a hall, and on screen.
    expect(box.height).toBeGreaterThanOrEqual(600);
    expect(box.y + box.height).toBeLessThanOrEqual(1080);
    await checkReadable(screen, 'projector');
    await screen.screenshot({ path: `${ARTIFACTS}/screen-viewer-qr-1920x1080.png` });
    await console_.locator('[data-testid=screen-viewer_qr].on').waitFor();
    await console_.screenshot({ path: `${ARTIFACTS}/console-viewer-link.png` });

    // A viewer's page is the QR code's destination, not a copy of it: it keeps the stage and the round's board.
    await projector.locator('[data-testid=tab-round][aria-selected=true]').waitFor();
    await expect(projector.locator('[data-testid=viewer-qr]').count()).resolves.toBe(0);
    await screen.context().close();
    await context.close();
  });
});

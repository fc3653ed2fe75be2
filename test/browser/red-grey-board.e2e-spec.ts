import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { SeriesBoardDto } from '../../src/contracts/index.js';
import { type EventFixture, playedEventFixture } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;
const HUANGGANG = ['黄州区', '团风县', '红安县', '麻城市', '罗田县', '英山县', '浠水县', '蕲春县', '武穴市', '黄梅县'];

/**
 * 红灰榜 from the console: three monthly events picked in order on the series page, the board put
 * on the third month's big screen (red: top 3, grey: bottom 2), and revealed one place at a time
 * from the bottom up while the big screen (1080p, then 4K) and a phone on the viewer page follow.
 */
suite(`the red and grey board on the big screen${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let months: EventFixture[];
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    months = [
      await playedEventFixture(t, { talks: 10, judges: 5 }, { name: '九月专题学习会', units: HUANGGANG }),
      await playedEventFixture(t, { talks: 10, judges: 4 }, { name: '十月专题学习会', units: HUANGGANG }),
      await playedEventFixture(t, { talks: 10, judges: 6 }, { name: '十一月专题学习会', units: HUANGGANG }),
    ];
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const revealedOn = (page: Page, n: number) => page.locator(`[data-testid=series-board][data-revealed="${n}"]`).waitFor();

  it('reveals the board bottom-up, step by step, on the big screen and the viewer page', async () => {
    const console = await openContext(browser, { viewport: { width: 1280, height: 900 } });
    await console.addInitScript((token) => sessionStorage.setItem('podium.token', token), t.adminToken);
    const admin$ = await console.newPage();
    await admin$.goto(`${t.baseUrl}/admin`);
    await admin$.click('[data-testid=open-series]');
    for (const name of ['九月专题学习会', '十月专题学习会', '十一月专题学习会'])
      await admin$.locator('[data-testid=series-events]').getByText(name).click();
    await admin$.locator('[data-testid=series-table] tbody tr').nth(9).waitFor();

    const screenContext = await openContext(browser, { viewport: { width: 1920, height: 1080 } });
    const screen = await screenContext.newPage();
    await screen.goto(`${t.baseUrl}/screen/${months[2].publicCode}`);
    const phoneContext = await openContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await phoneContext.newPage();
    await phone.goto(`${t.baseUrl}/live/${months[2].publicCode}`);

    // Put it on the big screen, rank honesty declared with it: the console asks first.
    await admin$.click('[data-testid=series-board-honesty]');
    await admin$.click('[data-testid=series-board-put]');
    await admin$.locator('.el-message-box').getByText('十一月专题学习会').waitFor();
    await admin$.locator('.el-message-box .el-button--primary').click();
    await admin$.locator('[data-testid=series-board-progress]', { hasText: '已揭晓 0 / 10' }).waitFor();
    await revealedOn(screen, 0);
    await expect(screen.locator('[data-testid=series-board-hidden]').count()).resolves.toBe(10);

    const board = ((await t.http.get(`/api/events/${months[2].eventId}/series-board`).set(admin()).expect(200)).body as SeriesBoardDto)
      .board!;
    const units = board.rows.map((r) => r.unit);
    // The run-of-show page of the host event reveals too (steps 5 and 6), each click one place.
    const runShow = await console.newPage();
    await runShow.goto(`${t.baseUrl}/admin/events/${months[2].eventId}`);
    for (let step = 1; step <= 10; step++) {
      if (step === 5 || step === 6) {
        await runShow.locator('[data-testid=run-series-board]', { hasText: `已揭晓 ${step - 1} / 10` }).waitFor();
        await runShow.click('[data-testid=run-series-board-next]');
      } else {
        if (step === 7) {
          // The series page still saw 4 places: its click is refused, nothing revealed, and it shows where the board stands.
          await admin$.click('[data-testid=series-board-next]');
          await admin$.locator('[data-testid=series-board-setup] [role=alert]', { hasText: '本次未揭晓' }).waitFor();
          await admin$.locator('[data-testid=series-board-progress]', { hasText: '已揭晓 6 / 10' }).waitFor();
          await expect(screen.locator('[data-testid=series-board-row]').count()).resolves.toBe(6);
        }
        await admin$.click('[data-testid=series-board-next]');
      }
      await revealedOn(screen, step);
      // Exactly the bottom `step` places, in order; the others still hidden.
      await expect(screen.locator('[data-testid=series-board-row] .unit').allTextContents()).resolves.toEqual(units.slice(10 - step));
      await expect(screen.locator('[data-testid=series-board-hidden]').count()).resolves.toBe(10 - step);
      if (step === 4) {
        await screen.waitForTimeout(1000); // the newest row's entrance animation, for the picture only
        await screen.screenshot({ path: `${ARTIFACTS}/red-grey-board-1080-partial.png` });
      }
    }
    await admin$.locator('[data-testid=series-board-progress]', { hasText: '已揭晓 10 / 10' }).waitFor();
    await expect(admin$.locator('[data-testid=series-board-next]').isDisabled()).resolves.toBe(true);

    // Red rows red and grey rows grey, the cut lines drawn where the series puts them.
    const zones = await screen
      .locator('[data-testid=series-board-row]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-zone')));
    expect(zones).toEqual(board.rows.map((r) => r.zone));
    await expect(screen.locator('[data-testid=cut-red]').count()).resolves.toBe(1);
    await expect(screen.locator('[data-testid=cut-grey]').count()).resolves.toBe(1);
    // 差异在评分误差内 between exactly the neighbours the bootstrap ties, and the declaration under the board.
    await expect(screen.locator('[data-testid=series-board-tied]').count()).resolves.toBe(board.rows.filter((r) => r.tiedWithBelow).length);
    await screen.locator('[data-testid=series-board-honesty]', { hasText: '200' }).waitFor();
    const changes = await screen.locator('[data-testid=series-board-change]').allTextContents();
    expect(changes).toEqual(
      board.rows.map((r) =>
        r.isNew ? '新' : r.change === null ? '' : r.change > 0 ? `↑${r.change}` : r.change < 0 ? `↓${-r.change}` : '—',
      ),
    );
    // Nothing overflows the projector: the last row ends above the bottom of the screen.
    const last = await screen.locator('[data-testid=series-board-row]').last().boundingBox();
    expect(last!.y + last!.height).toBeLessThanOrEqual(1080);
    await screen.waitForTimeout(1000);
    await screen.screenshot({ path: `${ARTIFACTS}/red-grey-board-1080.png` });

    // The same screen in 4K.
    const uhd = await openContext(browser, { viewport: { width: 3840, height: 2160 } });
    const big = await uhd.newPage();
    await big.goto(`${t.baseUrl}/screen/${months[2].publicCode}`);
    await revealedOn(big, 10);
    const lastUhd = await big.locator('[data-testid=series-board-row]').last().boundingBox();
    expect(lastUhd!.y + lastUhd!.height).toBeLessThanOrEqual(2160);
    await big.waitForTimeout(1000);
    await big.screenshot({ path: `${ARTIFACTS}/red-grey-board-3840.png` });

    // A phone on the viewer page follows the big screen to the 红灰榜 tab.
    await revealedOn(phone, 10);
    await expect(phone.locator('[data-testid=series-board-row] .unit').allTextContents()).resolves.toEqual(units);
    await phone.waitForTimeout(1000);
    await phone.screenshot({ path: `${ARTIFACTS}/red-grey-board-phone.png`, fullPage: true });

    await Promise.all([console.close(), screenContext.close(), phoneContext.close(), uhd.close()]);
  });
});

import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { command, type EventFixture, playedEventFixture } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;

/** The boards a hall reads: every presenter's row on screen, at 1080p and at 4K, in a round and overall. */
suite(`the big screen's boards${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let ten: EventFixture;
  let fifteen: EventFixture;
  let declared: EventFixture;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    ten = await playedEventFixture(t, { talks: 10, judges: 5 });
    fifteen = await playedEventFixture(t, { talks: 15, judges: 5 });
    declared = await playedEventFixture(t, { talks: 10, judges: 5 }, { declare: { rankHonestyConfidence: 95 } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Opens the screen at a size and returns how many board rows lie wholly inside the viewport, of how
   * many shown (with `waitFor`, once that is on screen: rank honesty's legend, say).
   */
  async function visibleRows(
    fx: EventFixture,
    width: number,
    height: number,
    shot: string,
    waitFor = '[data-testid=board-row]',
  ): Promise<{ inside: number; shown: number }> {
    const page = await (await openContext(browser, { viewport: { width, height } })).newPage();
    await page.goto(`${t.baseUrl}/screen/${fx.publicCode}`);
    await page.locator(waitFor).first().waitFor();
    const boxes = await page.locator(`[data-testid=board-row], ${waitFor}`).evaluateAll((rows) =>
      rows.map((row) => {
        const box = row.getBoundingClientRect();
        return { top: box.top, bottom: box.bottom };
      }),
    );
    await page.screenshot({ path: `${ARTIFACTS}/${shot}.png` });
    await page.context().close();
    return { inside: boxes.filter((b) => b.top >= 0 && b.bottom <= height).length, shown: boxes.length };
  }

  it.each([
    [1920, 1080],
    [3840, 2160],
    [1024, 768],
  ])('shows all 10 rows of a round board and of the standings at %i × %i', async (width, height) => {
    await command(t, ten, 'screen', 200, { mode: 'round_board' });
    await expect(visibleRows(ten, width, height, `board-10-${width}x${height}`)).resolves.toEqual({ inside: 10, shown: 10 });
    await command(t, ten, 'screen', 200, { mode: 'standings' });
    await expect(visibleRows(ten, width, height, `standings-10-${width}x${height}`)).resolves.toEqual({ inside: 10, shown: 10 });
  });

  it.each([
    [1920, 1080],
    [1024, 768],
  ])(
    'with rank honesty declared, marks tied neighbours and keeps all 10 rows and the legend on screen at %i × %i',
    async (width, height) => {
      for (const mode of ['round_board', 'standings']) {
        await command(t, declared, 'screen', 200, { mode });
        // Every row and the legend (counted as one more), wholly inside.
        await expect(
          visibleRows(declared, width, height, `honesty-${mode}-${width}x${height}`, '[data-testid=tie-legend]'),
        ).resolves.toEqual({
          inside: 11,
          shown: 11,
        });
      }
    },
  );

  it('shows a board of 15 a page at a time, every row of the page on screen, with the page number', async () => {
    await command(t, fifteen, 'screen', 200, { mode: 'round_board' });
    const page = await (await openContext(browser, { viewport: { width: 1920, height: 1080 } })).newPage();
    await page.goto(`${t.baseUrl}/screen/${fifteen.publicCode}`);
    await page.locator('[data-testid=board-page]').waitFor();
    await expect(page.locator('[data-testid=board-page]').innerText()).resolves.toMatch(/^第 [12] \/ 2 页$/);
    const rows = await page.locator('[data-testid=board-row]').count();
    expect([12, 3]).toContain(rows);
    await page.screenshot({ path: `${ARTIFACTS}/board-15-paged.png` });
    await page.context().close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { createEventFixture, type EventFixture, openScoring, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const suite = chromiumAvailable ? describe : describe.skip;
const JUDGES = 9;
const CONTENT = '内容';
const DELIVERY = '表达';

/**
 * Nine judges score the same talk at once, each on a tablet of their own (a browser context):
 * every submission is a live update to every tablet, and none of them may touch what another
 * judge has typed but not yet confirmed, nor close a confirmation that is open. Amendments sent
 * from a judge's second tablet update the first one only while it is not being edited.
 */
suite(`a panel of nine judges typing at once${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      name: '专题学习会（九位评委同时评分）',
      units: ['红安县', '麻城市'],
      judges: Array.from({ length: JUDGES }, (_, i) => ({ displayName: `评委${i + 1}`, seatLabel: `A${i + 1}` })),
    });
    await openScoring(t, fx);
    browser = await launchChromium();
    for (let i = 0; i < JUDGES; i++) {
      const context = await openContext(browser, { viewport: { width: 800, height: 1280 }, hasTouch: true });
      pages.push(await context.newPage());
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const field = (page: Page, criterion: string) => page.locator(`[data-criterion="${criterion}"]`);
  const keyPattern = (key: string) => new RegExp(`^${key === '.' ? '\\.' : key}$`);

  /** Types on a criterion's keypad, opening it first if needed, as a judge does on the tablet. */
  async function type(page: Page, criterion: string, keys: string): Promise<void> {
    const f = field(page, criterion);
    if (!(await f.locator('.keypad').isVisible())) await f.locator('.value').click();
    for (const key of keys) await f.locator('.keypad button', { hasText: keyPattern(key) }).click();
  }

  async function clear(page: Page, criterion: string): Promise<void> {
    const f = field(page, criterion);
    if (!(await f.locator('.keypad').isVisible())) await f.locator('.value').click();
    await f.getByRole('button', { name: '清除' }).click();
  }

  /** What a tablet shows: the value of each criterion ('—' when empty), and whether the confirmation is open. */
  async function sheetOf(page: Page) {
    const value = async (criterion: string) => (await field(page, criterion).locator('.value').innerText()).trim();
    return {
      [CONTENT]: await value(CONTENT),
      [DELIVERY]: await value(DELIVERY),
      confirming: await page.locator('[data-testid=confirm]').isVisible(),
    };
  }

  /** Waits until every tablet has applied the update that counts `scored` judges. */
  const allSee = (scored: number) => Promise.all(pages.map((page) => page.locator(`[data-scored="${scored}"]`).waitFor()));

  async function confirm(page: Page): Promise<void> {
    await page.locator('[data-testid=submit]:enabled').click();
    await page.click('[data-testid=confirm]');
    await page.locator('[data-delivery=received]').waitFor();
  }

  it('never touches what a judge is typing when another judge submits; all nine scores are stored', async () => {
    const talk = fx.presentations[0].id;
    await Promise.all(pages.map((page, i) => page.goto(`${t.baseUrl}/judge/${fx.judges[i].token}`)));
    await Promise.all(pages.map((page) => page.locator('[data-testid=submit]').waitFor()));

    // What each tablet must show; judge j ends with 4j for content and 3j for delivery.
    const expected = pages.map(() => ({ [CONTENT]: '—', [DELIVERY]: '—', confirming: false }));
    const last = JUDGES - 1;

    // Everybody starts at once: eight judges are half-way through the first criterion; the
    // ninth has filled the sheet and sits in the confirmation, checking before confirming.
    await Promise.all(
      pages.map(async (page, j) => {
        if (j < last) return type(page, CONTENT, '4');
        await type(page, CONTENT, `4${j}`);
        await type(page, DELIVERY, `3${j}`);
        await page.locator('[data-testid=submit]:enabled').click();
        await page.locator('[data-testid=confirm]').waitFor();
      }),
    );
    for (let j = 0; j < last; j++) expected[j][CONTENT] = '4';
    expected[last] = { [CONTENT]: `4${last}`, [DELIVERY]: `3${last}`, confirming: true };
    expect(await Promise.all(pages.map(sheetOf))).toEqual(expected);

    // One after another, a judge finishes and confirms while the next one keeps typing.
    for (let k = 0; k < last; k++) {
      const next = k + 1 < last ? k + 1 : null;
      await Promise.all([
        (async () => {
          await type(pages[k], CONTENT, `${k}`);
          await type(pages[k], DELIVERY, expected[k][DELIVERY] === '—' ? `3${k}` : `${k}`);
          await confirm(pages[k]);
        })(),
        next !== null ? type(pages[next], DELIVERY, '3') : Promise.resolve(),
      ]);
      expected[k] = { [CONTENT]: `4${k}`, [DELIVERY]: `3${k}`, confirming: false };
      if (next !== null) expected[next][DELIVERY] = '3';
      // Every tablet has now applied the updates of k + 1 submissions: nobody's entry moved.
      await allSee(k + 1);
      expect({ after: k, sheets: await Promise.all(pages.map(sheetOf)) }).toEqual({ after: k, sheets: expected });
    }
    await pages[last].click('[data-testid=confirm]');
    await pages[last].locator('[data-delivery=received]').waitFor();
    expected[last].confirming = false;
    await allSee(JUDGES);
    expect(await Promise.all(pages.map(sheetOf))).toEqual(expected);

    // The first judge amends from a second tablet while the first one sits idle: it follows.
    const secondTablet = await LiveClient.connect(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    const second = await LiveClient.connect(t.baseUrl, { role: 'judge', token: fx.judges[1].token });
    try {
      expect(await secondTablet.submit(scorePayload(fx, talk, ['50', '35']))).toMatchObject({ ok: true, data: { revision: 2 } });
      await field(pages[0], CONTENT).locator('.value', { hasText: /^50$/ }).waitFor();
      expected[0] = { [CONTENT]: '50', [DELIVERY]: '35', confirming: false };
      expect(await sheetOf(pages[0])).toEqual(expected[0]);

      // The second judge is re-typing content when their own second tablet sends an amendment:
      // the tablet records it (revision 2) and keeps what is being typed.
      await clear(pages[1], CONTENT);
      await type(pages[1], CONTENT, '5');
      expected[1][CONTENT] = '5';
      expect(await second.submit(scorePayload(fx, talk, ['55', '39']))).toMatchObject({ ok: true, data: { revision: 2 } });
      await pages[1].locator('.mine tr.current', { hasText: '第 2 次修改' }).waitFor();
      expect(await Promise.all(pages.map(sheetOf))).toEqual(expected);
      await type(pages[1], CONTENT, '2');
      await confirm(pages[1]);
      expected[1][CONTENT] = '52';
      await pages[1].locator('.mine tr.current', { hasText: '第 3 次修改' }).waitFor();
      expect(await Promise.all(pages.map(sheetOf))).toEqual(expected);
    } finally {
      secondTablet.close();
      second.close();
    }

    // Nine judges, nine current scores, each the last one its judge confirmed.
    const stored = await t.db.query<{ judge_id: string; revision: number; total: string }>(
      `SELECT DISTINCT ON (judge_id) judge_id, revision, total FROM score WHERE presentation_id = $1 AND source = 'judge' ORDER BY judge_id, revision DESC`,
      [talk],
    );
    const byJudge = new Map(stored.map((s) => [s.judge_id, s]));
    expect(stored).toHaveLength(JUDGES);
    expect(fx.judges.map((j) => Number(byJudge.get(j.id)?.total))).toEqual(expected.map((e) => Number(e[CONTENT]) + Number(e[DELIVERY])));
    expect(fx.judges.map((j) => byJudge.get(j.id)?.revision)).toEqual([2, 3, 1, 1, 1, 1, 1, 1, 1]);
  });
});

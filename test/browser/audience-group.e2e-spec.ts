/// <reference lib="dom" />
// The callback given to page.waitForFunction runs in the browser.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { BallotCodeDto, PollDto } from '../../src/contracts/ballots.js';
import type { JudgeView } from '../../src/contracts/live.js';
import type { EventDetailDto } from '../../src/contracts/rest.js';
import { command, createEventFixture, type EventFixture, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;
const EVENT = '打擂台（大众评委）';

/**
 * 大众评委 from the console: the organizer declares the main hall's audience as a judge group (40 %)
 * beside the leaders (60 %), opens the attendees' poll on the talk from the run-the-show page, is told
 * the reveal waits while it is open, closes it, reveals; the big screen explains the audience's share.
 */
suite(`the audience as a judge group in the console${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  let organizer: Page;
  let screen: Page;
  let judges: LiveClient<JudgeView>[];
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const api = (path: string) => `/api/events/${fx.eventId}${path}`;
  const url = (path: string) => `${t.baseUrl}${path}`;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await createEventFixture(t, {
      name: EVENT,
      units: ['红安县', '麻城市'],
      judges: ['A1', 'A2'].map((seat, i) => ({ displayName: `领导${i + 1}`, seatLabel: seat })),
    });
    await t.http
      .put(api('/ballot-card'))
      .set(auth())
      .send({ indicators: ['思路举措', '联系实际', '可操作性', '表达效果', '总体评价'], scale: 'points', max: '20', step: '1', levels: [] })
      .expect(200);
    await t.http.post(api('/ballot-codes')).set(auth()).send({ hall: '主会场', count: 3 }).expect(201);
    judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    browser = await launchChromium();
    organizer = await (await openContext(browser, { viewport: { width: 1280, height: 1000 } })).newPage();
    screen = await (await openContext(browser, { viewport: { width: 1920, height: 1080 } })).newPage();
  });

  afterAll(async () => {
    judges?.forEach((j) => j.close());
    await browser?.close();
    await t?.close();
  });

  it('declares the audience group in the judges step; its judges’ list offers it to nobody', async () => {
    await organizer.goto(url('/admin'));
    await organizer.fill('input[name=username]', 'admin');
    await organizer.fill('input[name=password]', ADMIN_PASSWORD);
    await organizer.click('button[type=submit]');
    await organizer.locator(`text=${EVENT}`).waitFor();
    await organizer.goto(url(`/admin/events/${fx.eventId}/setup?tab=judges`));
    const form = organizer.locator('[data-testid=add-group]');
    await form.waitFor();
    for (const [name, weight, audience] of [
      ['领导评委', '0.6', false],
      ['大众评委', '0.4', true],
    ] as const) {
      await form.locator('input').nth(0).fill(name);
      await form.locator('input').nth(1).fill(weight);
      if (audience) {
        await form.locator('[data-testid=group-audience]').click();
        await form.locator('[data-testid=group-audience-hall]').fill('主会场');
      }
      await form.locator('button[type=submit]').click();
      await organizer.locator('[data-testid=groups-table] .el-table__row', { hasText: name }).waitFor();
    }
    await organizer.locator('[data-testid=audience-group]', { hasText: '主会场' }).waitFor();
    const detail = (await t.http.get(api('')).set(auth()).expect(200)).body as EventDetailDto;
    const leaders = detail.groups.find((g) => g.name === '领导评委')!;
    expect(detail.groups.find((g) => g.name === '大众评委')).toMatchObject({ audience: true, audienceHall: '主会场', weight: '0.4' });
    for (const judge of fx.judges)
      await t.http
        .patch(api(`/judges/${judge.id}`))
        .set(auth())
        .send({ groupId: leaders.id })
        .expect(200);
    await t.http
      .patch(api(''))
      .set(auth())
      .send({ rule: { aggregation: { method: 'group_weighted', within: { method: 'mean' } } } })
      .expect(200);
  });

  it('opens the poll on the talk, waits for it to close before the reveal, and shows the audience’s share', async () => {
    const talk = fx.presentations[0];
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${talk.id}/stage`);
    await command(t, fx, `presentations/${talk.id}/open-scoring`);
    // The leaders: 90 and 80 (mean 85).
    const acks = await Promise.all([
      judges[0].submit(scorePayload(fx, talk.id, ['54', '36'])),
      judges[1].submit(scorePayload(fx, talk.id, ['48', '32'])),
    ]);
    expect(acks.every((a) => a.ok)).toBe(true);
    await command(t, fx, `presentations/${talk.id}/close-scoring`);

    await screen.goto(url(`/screen/${fx.publicCode}`));
    await organizer.goto(url(`/admin/events/${fx.eventId}`));
    await organizer.locator('[data-testid=ballot-open-talk]', { hasText: '红安县' }).click();
    await organizer.click('[data-testid=confirm-action]');
    await organizer.locator('[data-testid=ballot-open-poll]').waitFor();
    const [poll] = (await t.http.get(api('/polls')).set(auth()).expect(200)).body as PollDto[];
    expect(poll).toMatchObject({ presentationId: talk.id, state: 'open' });

    // The main hall: 100, 90, 80 (mean 90); on a card of 100, the audience's value is 90.
    const codes = (await t.http.get(api('/ballot-codes/print')).query({ hall: '主会场' }).set(auth()).expect(200)).body as BallotCodeDto[];
    for (const [i, values] of [
      ['20', '20', '20', '20', '20'],
      ['18', '18', '18', '18', '18'],
      ['16', '16', '16', '16', '16'],
    ].entries())
      await t.http.post(`/api/ballot/${codes[i].code}`).send({ idempotencyKey: randomUUID(), pollId: poll.id, values }).expect(200);

    // Revealing now is refused, in the organizer's language, and nothing is revealed.
    await organizer.click('[data-testid=reveal]');
    await organizer.click('[data-testid=confirm-action]');
    await expect(organizer.locator('[data-testid=admin-error]').innerText()).resolves.toContain('测评');
    const [state] = await t.db.query<{ state: string }>('SELECT state FROM presentation WHERE id = $1', [talk.id]);
    expect(state.state).toBe('scoring_closed');

    await organizer.click('[data-testid=ballot-close]');
    await organizer.click('[data-testid=confirm-action]');
    await organizer.locator('[data-testid=ballot-closed-poll]').waitFor();
    // The reveal takes the poll's turnout off the screens: the hall sees the result.
    await organizer.click('[data-testid=reveal]');
    await organizer.click('[data-testid=confirm-action]');

    // (0.6 × 85 + 0.4 × 90) ÷ 1 = 87; the explanation names the audience's ballots and weight.
    await screen.locator('[data-testid=final]', { hasText: '87.00' }).waitFor();
    const explain = screen.locator('[data-testid=explain]');
    await explain.filter({ hasText: '大众评委' }).waitFor();
    await expect(explain.innerText()).resolves.toContain('3 张测评票');
    // The picture once the reveal's animations have played.
    await screen.waitForFunction(() =>
      (document.querySelector('[data-testid=reveal]')?.getAnimations({ subtree: true }) ?? []).every((a) => a.playState !== 'running'),
    );
    await screen.screenshot({ path: `${ARTIFACTS}/audience-group-screen.png` });
  });
});

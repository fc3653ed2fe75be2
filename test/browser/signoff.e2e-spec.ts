import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { JudgeView, SignerView } from '../../src/contracts/live.js';
import type { SignerWithLinkDto } from '../../src/contracts/rest.js';
import { command, createEventFixture, type EventFixture, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;
const ROLES = ['scorer', 'reviewer', 'supervisor'] as const;

/**
 * Sign-offs in real browsers: the 计分员, 复核员 and 监督员 confirm a closed talk on their own pages
 * while the organizer watches the console; the console shows each confirmation as it comes, holds
 * the reveal until the last, then reveals and shows the host's 唱分稿.
 */
suite(`sign-offs before a reveal${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let fx: EventFixture;
  let browser: Browser;
  let organizer: Page;
  const signerPages: Page[] = [];
  const links: SignerWithLinkDto[] = [];
  const judges: LiveClient<JudgeView>[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await createEventFixture(t, {
      name: '专题学习会（签核测试）',
      units: ['红安县', '麻城市'],
      judges: [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
        { displayName: '评委三', seatLabel: 'A3' },
        { displayName: '评委四', seatLabel: 'A4' },
        { displayName: '评委五', seatLabel: 'A5' },
      ],
    });
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    await t.http.patch(`/api/events/${fx.eventId}`).set(auth).send({ requiredSignoffs: ROLES }).expect(200);
    for (const [role, displayName] of [
      ['scorer', '王五'],
      ['reviewer', '赵六'],
      ['supervisor', '李四'],
    ] as const)
      links.push((await t.http.post(`/api/events/${fx.eventId}/signers`).set(auth).send({ role, displayName }).expect(201)).body);
    // The talk is scored on the judges' channel (their tablets are another test's subject) and closed.
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${fx.presentations[0].id}/stage`);
    await command(t, fx, `presentations/${fx.presentations[0].id}/open-scoring`);
    const sheets = [
      ['50', '30'],
      ['55.5', '34.5'],
      ['52', '33.5'],
      ['54', '32'],
      ['48', '31.5'],
    ];
    for (const [i, judge] of fx.judges.entries()) {
      const client = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: judge.token });
      judges.push(client);
      expect(await client.submit(scorePayload(fx, fx.presentations[0].id, sheets[i]))).toMatchObject({ ok: true });
    }
    await command(t, fx, `presentations/${fx.presentations[0].id}/close-scoring`);

    browser = await launchChromium();
    organizer = await (await openContext(browser, { viewport: { width: 1280, height: 1000 } })).newPage();
    // A tablet, a laptop and a tablet held upright.
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 1366, height: 900 },
      { width: 800, height: 1280 },
    ])
      signerPages.push(await (await openContext(browser, { viewport, hasTouch: viewport.width < 1366 })).newPage());
  });

  afterAll(async () => {
    judges.forEach((j) => j.close());
    await browser?.close();
    await t?.close();
  });

  const url = (path: string) => `${t.baseUrl}${path}`;
  const role = (page: Page, name: string) => page.locator(`[data-testid=signoff-panel] li[data-role=${name}]`);

  it('holds the reveal until the three signers have confirmed, one by one, then reveals with the host script', async () => {
    await organizer.goto(url('/admin'));
    await organizer.fill('input[name=username]', 'admin');
    await organizer.fill('input[name=password]', ADMIN_PASSWORD);
    await organizer.click('button[type=submit]');
    await organizer.click('text=专题学习会（签核测试）');
    await organizer.locator('[data-testid=signoff-panel]').waitFor();
    for (const name of ROLES) await role(organizer, name).and(organizer.locator('[data-status=missing]')).waitFor();
    await expect(organizer.locator('[data-testid=reveal]').isDisabled()).resolves.toBe(true);
    await expect(organizer.locator('[data-testid=reveal-blocked]').innerText()).resolves.toContain('计分员');
    await organizer.screenshot({ path: `${ARTIFACTS}/signoff-console-waiting.png`, fullPage: true });

    for (const [i, page] of signerPages.entries()) await page.goto(url(`/signoff/${new URL(links[i].link).pathname.split('/').pop()}`));
    // What a signer checks: every judge's values and the result the reveal will show.
    const first = signerPages[0];
    await first.locator('[data-testid=signer-talk]').waitFor();
    await expect(first.locator('[data-testid=signer-scores] tbody tr').count()).resolves.toBe(5);
    await expect(first.locator('[data-testid=signer-final]').innerText()).resolves.toBe('83.83');
    await first.screenshot({ path: `${ARTIFACTS}/signoff-page.png`, fullPage: true });

    for (const [i, page] of signerPages.entries()) {
      await page.click('[data-testid=signoff-confirm]');
      await page.click('[data-testid=signoff-confirm-sure]');
      await page.locator('[data-testid=signer-mine]').waitFor();
      // The console shows this one confirmed, with the name; the others still waiting.
      await role(organizer, ROLES[i]).and(organizer.locator('[data-status=confirmed]')).waitFor();
      await expect(role(organizer, ROLES[i]).innerText()).resolves.toContain(links[i].signer.displayName);
      for (const later of ROLES.slice(i + 1)) await expect(role(organizer, later).getAttribute('data-status')).resolves.toBe('missing');
      if (i < ROLES.length - 1) await expect(organizer.locator('[data-testid=reveal]').isDisabled()).resolves.toBe(true);
    }
    await signerPages[2].screenshot({ path: `${ARTIFACTS}/signoff-page-confirmed.png`, fullPage: true });

    await organizer.locator('[data-testid=reveal]:not([disabled])').waitFor();
    await organizer.screenshot({ path: `${ARTIFACTS}/signoff-console-complete.png`, fullPage: true });
    await organizer.click('[data-testid=reveal]');
    await organizer.click('[data-testid=confirm-action]');
    const script = organizer.locator('[data-testid=announce-script]', { hasText: '最后得分 83.83 分' });
    await script.waitFor();
    await expect(script.innerText()).resolves.toContain('5 位评委评分');
    await organizer.screenshot({ path: `${ARTIFACTS}/signoff-console-revealed.png`, fullPage: true });
    // The signers see it revealed, and can sign no more.
    await signerPages[0].locator('.act', { hasText: '已公布' }).waitFor();
    const signerView = await LiveClient.connect<SignerView>(t.baseUrl, {
      role: 'signer',
      token: new URL(links[0].link).pathname.split('/').pop()!,
    });
    expect(signerView.view.talk).toMatchObject({ state: 'revealed', signoffs: { complete: true } });
    signerView.close();
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { RoundReviewDto } from '../../src/contracts/rest.js';
import { command, createEventFixture, type EventFixture, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
/** poppler's pdftotext (Debian package poppler-utils, installed by .ci/run) reads the printed PDF back. */
const pdftotextAvailable = spawnSync('pdftotext', ['-v']).error === undefined;
if (!pdftotextAvailable && process.env.CI) throw new Error("pdftotext not found: install Debian's poppler-utils");
const suite = chromiumAvailable && pdftotextAvailable ? describe : describe.skip;
const skipped = !chromiumAvailable
  ? ` (${SKIP_REASON})`
  : !pdftotextAvailable
    ? ' (skipped: pdftotext not found; install poppler-utils)'
    : '';

/** Each judge's two values (内容 of 60, 表达 of 40) for each of the three talks; A5 is from 红安县 and recused there. */
const VALUES: Record<string, string[][]> = {
  A1: [
    ['52', '35'],
    ['50', '33'],
    ['55', '36.5'],
  ],
  A2: [
    ['58', '38'],
    ['49.5', '32'],
    ['51', '34'],
  ],
  A3: [
    ['45', '30'],
    ['47', '31'],
    ['53', '35'],
  ],
  A4: [
    ['50', '36'],
    ['52', '34.5'],
    ['54', '33'],
  ],
  A5: [
    ['', ''],
    ['48', '30'],
    ['56', '37'],
  ],
};

/**
 * The signed paper: a played round's report printed to PDF by Chromium and read back as text
 * (pdftotext). It carries the rule in words, every judge's value, the struck marks' note, the
 * 唱分稿, the signature lines and the 扫码验真 address; that address, opened by anyone, recomputes
 * the same figures from the database and finds the printed audit head intact, and says so when
 * the head printed on a paper does not match.
 */
suite(`the signed round report${skipped}`, () => {
  let t: TestApp;
  let browser: Browser;
  let fx: EventFixture;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    fx = await createEventFixture(t, {
      name: '黄冈市县级领导干部专题学习会',
      units: ['红安县', '麻城市', '罗田县'],
      judges: ['A1', 'A2', 'A3', 'A4', 'A5'].map((seat) => ({
        displayName: `评委${seat}`,
        seatLabel: seat,
        ...(seat === 'A5' ? { conflictUnits: ['红安县'] } : {}),
      })),
    });
    // The round played through the live path: the panel scores each talk from its tablets, then it is revealed.
    const tablets = await Promise.all(fx.judges.map((j) => LiveClient.connect(t.baseUrl, { role: 'judge', token: j.token })));
    await command(t, fx, `rounds/${fx.roundId}/start`);
    for (const [index, talk] of fx.presentations.entries()) {
      await command(t, fx, `presentations/${talk.id}/stage`);
      await command(t, fx, `presentations/${talk.id}/open-scoring`);
      await Promise.all(
        fx.judges.map(async (j, n) => {
          const values = VALUES[j.seatLabel][index];
          if (!values[0]) return;
          const ack = await tablets[n].submit(scorePayload(fx, talk.id, values));
          expect(ack.ok).toBe(true);
        }),
      );
      await command(t, fx, `presentations/${talk.id}/close-scoring`);
      await command(t, fx, `presentations/${talk.id}/reveal`);
    }
    tablets.forEach((tablet) => tablet.close());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('prints the rule, every value, the 唱分稿, the signature lines and a verification address, and the address checks out', async () => {
    const context = await openContext(browser, { viewport: { width: 1280, height: 900 } });
    await context.addInitScript((token) => sessionStorage.setItem('podium.token', token), t.adminToken);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/admin/events/${fx.eventId}/review/${fx.roundId}`);
    await page.click('[data-testid=open-report]');
    await page.locator('[data-testid=report-verify-url]', { hasText: '/verify/' }).waitFor();
    await page.locator('.verify img').waitFor();
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${ARTIFACTS}/signed-report.pdf`, pdf);
    const text = execFileSync('pdftotext', ['-layout', `${ARTIFACTS}/signed-report.pdf`, '-'], { encoding: 'utf8' });
    writeFileSync(`${ARTIFACTS}/signed-report.txt`, text);

    // The rule in words, and the paper's parts.
    expect(text).toContain('去掉最高分和最低分后平均，去掉最高分和最低分各 1 个，四舍五入保留 2 位小数');
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*\d+\s*页/);
    expect(text).toContain('黄冈市县级领导干部专题学习会 · 专题一：推动高质量发展');
    for (const heading of ['成绩汇总表', '评分明细', '唱分稿', '评委签字', '计分员', '复核员', '监督员（纪检监察）', '扫码验真'])
      expect(text).toContain(heading);
    // Every judge signs: a line each, with seat and name.
    for (const seat of ['A1', 'A2', 'A3', 'A4', 'A5']) expect(text).toContain(`${seat} 评委${seat}`);
    // Every value a judge gave is on the paper.
    const flat = text.replace(/\s+/g, ' ');
    for (const [seat, talks] of Object.entries(VALUES))
      for (const values of talks) if (values[0]) expect(flat).toMatch(new RegExp(`${seat} 评委${seat} ${values[0]} ${values[1]} `));

    // The 唱分稿 is the engine's own arithmetic, talk by talk, with the rank.
    const review = (
      await t.http
        .get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/review`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200)
    ).body as RoundReviewDto;
    for (const p of review.presentations) {
      const highest = p.result.trace.find((s) => s.step === 'drop' && s.reason === 'highest');
      const lowest = p.result.trace.find((s) => s.step === 'drop' && s.reason === 'lowest');
      const counted = p.result.judges.filter((j) => j.total !== null).length;
      const sentence =
        `${p.result.presenter.unit} 县委书记：${counted} 位评委评分，去掉一个最高分 ${highest?.step === 'drop' ? highest.total : ''}，` +
        `去掉一个最低分 ${lowest?.step === 'drop' ? lowest.total : ''}，最后得分 ${p.result.rounded} 分，` +
        `${p.result.sharedWith.length ? '并列' : '排名'}第 ${p.result.rank}。`;
      expect(flat.replace(/ /g, '')).toContain(sentence.replace(/ /g, ''));
    }

    // The verification address is printed in full; opened by anyone (no sign-in), it recomputes the same figures.
    const address = /(http:\/\/\S+?\/verify\/[0-9a-f-]{36}\/[0-9a-f-]{36}\?anchor=[0-9a-f-]+%3A\d+%3A[0-9a-f]{64})/.exec(
      text.replace(/\n\s*/g, ''),
    )?.[1];
    expect(address).toBeDefined();
    const stranger = await (await openContext(browser, { viewport: { width: 390, height: 844 } })).newPage();
    const local = new URL(address!);
    await stranger.goto(`${t.baseUrl}${local.pathname}${local.search}`);
    await stranger.locator('[data-testid=verify-holds]').waitFor();
    const table = await stranger.locator('[data-testid=verify-table]').innerText();
    for (const p of review.presentations) expect(table).toContain(p.result.rounded!);
    await stranger.screenshot({ path: `${ARTIFACTS}/verify-phone.png`, fullPage: true });

    // A paper whose printed head the chain does not hold is called out.
    const forged = `${local.pathname}?anchor=${fx.eventId}:1:${'0'.repeat(64)}`;
    await stranger.goto(`${t.baseUrl}${forged}`);
    await stranger.locator('[data-testid=verify-broken]').waitFor();
    await context.close();
  });

  it('serves a reviewer: one judge against the panel, the rule compared, and a print without controls', async () => {
    const context = await openContext(browser, { viewport: { width: 1280, height: 900 } });
    await context.addInitScript((token) => sessionStorage.setItem('podium.token', token), t.adminToken);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/admin/events/${fx.eventId}/review/${fx.roundId}`);

    // A2 against the others: at 红安县 they gave 87, 75 and 86 (A5 recused), a mean of 82.67; A2's 96 is 13.33 above it.
    await page.selectOption('[data-testid=pick-judge]', { label: 'A2 评委A2' });
    const first = page.locator('[data-testid=by-judge] tbody tr', { hasText: '红安县' });
    await expect(first.innerText()).resolves.toMatch(/96\s+82\.67\s+\+13\.33\s+去掉（最高）/);

    // The same round under other rules, computed by the engine: ranks that would move are named.
    const compared = (
      await t.http
        .get(`/api/events/${fx.eventId}/report?compare=trimmed:2&resamples=1`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200)
    ).body as { rounds: { comparison: { presentations: { results: { rank: number | null }[] }[] } }[] };
    const moved = compared.rounds[0].comparison.presentations.filter((p) => p.results[0].rank !== p.results[1].rank).length;
    await page
      .locator('[data-testid=comparison-summary]', {
        hasText: moved ? `按「去掉最高最低各 2 个」计，${moved} 人名次会变化` : '按「去掉最高最低各 2 个」计，名次不变',
      })
      .waitFor();

    // Printed, the page keeps the tables and drops its buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('button', { hasText: '更正' }).first().isVisible()).resolves.toBe(false);
    await expect(page.locator('[data-testid=print-review]').isVisible()).resolves.toBe(false);
    await expect(page.locator('[data-testid=by-judge] table').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/review-print.png`, fullPage: true });
    await context.close();
  });
});

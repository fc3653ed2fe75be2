import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import type { JudgeView } from '../../src/contracts/live.js';
import type { EventDetailDto } from '../../src/contracts/rest.js';
import { LiveClient } from '../support/live-client.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumAvailable, launchChromium, openContext, SKIP_REASON } from './chromium.js';

const ARTIFACTS = 'test-artifacts';
const suite = chromiumAvailable ? describe : describe.skip;

const COUNTIES = ['红安县', '麻城市', '罗田县', '英山县', '浠水县', '蕲春县', '武穴市', '黄梅县', '团风县', '龙感湖管理区'];
const TOPICS = [
  '专题一：推动高质量发展',
  '专题二：全面深化改革',
  '专题三：乡村振兴',
  '专题四：生态文明建设',
  '专题五：营商环境',
  '专题六：基层治理',
  '专题七：全面从严治党',
];
const SEATS = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9'];

/**
 * A new organizer prepares the Huanggang session (7 topics × 10 county secretaries × 9 judges) in
 * the console alone, in its steps, making and fixing the usual mistakes on the way: every refusal
 * in Chinese beside what caused it, every save confirmed, and the QR sheet printable again after
 * a reload without cutting off a tablet already in use. Then, still from the console, the first talk
 * is run (nine tablets open the printed links and score), revealed, reviewed and signed on paper.
 */
suite(`the Huanggang session set up from the console${chromiumAvailable ? '' : ` (${SKIP_REASON})`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    browser = await launchChromium();
    page = await (await openContext(browser, { viewport: { width: 1366, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();
  /** The success message Element Plus shows after a save; waited for, then gone for the next. */
  const saidSaved = async (text: string) => {
    const message = page.locator('.el-message', { hasText: text }).first();
    await message.waitFor();
  };
  const fillIn = async (form: Locator, label: string, value: string) => form.getByLabel(label, { exact: true }).fill(value);
  const detail = async (id: string) =>
    (
      await t.http
        .get(`/api/events/${id}`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200)
    ).body as EventDetailDto;

  it('prepares 7 topics × 10 presenters × 9 judges in its steps, fixing each mistake on the way, then runs and documents a talk', async () => {
    await page.goto(`${t.baseUrl}/admin`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.getByPlaceholder('活动名称').fill('黄冈市县级领导干部专题学习会（草稿）');
    await page.getByRole('button', { name: '新建活动' }).click();
    await page.locator('[data-testid=checklist]').waitFor();
    const eventId = /\/admin\/events\/([0-9a-f-]{36})\/setup/.exec(page.url())![1];

    // The checklist says what is missing; the event's name is corrected.
    await expect(page.locator('[data-testid=checklist]').innerText()).resolves.toContain('评分细则：至少一个评分项');
    await page.locator('#event-name').fill('黄冈市县级领导干部专题学习会');
    await page.locator('[data-testid=event-name]').getByRole('button', { name: '保存' }).click();
    await saidSaved('已保存');

    // 规则: trimmed mean dropping one highest and one lowest, 2 decimals; 6 minutes a talk.
    await page.locator('[data-testid=default-minutes] input').fill('6');
    await page.locator('[data-testid=save-rule]').click();
    await saidSaved('已保存');

    // 评分细则: a maximum that is not a number is refused beside the field, in Chinese, before anything is sent.
    await tab('评分细则');
    const criterion = page.locator('[data-testid=add-criterion]');
    await fillIn(criterion, '评分项名称', '思路举措');
    await fillIn(criterion, '满分', '六十');
    await criterion.getByRole('button', { name: '添加' }).click();
    await criterion.locator('.el-form-item__error', { hasText: '满分须为数字' }).waitFor();
    await fillIn(criterion, '满分', '60');
    await criterion.getByRole('button', { name: '添加' }).click();
    await saidSaved('已添加');
    await fillIn(criterion, '评分项名称', '现场表达');
    await fillIn(criterion, '满分', '40');
    await criterion.getByRole('button', { name: '添加' }).click();
    await page.locator('[data-testid=rubric-total]', { hasText: '满分合计 100 分' }).waitFor();
    // The same criterion twice is refused, said in Chinese next to the form; the total stays 100.
    await fillIn(criterion, '评分项名称', '现场表达');
    await fillIn(criterion, '满分', '40');
    await criterion.getByRole('button', { name: '添加' }).click();
    await page.locator('[data-testid=rubric-tab] [role=alert]', { hasText: '已存在' }).waitFor();
    await expect(page.locator('[data-testid=rubric-total]').innerText()).resolves.toBe('满分合计 100 分');
    await page.screenshot({ path: `${ARTIFACTS}/console-rubric.png`, fullPage: true });

    // 汇报人: ten county secretaries, and a typo entry removed again.
    await tab('汇报人');
    const presenter = page.locator('[data-testid=add-presenter]');
    for (const unit of [...COUNTIES, '红安具']) {
      await fillIn(presenter, '单位', unit);
      await fillIn(presenter, '职务', '县委书记');
      await presenter.getByRole('button', { name: '添加' }).click();
      await page.locator('[data-testid=presenters-table] td', { hasText: unit }).first().waitFor();
    }
    const typo = page.locator('[data-testid=presenters-table] tr', { hasText: '红安具' });
    await typo.getByRole('button', { name: '删除' }).click();
    await page
      .locator('.el-popconfirm')
      .getByRole('button', { name: /确定|Yes|OK/ })
      .click();
    await saidSaved('已删除');
    await typo.waitFor({ state: 'detached' });
    // Listed in pinyin order (黄梅县 before 红安县 before 龙感湖…), not by character code.
    const units = await page.locator('[data-testid=presenters-table] tbody tr td:nth-child(2)').allInnerTexts();
    expect(units).toEqual([...COUNTIES].sort(new Intl.Collator('zh-CN').compare));

    // 评委: nine judges; A9 is from 红安县 and recused, picked with the search and a checkbox.
    await tab('评委');
    for (const seat of SEATS) {
      await page.locator('[data-testid=add-judge]').click();
      const dialog = page.locator('[data-testid=judge-dialog]');
      await dialog.locator('input[name=judge-seat]').fill(seat);
      await dialog.locator('input[name=judge-name]').fill(`评委${seat}`);
      if (seat === 'A9') {
        await dialog.locator('input[data-testid=conflict-search], [data-testid=conflict-search] input').fill('红安');
        await dialog.locator('[data-testid=conflict-units]').getByText('红安县').click();
      }
      await dialog.locator('[data-testid=save-judge]').click();
      await page.locator('[data-testid=judges-table] td', { hasText: `评委${seat}` }).waitFor();
    }
    // A seat taken twice is refused inside the dialog, which stays open with what was typed.
    await page.locator('[data-testid=add-judge]').click();
    const dialog = page.locator('[data-testid=judge-dialog]');
    await dialog.locator('input[name=judge-seat]').fill('A1');
    await dialog.locator('input[name=judge-name]').fill('重复');
    await dialog.locator('[data-testid=save-judge]').click();
    await dialog.locator('[role=alert]', { hasText: '席位' }).waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    // A weight the server cannot read is named beside its field, in Chinese.
    const group = page.locator('[data-testid=add-group]');
    await fillIn(group, '组名', '专家组');
    await fillIn(group, '权重', '二');
    await group.getByRole('button', { name: '添加评委组' }).click();
    await group.locator('.el-form-item__error', { hasText: '须为数字，最多 4 位小数' }).waitFor();
    await fillIn(group, '权重', '1');
    await group.getByRole('button', { name: '添加评委组' }).click();
    await page.locator('[data-testid=groups-table] td', { hasText: '专家组' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/console-judges.png`, fullPage: true });

    // 专题与出场顺序: seven topics, then every presenter into every topic, each order drawn, in one action.
    await tab('专题与出场顺序');
    const round = page.locator('[data-testid=add-round]');
    for (const topic of TOPICS) {
      await fillIn(round, '专题', topic);
      await fillIn(round, '授课领导', '市委常委');
      await round.getByRole('button', { name: '添加' }).click();
      await page.locator('[data-testid=rounds-tab] .el-card__header', { hasText: topic }).waitFor();
    }
    await page.locator('[data-testid=fill]').click();
    await saidSaved('已加入 70 场出场，7 个专题已抽签');
    await page.locator('[data-testid=round-7] .drawn').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/console-rounds.png`, fullPage: true });

    const prepared = await detail(eventId);
    expect(prepared.name).toBe('黄冈市县级领导干部专题学习会');
    expect(prepared.defaultTimeLimitSeconds).toBe(360);
    expect(prepared.criteria.map((c) => [c.name, c.maxScore])).toEqual([
      ['思路举措', '60'],
      ['现场表达', '40'],
    ]);
    expect(prepared.presenters.map((p) => p.unit).sort()).toEqual([...COUNTIES].sort());
    expect(prepared.rounds.map((r) => r.topic)).toEqual(TOPICS);
    for (const r of prepared.rounds) {
      expect(r.presentations).toHaveLength(10);
      expect(r.drawSeed).not.toBeNull();
      expect(r.presentations.every((p) => p.timeLimitSeconds === 360)).toBe(true);
    }
    expect(prepared.judges.map((j) => j.seatLabel)).toEqual(SEATS);
    expect(prepared.judges.find((j) => j.seatLabel === 'A9')!.conflictUnits).toEqual(['红安县']);

    // 二维码: the sheet carries the event's name and every judge; a tablet opens A1's link and stays
    // connected while the sheet is printed again after a reload of the console.
    await tab('二维码');
    await page.locator('[data-testid=qr-sheet] figure').nth(8).waitFor();
    await expect(page.locator('[data-testid=qr-sheet] h2').innerText()).resolves.toContain('黄冈市县级领导干部专题学习会');
    const firstLink = await page.locator('[data-testid=qr-sheet] figure[data-seat=A1] small').innerText();
    const tablet = await LiveClient.connect(t.baseUrl, { role: 'judge', token: new URL(firstLink).pathname.split('/').pop()! });
    await page.reload();
    await page.locator('[data-testid=qr-sheet] figure').nth(8).waitFor();
    await expect(page.locator('[data-testid=qr-sheet] figure[data-seat=A1] small').innerText()).resolves.toBe(firstLink);
    const printed = await page.locator('[data-testid=qr-sheet] figure small').allInnerTexts();
    expect(printed).toHaveLength(9);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${ARTIFACTS}/console-qr-print.png`, fullPage: true });
    await expect(page.locator('[data-testid=print-qr]').isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(tablet.socket.connected).toBe(true);
    tablet.close();

    // Nothing is missing any more.
    await page.locator('[data-testid=checklist]', { hasText: '设置齐全' }).waitFor();

    // Mistakes found late are still fixed in place: a criterion renamed, a judge's name corrected in
    // the dialog, topic 7 moved up, a talk taken out of topic 1 after a confirmation.
    await tab('评分细则');
    // The second line (its text becomes an input while edited, so it is found by place).
    const row = page.locator('[data-testid=rubric-table] tbody tr').nth(1);
    await expect(row.innerText()).resolves.toContain('现场表达');
    await row.getByRole('button', { name: '修改' }).click();
    await row.locator('input').first().fill('现场表达与作风');
    await row.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-testid=rubric-table] td', { hasText: '现场表达与作风' }).waitFor();
    await tab('评委');
    await page.locator('[data-testid=judges-table] tbody tr', { hasText: 'A3' }).getByRole('button', { name: '修改' }).click();
    await dialog.locator('input[name=judge-name]').fill('评委A3（市委党校）');
    await dialog.locator('[data-testid=save-judge]').click();
    await page.locator('[data-testid=judges-table] td', { hasText: '评委A3（市委党校）' }).waitFor();
    await tab('专题与出场顺序');
    await page.locator('[data-testid=round-7] .el-card__header').getByRole('button', { name: '上移' }).click();
    await page.locator('[data-testid=round-6] .el-card__header', { hasText: TOPICS[6] }).waitFor();
    const firstTopic = page.locator('[data-testid=round-1]');
    const dropped = (await firstTopic.locator('tbody tr').last().locator('td').nth(1).innerText()).trim();
    await firstTopic.locator('tbody tr').last().getByRole('button', { name: '删除' }).click();
    await page
      .locator('.el-popconfirm')
      .getByRole('button', { name: /确定|Yes|OK/ })
      .click();
    await firstTopic.locator('tbody tr').nth(9).waitFor({ state: 'detached' });
    const fixed = await detail(eventId);
    expect(fixed.criteria.map((c) => c.name)).toEqual(['思路举措', '现场表达与作风']);
    expect(fixed.judges.find((j) => j.seatLabel === 'A3')!.displayName).toBe('评委A3（市委党校）');
    expect(fixed.rounds.map((r) => r.topic)).toEqual([...TOPICS.slice(0, 5), TOPICS[6], TOPICS[5]]);
    expect(fixed.rounds[0].presentations.map((p) => p.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dropped).toContain('县委书记');

    // Run from the console: topic 1 starts, the first presenter speaks, nine tablets score, the result is revealed.
    await page.getByRole('link', { name: '← 现场控制' }).click();
    await page.click('[data-testid=start-round]');
    await page.click('[data-testid=stage-next]');
    await page.click('[data-testid=open-scoring]');
    // Each judge's tablet opens the link printed on the sheet.
    const tablets = await Promise.all(
      printed.map((link) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: new URL(link).pathname.split('/').pop()! })),
    );
    const scored = await Promise.all(
      tablets.map(async (tablet, i) => {
        const view = await tablet.waitFor((v) => v.stage.presentation?.state === 'scoring_open');
        const ack = await tablet.submit({
          idempotencyKey: crypto.randomUUID(),
          presentationId: view.stage.presentation!.id,
          values: view.criteria.map((c, n) => ({ criterionId: c.id, value: n === 0 ? String(50 + i) : String(30 + (i % 5)) })),
        });
        tablet.close();
        return ack.ok;
      }),
    );
    expect(scored.filter(Boolean).length).toBeGreaterThanOrEqual(8);
    await page.click('[data-testid=close-scoring]');
    if (await page.locator('[data-testid=confirm-dialog]').isVisible()) await page.click('[data-testid=confirm-action]');
    await page.click('[data-testid=reveal]');
    await page.click('[data-testid=confirm-action]');
    await page.frameLocator('[data-testid=screen-mirror]').locator('[data-testid=final]').waitFor();

    // Documented from the console: the review, then the signed report, with every judge's signature line.
    await page.getByRole('link', { name: /复核/ }).first().click();
    await page.click('[data-testid=open-report]');
    await page.locator('[data-testid=report-announcements] li').first().waitFor();
    const report = await page.locator('main.report').innerText();
    for (const seat of SEATS) expect(report).toContain(seat);
    expect(report).toMatch(/位评委评分，去掉一个最高分 \d+，去掉一个最低分 \d+，最后得分 \d+\.\d\d 分，排名第 1。/);
    await page.screenshot({ path: `${ARTIFACTS}/console-report.png`, fullPage: true });

    // Back in setup once scoring has started, the console says why the rubric can no longer change, before anyone tries.
    await page.goto(`${t.baseUrl}/admin/events/${eventId}/setup?tab=rubric`);
    await page.locator('[data-testid=rubric-tab] .el-alert', { hasText: '评分已开始，评分细则已冻结' }).waitFor();
    await expect(
      page.locator('[data-testid=rubric-table] tbody tr').first().getByRole('button', { name: '修改' }).isDisabled(),
    ).resolves.toBe(true);
    // The whole session is prepared through the UI, step by step: on a loaded CI machine it has taken over
    // five minutes, so its ceiling (not a budget: every step waits for what it needs) is longer than the default.
  }, 900_000);
});

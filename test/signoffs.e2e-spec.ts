import type { ControlView, JudgeView, ScreenView, SignerView, SignoffView, SubmitSignoffPayload } from '../src/contracts/live.js';
import type { LiveAck } from '../src/contracts/live.js';
import type { RoundReviewDto, SignerWithLinkDto } from '../src/contracts/rest.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { downloadWorkbook } from './support/workbook.js';

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;

/**
 * Sign-offs before a reveal on the real app and PostgreSQL: an event requires its 计分员, 复核员 and
 * 监督员 to confirm each talk's scores; they see every score and the result before anyone else,
 * and the reveal waits for them.
 */
describe('sign-offs before a reveal', () => {
  let t: TestApp;
  let fx: EventFixture;
  let other: EventFixture;
  const signers: Record<'scorer' | 'reviewer' | 'supervisor', SignerWithLinkDto> = {} as never;
  const pages: Record<'scorer' | 'reviewer' | 'supervisor', LiveClient<SignerView>> = {} as never;
  let otherSigner: LiveClient<SignerView>;
  let screen: LiveClient<ScreenView>;
  let control: LiveClient<ControlView>;
  let judges: LiveClient<JudgeView>[];
  const clients: LiveClient[] = [];
  const talk = () => fx.presentations[0].id;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  const sign = (page: LiveClient<SignerView>, payload: Partial<SubmitSignoffPayload>): Promise<LiveAck<SignoffView>> =>
    page.socket.timeout(120_000).emitWithAck('signoff.submit', {
      presentationId: talk(),
      verdict: 'confirm',
      digest: page.view.talk?.digest ?? '0'.repeat(64),
      ...payload,
    } as SubmitSignoffPayload);

  const reveal = (expected: number) => command(t, fx, `presentations/${talk()}/reveal`, expected);

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市'],
      judges: [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
        { displayName: '评委三', seatLabel: 'A3' },
        { displayName: '评委四', seatLabel: 'A4' },
      ],
    });
    other = await createEventFixture(t, { name: '另一场', units: ['黄梅县'], judges: [{ displayName: '评委', seatLabel: 'B1' }] });
    await t.http
      .patch(`/api/events/${fx.eventId}`)
      .set(auth())
      .send({ requiredSignoffs: ['supervisor', 'scorer', 'reviewer'] })
      .expect(200);
    for (const [role, displayName] of [
      ['scorer', '计分员 王五'],
      ['reviewer', '复核员 赵六'],
      ['supervisor', '监督员 李四'],
    ] as const) {
      signers[role] = (await t.http.post(`/api/events/${fx.eventId}/signers`).set(auth()).send({ role, displayName }).expect(201)).body;
    }
    const otherLink: SignerWithLinkDto = (
      await t.http
        .post(`/api/events/${other.eventId}/signers`)
        .set(auth())
        .send({ role: 'supervisor', displayName: '外场监督员' })
        .expect(201)
    ).body;
    for (const role of ['scorer', 'reviewer', 'supervisor'] as const)
      pages[role] = await LiveClient.connect<SignerView>(t.baseUrl, { role: 'signer', token: tokenOf(signers[role].link) });
    otherSigner = await LiveClient.connect<SignerView>(t.baseUrl, { role: 'signer', token: tokenOf(otherLink.link) });
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token: t.adminToken, eventId: fx.eventId });
    judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    clients.push(...Object.values(pages), otherSigner, screen, control, ...judges);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t?.close();
  });

  it('declares the roles in the event and names each signer on their page', async () => {
    const detail = (await t.http.get(`/api/events/${fx.eventId}`).set(auth()).expect(200)).body;
    expect(detail.requiredSignoffs).toEqual(['scorer', 'reviewer', 'supervisor']);
    expect(detail.signers.map((s: { role: string }) => s.role)).toEqual(['scorer', 'reviewer', 'supervisor']);
    expect(pages.supervisor.view.me).toMatchObject({ displayName: '监督员 李四', role: 'supervisor' });
    expect(pages.supervisor.view.talk).toBeNull();
    await expect(LiveClient.refusal(t.baseUrl, { role: 'signer', token: 'x'.repeat(43) })).resolves.toMatchObject({
      data: { code: 'signer_link_invalid' },
    });
    const links = (await t.http.get(`/api/events/${fx.eventId}/signers/links`).set(auth()).expect(200)).body as SignerWithLinkDto[];
    expect(links.map((l) => l.link)).toEqual([signers.scorer.link, signers.reviewer.link, signers.supervisor.link]);
  });

  it('shows the signers every score and the result once scoring closes, sealed from the screen, the judges and the console', async () => {
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${talk()}/stage`);
    await command(t, fx, `presentations/${talk()}/open-scoring`);
    const sheets = [
      ['50', '30'],
      ['55.5', '34.5'],
      ['52', '33.5'],
    ];
    await Promise.all(
      judges.slice(0, 3).map(async (j, i) => expect(await j.submit(scorePayload(fx, talk(), sheets[i]))).toMatchObject({ ok: true })),
    );
    // While scoring is open nobody, signers included, sees a value.
    await pages.scorer.waitFor((v) => v.progress?.scored === 3);
    expect(pages.scorer.view.talk).toBeNull();
    await command(t, fx, `presentations/${talk()}/close-scoring`);

    const seen = await pages.reviewer.waitFor((v) => v.talk?.state === 'scoring_closed');
    expect(seen.talk!.scores.map((s) => [s.seatLabel, s.displayName, s.total, s.status])).toEqual([
      ['A1', '评委一', '80', 'dropped_lowest'],
      ['A2', '评委二', '90', 'dropped_highest'],
      ['A3', '评委三', '85.5', 'counted'],
      ['A4', '评委四', null, 'not_scored'],
    ]);
    expect(seen.talk!.scores[1].values.map((v) => v.value)).toEqual(['55.5', '34.5']);
    expect(seen.talk!.result).toMatchObject({ final: '85.50', rank: 1 });
    expect(seen.talk!.result.trace.length).toBeGreaterThan(0);
    expect(seen.talk!.signoffs).toMatchObject({ required: ['scorer', 'reviewer', 'supervisor'], complete: false });

    const panel = await control.waitFor((v) => v.signoffs?.presentationId === talk());
    expect(panel.signoffs!.roles.map((r) => r.status)).toEqual(['missing', 'missing', 'missing']);
    // Sealed: no value of the talk anywhere but on the signers' pages.
    for (const sealed of [screen.view, control.view, judges[3].view, otherSigner.view]) {
      expect(sealed.reveal).toBeNull();
      expect(JSON.stringify(sealed)).not.toContain('85.5');
    }
    // Another event's signer sees nothing of this one.
    expect(otherSigner.view.event.id).toBe(other.eventId);
    expect(otherSigner.view.talk).toBeNull();
    expect(otherSigner.updates.every((u) => u.view.event.id === other.eventId)).toBe(true);
  });

  it('refuses the reveal while required roles have not confirmed, naming them', async () => {
    const refusal = await reveal(409);
    expect(refusal).toMatchObject({ code: 'signoffs_missing', roles: ['scorer', 'reviewer', 'supervisor'] });
    expect(refusal.message).toContain('supervisor');
  });

  it('counts two signers confirming at the same moment', async () => {
    const [a, b] = await Promise.all([sign(pages.scorer, {}), sign(pages.reviewer, {})]);
    expect(a).toMatchObject({ ok: true, data: { role: 'scorer', verdict: 'confirm', current: true } });
    expect(b).toMatchObject({ ok: true, data: { role: 'reviewer', verdict: 'confirm', current: true } });
    const panel = await control.waitFor((v) => v.signoffs?.roles.filter((r) => r.status === 'confirmed').length === 2);
    expect(panel.signoffs!.roles.find((r) => r.role === 'scorer')!.by).toMatchObject({ displayName: '计分员 王五' });
    await expect(reveal(409)).resolves.toMatchObject({ code: 'signoffs_missing', roles: ['supervisor'] });
  });

  it('refuses a sign-off from anyone but a signer, an objection without a reason, and a talk not closed', async () => {
    const judgeAck = await judges[0].socket.timeout(120_000).emitWithAck('signoff.submit', {
      presentationId: talk(),
      verdict: 'confirm',
      digest: pages.supervisor.view.talk!.digest,
    });
    expect(judgeAck).toMatchObject({ ok: false, error: { code: 'signers_only' } });
    await expect(sign(pages.supervisor, { verdict: 'object' })).resolves.toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    await expect(sign(pages.supervisor, { presentationId: fx.presentations[1].id })).resolves.toMatchObject({
      ok: false,
      error: { code: 'signoff_not_open' },
    });
    await expect(sign(otherSigner, { digest: pages.supervisor.view.talk!.digest })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('blocks the reveal while an objection stands, until the role confirms', async () => {
    await expect(sign(pages.supervisor, { verdict: 'object', reason: 'A3 的表达分与纸质评分表不符' })).resolves.toMatchObject({
      ok: true,
      data: { verdict: 'object' },
    });
    await expect(reveal(409)).resolves.toMatchObject({ code: 'signoff_objection', roles: ['supervisor'] });
    const panel = await control.waitFor((v) => v.signoffs?.roles.some((r) => r.status === 'objected') ?? false);
    expect(panel.signoffs!.roles.find((r) => r.role === 'supervisor')!.by).toMatchObject({ reason: 'A3 的表达分与纸质评分表不符' });
  });

  it('voids every sign-off once a score changes: an organizer entry after them', async () => {
    const before = pages.scorer.view.talk!.digest;
    await t.http
      .post(`/api/events/${fx.eventId}/presentations/${talk()}/judges/${fx.judges[3].id}/override`)
      .set(auth())
      .send({ reason: '平板故障，据纸质评分表代录', values: fx.criteria.map((c, i) => ({ criterionId: c.id, value: ['51', '32'][i] })) })
      .expect(200);
    const changed = await pages.scorer.waitFor((v) => !!v.talk && v.talk.digest !== before);
    expect(changed.talk!.scores.find((s) => s.seatLabel === 'A4')).toMatchObject({ total: '83', entry: 'proxy' });
    expect(changed.talk!.signoffs.roles.map((r) => r.status)).toEqual(['missing', 'missing', 'missing']);
    expect(changed.talk!.signoffs.history.map((h) => h.current)).toEqual([false, false, false]);
    await expect(reveal(409)).resolves.toMatchObject({ code: 'signoffs_missing', roles: ['scorer', 'reviewer', 'supervisor'] });
    // A page that still shows the old scores cannot confirm them.
    await expect(sign(pages.scorer, { digest: before })).resolves.toMatchObject({ ok: false, error: { code: 'signoff_stale' } });
  });

  it('voids them again when scoring is reopened and a judge amends', async () => {
    await Promise.all(
      (['scorer', 'reviewer', 'supervisor'] as const).map(async (role) => expect(await sign(pages[role], {})).toMatchObject({ ok: true })),
    );
    await control.waitFor((v) => v.signoffs?.complete === true);
    await command(t, fx, `presentations/${talk()}/reopen-scoring`);
    await expect(judges[2].submit(scorePayload(fx, talk(), ['53', '33.5']))).resolves.toMatchObject({ ok: true, data: { revision: 2 } });
    await command(t, fx, `presentations/${talk()}/close-scoring`);
    const view = await pages.supervisor.waitFor((v) => v.talk?.state === 'scoring_closed' && v.talk.scores.some((s) => s.total === '86.5'));
    expect(view.talk!.signoffs.complete).toBe(false);
    await expect(reveal(409)).resolves.toMatchObject({ code: 'signoffs_missing', roles: ['scorer', 'reviewer', 'supervisor'] });
  });

  it('reveals once all three have confirmed the current scores, and the screen shows what the signers saw', async () => {
    await Promise.all(
      (['scorer', 'reviewer', 'supervisor'] as const).map(async (role) => expect(await sign(pages[role], {})).toMatchObject({ ok: true })),
    );
    const expected = pages.scorer.view.talk!.result.final;
    await reveal(200);
    const shown = await screen.waitFor((v) => v.reveal?.presentationId === talk());
    expect(shown.reveal!.final).toBe(expected);
    const after = await control.waitFor((v) => v.stage.presentation?.state === 'revealed');
    expect(after.signoffs).toMatchObject({ complete: true });
    // Once revealed, no more sign-offs on it.
    await expect(sign(pages.scorer, {})).resolves.toMatchObject({ ok: false, error: { code: 'signoff_not_open' } });
  });

  it('keeps every sign-off in the event audit chain', async () => {
    const rows = await t.db.query<{ chain: string; operation: string; verdict: string; role: string }>(
      `SELECT chain, payload->>'operation' AS operation, payload->'after'->>'verdict' AS verdict, payload->'after'->>'role' AS role
         FROM audit_log WHERE payload->>'table' = 'signoff' ORDER BY seq`,
    );
    expect(rows).toHaveLength(2 + 1 + 3 + 3);
    expect(rows.every((r) => r.chain === fx.eventId && r.operation === 'INSERT')).toBe(true);
    expect(rows.filter((r) => r.verdict === 'object').map((r) => r.role)).toEqual(['supervisor']);
    const signerRows = await t.db.query<{ after: Record<string, unknown> }>(
      `SELECT payload->'after' AS after FROM audit_log WHERE payload->>'table' = 'signer' AND chain = $1`,
      [fx.eventId],
    );
    expect(signerRows).toHaveLength(3);
    expect(signerRows.every((r) => !('link_hash' in r.after))).toBe(true);
  });

  it('lists every sign-off in the Excel export’s 签核 sheet, those a later change voided included', async () => {
    const review = (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/review`).set(auth()).expect(200))
      .body as RoundReviewDto;
    const given = review.presentations.find((p) => p.result.presentationId === talk())!.signoffs;
    const stored = await t.db.query<{ id: string; at: Date }>(`SELECT id, created_at AS at FROM signoff WHERE presentation_id = $1`, [
      talk(),
    ]);
    expect(given).toHaveLength(stored.length);
    const book = await downloadWorkbook(t, `/api/events/${fx.eventId}/export.xlsx`, '专题学习会');
    const ws = book.getWorksheet('签核')!;
    expect(ws.getCell(1, 1).value).toBe('专题学习会 · 签核（计分员、复核员、监督员）');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      '专题',
      '出场顺序',
      '单位',
      '角色',
      '姓名',
      '结论',
      '理由',
      '时间',
      '效力',
    ]);
    // Only the revealed talk: nothing of a talk still sealed.
    expect(ws.rowCount).toBe(2 + 9);
    const role = { scorer: '计分员', reviewer: '复核员', supervisor: '监督员' };
    given.forEach((s, i) => {
      const at = stored.find((r) => r.id === s.id)!.at;
      expect((ws.getRow(3 + i).values as unknown[]).slice(1)).toEqual([
        '专题一：推动高质量发展',
        1,
        '红安县',
        role[s.role],
        s.displayName,
        s.verdict === 'confirm' ? '确认' : '异议',
        s.reason ?? '',
        new Date(at).toISOString(),
        s.current ? '有效' : '已作废（其后分数有变）',
      ]);
    });
    // As they were given: two confirmations and an objection, voided by the 代录; three confirmations
    // voided by the amendment; the three that let the reveal go ahead.
    const column = (n: number) => given.map((_, i) => ws.getRow(3 + i).getCell(n).value);
    expect(column(6)).toEqual(['确认', '确认', '异议', '确认', '确认', '确认', '确认', '确认', '确认']);
    expect(column(7)[2]).toBe('A3 的表达分与纸质评分表不符');
    expect(column(9)).toEqual([...Array(6).fill('已作废（其后分数有变）'), '有效', '有效', '有效']);
    expect(new Set(column(5).slice(6))).toEqual(new Set(['计分员 王五', '复核员 赵六', '监督员 李四']));
  });

  it('freezes the required roles once scoring has started', async () => {
    const refused = await t.http.patch(`/api/events/${fx.eventId}`).set(auth()).send({ requiredSignoffs: [] }).expect(409);
    expect(refused.body.code).toBe('results_frozen');
    await t.http
      .patch(`/api/events/${fx.eventId}`)
      .set(auth())
      .send({ requiredSignoffs: ['bogus'] })
      .expect(400);
  });

  it('ends a signer session whose link is revoked, and keeps a signer who signed off on record', async () => {
    const ended = new Promise<{ code: string }>((resolve) => pages.reviewer.socket.once('session.ended', resolve));
    await t.http.delete(`/api/events/${fx.eventId}/signers/${signers.reviewer.signer.id}/link`).set(auth()).expect(200);
    await expect(ended).resolves.toMatchObject({ code: 'link_revoked' });
    await expect(LiveClient.refusal(t.baseUrl, { role: 'signer', token: tokenOf(signers.reviewer.link) })).resolves.toMatchObject({
      data: { code: 'signer_link_invalid' },
    });
    const refused = await t.http.delete(`/api/events/${fx.eventId}/signers/${signers.reviewer.signer.id}`).set(auth()).expect(409);
    expect(refused.body.code).toBe('has_signoffs');
  });
});

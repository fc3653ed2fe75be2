import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The live loop end to end on the real app and a real PostgreSQL: an organizer sets up an event
 * over REST, three judges score from their links, a big screen follows by public code.
 */
describe('live scoring', () => {
  let t: TestApp;
  let fx: EventFixture;
  let screen: LiveClient<ScreenView>;
  let judges: LiveClient<JudgeView>[];
  let recusedJudge: LiveClient<JudgeView>;
  const clients: LiveClient[] = [];

  const scoreRows = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM score'))[0].n);
  const version = async () => Number((await t.db.query<{ v: string }>('SELECT version AS v FROM event WHERE id = $1', [fx.eventId]))[0].v);
  const presentation = (i: number) => fx.presentations[i].id;

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市', '黄梅县'],
      judges: [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
        { displayName: '评委三', seatLabel: 'A3' },
        // Recused from 红安县, so the first talk has three eligible judges.
        { displayName: '评委四', seatLabel: 'B1', conflictUnits: ['红安县'] },
      ],
    });
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    judges = await Promise.all(
      fx.judges.slice(0, 3).map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })),
    );
    recusedJudge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[3].token });
    clients.push(screen, ...judges, recusedJudge);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t?.close();
  });

  it('gives every client a snapshot with the version on connect', () => {
    expect(screen.updates[0].cause).toBe('snapshot');
    expect(screen.view.event.publicCode).toBe(fx.publicCode);
    expect(judges[0].view.me.seatLabel).toBe('A1');
    expect(judges[0].view.criteria.map((c) => c.name)).toEqual(['内容', '表达']);
    expect(recusedJudge.view.presentations.find((p) => p.id === presentation(0))?.recused).toBe(true);
  });

  it('refuses a score before scoring is open, and stores nothing', async () => {
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${presentation(0)}/stage`);
    await screen.waitFor((v) => v.stage.presentation?.state === 'on_stage');
    const before = await version();
    const ack = await judges[0].submit(scorePayload(fx, presentation(0), ['50', '30']));
    expect(ack).toMatchObject({ ok: false, error: { code: 'scoring_not_open' } });
    expect(await scoreRows()).toBe(0);
    expect(await version()).toBe(before);
  });

  it('shows the screen 1/3, 2/3, 3/3 and who scored, but never a value', async () => {
    await command(t, fx, `presentations/${presentation(0)}/open-scoring`);
    await screen.waitFor((v) => v.progress?.scored === 0 && v.progress.eligible === 3);
    const seen: number[] = [];
    const sheets = [
      ['50', '30'],
      ['55.5', '34.5'],
      ['52', '33.5'],
    ];
    for (const [i, judge] of judges.entries()) {
      const ack = await judge.submit(scorePayload(fx, presentation(0), sheets[i]));
      expect(ack).toMatchObject({ ok: true, data: { revision: 1, replayed: false } });
      const view = await screen.waitFor((v) => v.progress?.scored === i + 1);
      seen.push(view.progress!.scored);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(screen.view.progress).toEqual({
      presentationId: presentation(0),
      scored: 3,
      eligible: 3,
      scoredSeats: ['A1', 'A2', 'A3'],
      eligibleSeats: ['A1', 'A2', 'A3'],
      entries: [],
    });
    // Sealed: nothing any screen received so far carries a total or a criterion value.
    const everything = JSON.stringify(screen.updates);
    for (const value of ['"total"', '"values"', '"scores"', '"55.5"', '"34.5"', '"33.5"', '"90"', '"85.5"'])
      expect(everything).not.toContain(value);
    expect(screen.view.reveal).toBeNull();
  });

  it('shows each judge only his or her own values', () => {
    const own = judges[1].view.presentations.find((p) => p.id === presentation(0))?.myScore;
    expect(own).toMatchObject({ revision: 1, total: '90' });
    expect(JSON.stringify(judges[1].updates)).not.toContain('"total":"80"');
  });

  it('stores a re-sent submission (same idempotency key) once and returns the same ack', async () => {
    const payload = scorePayload(fx, presentation(0), ['50', '30']);
    payload.idempotencyKey = '6b1f7b8e-3c55-4d1f-9c3a-2f5e9a7b1c01';
    const amended = await judges[0].submit(payload);
    const rowsAfterFirst = await scoreRows();
    const versionAfterFirst = await version();
    const again = await judges[0].submit(payload);
    expect(again).toEqual({ ok: true, data: { ...(amended as { data: object }).data, replayed: true } });
    expect(await scoreRows()).toBe(rowsAfterFirst);
    expect(await version()).toBe(versionAfterFirst);
    const stored = await t.db.query('SELECT * FROM score WHERE idempotency_key = $1', [payload.idempotencyKey]);
    expect(stored).toHaveLength(1);

    // The same key with another payload is refused, also one that repeats a stored value for
    // another criterion ([内容 50, 内容 50] against [内容 50, 表达 30]).
    const [first] = payload.values;
    for (const values of [[first, { ...payload.values[1], value: '31' }], [first, first], [first]]) {
      const reused = await judges[0].submit({ ...payload, values });
      expect(reused).toMatchObject({ ok: false, error: { code: 'idempotency_key_reused' } });
    }
    expect(await scoreRows()).toBe(rowsAfterFirst);
    expect(await version()).toBe(versionAfterFirst);
  });

  it('keeps every amendment and counts the latest', async () => {
    const ack = await judges[0].submit(scorePayload(fx, presentation(0), ['50.5', '30']));
    expect(ack).toMatchObject({ ok: true, data: { revision: 3, total: '80.5' } });
    const revisions = await t.db.query<{ revision: number; total: string }>(
      'SELECT revision, total::text AS total FROM score WHERE judge_id = $1 ORDER BY revision',
      [fx.judges[0].id],
    );
    expect(revisions).toEqual([
      { revision: 1, total: '80' },
      { revision: 2, total: '80' },
      { revision: 3, total: '80.5' },
    ]);
  });

  it('refuses a recused judge, and stores nothing', async () => {
    const before = [await scoreRows(), await version()];
    const ack = await recusedJudge.submit(scorePayload(fx, presentation(0), ['60', '40']));
    expect(ack).toMatchObject({ ok: false, error: { code: 'recused' } });
    expect((ack as { error: { message: string } }).error.message).toContain('红安县');
    expect([await scoreRows(), await version()]).toEqual(before);
  });

  it.each([
    ['a value above the maximum', ['60.5', '30'], 'above the maximum'],
    ['a value off the step', ['50.3', '30'], 'not on the step'],
    ['a negative value', ['-1', '30'], 'decimal string'],
    ['a number instead of a decimal string', [50, '30'], 'decimal string'],
  ])('refuses %s with a message naming it, and stores nothing', async (_, values, message) => {
    const before = [await scoreRows(), await version()];
    const payload = scorePayload(fx, presentation(0), values as string[]);
    const ack = await judges[2].submit(payload);
    expect(ack.ok).toBe(false);
    expect(JSON.stringify(ack)).toContain(message);
    expect([await scoreRows(), await version()]).toEqual(before);
  });

  it('refuses an unknown field, naming it, and stores nothing', async () => {
    const before = await scoreRows();
    const ack = await judges[2].submit({ ...scorePayload(fx, presentation(0), ['50', '30']), bonus: '10' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', statusCode: 400 } });
    expect(JSON.stringify(ack)).toContain('bonus');
    expect(await scoreRows()).toBe(before);
  });

  it('refuses a score for a closed presentation, and stores nothing', async () => {
    await command(t, fx, `presentations/${presentation(0)}/close-scoring`);
    const before = [await scoreRows(), await version()];
    const ack = await judges[2].submit(scorePayload(fx, presentation(0), ['40', '20']));
    expect(ack).toMatchObject({ ok: false, error: { code: 'scoring_not_open' } });
    expect([await scoreRows(), await version()]).toEqual(before);
  });

  it('reveals every score, the dropped highest and lowest, the trimmed mean and the rank', async () => {
    await command(t, fx, `presentations/${presentation(0)}/reveal`);
    const view = await screen.waitFor((v) => v.reveal !== null);
    // Totals 80.5, 90, 85.5: drop 90 (highest) and 80.5 (lowest), the mean of the rest is 85.5.
    expect(view.reveal).toMatchObject({
      presentationId: presentation(0),
      applied: 'trimmed_mean',
      final: '85.50',
      rank: 1,
      provisional: [],
      scores: [
        { seatLabel: 'A1', total: '80.5', status: 'dropped_lowest' },
        { seatLabel: 'A2', total: '90', status: 'dropped_highest' },
        { seatLabel: 'A3', total: '85.5', status: 'counted' },
        { seatLabel: 'B1', total: null, status: 'recused' },
      ],
    });
    // The explanation comes with the result, from the engine.
    expect(view.reveal?.trace).toContainEqual({
      step: 'arithmetic',
      arithmetic: { operation: 'mean', operands: ['85.5'], sum: '85.5', count: 1, result: '85.5' },
    });
    expect(view.board?.entries.map((e) => [e.presenter.unit, e.final, e.rank])).toEqual([['红安县', '85.50', 1]]);
  });

  it('ranks equal results equally and skips the next rank (1, 1, 3)', async () => {
    const all = [...judges, recusedJudge];
    const run = async (i: number, sheets: string[][]) => {
      await command(t, fx, `presentations/${presentation(i)}/stage`);
      await command(t, fx, `presentations/${presentation(i)}/open-scoring`);
      for (const [j, judge] of all.entries())
        expect(await judge.submit(scorePayload(fx, presentation(i), sheets[j]))).toMatchObject({ ok: true });
      await command(t, fx, `presentations/${presentation(i)}/close-scoring`);
      await command(t, fx, `presentations/${presentation(i)}/reveal`);
      return screen.waitFor((v) => v.reveal?.presentationId === presentation(i));
    };
    // 88, 85.5, 85.5, 70: drop 88 and 70, mean 85.5 — the same as 红安县.
    const second = await run(1, [
      ['50', '38'],
      ['50', '35.5'],
      ['50.5', '35'],
      ['40', '30'],
    ]);
    expect(second.reveal).toMatchObject({ final: '85.50', rank: 1 });
    expect(second.reveal?.scores.filter((s) => s.status === 'counted')).toHaveLength(2);
    const third = await run(2, [
      ['40', '30'],
      ['41', '30'],
      ['42', '30'],
      ['43', '30'],
    ]);
    expect(third.reveal).toMatchObject({ final: '71.50', rank: 3 });
    expect(third.board?.entries.map((e) => [e.presenter.unit, e.rank])).toEqual([
      ['红安县', 1],
      ['麻城市', 1],
      ['黄梅县', 3],
    ]);
  });

  it('switches every big screen to the overall standings and back when the organizer says so', async () => {
    const bad = await t.http
      .post(`/api/events/${fx.eventId}/screen`)
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ mode: 'cinema' })
      .expect(400);
    expect(bad.body.message).toContain('mode must be stage, round_board, standings, viewer_qr or red_grey_board');
    await t.http
      .post(`/api/events/${fx.eventId}/screen`)
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ mode: 'standings' })
      .expect(200);
    const view = await screen.waitFor((v) => v.mode === 'standings');
    expect(view.standings.map((e) => [e.presenter.unit, e.final, e.rank])).toEqual([
      ['红安县', '85.50', 1],
      ['麻城市', '85.50', 1],
      ['黄梅县', '71.50', 3],
    ]);
    await t.http
      .post(`/api/events/${fx.eventId}/screen`)
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ mode: 'stage' })
      .expect(200);
    await screen.waitFor((v) => v.mode === 'stage');
  });

  it('still answers a re-sent score with its receipt after the event is locked', async () => {
    const rows = await t.db.query<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM score WHERE judge_id = $1 AND presentation_id = $2',
      [fx.judges[3].id, presentation(2)],
    );
    const payload = { ...scorePayload(fx, presentation(2), ['43', '30']), idempotencyKey: rows[0].idempotency_key };
    await command(t, fx, 'lock');
    const again = await recusedJudge.submit(payload);
    expect(again).toMatchObject({ ok: true, data: { replayed: true, total: '73' } });
    const fresh = await recusedJudge.submit(scorePayload(fx, presentation(2), ['43', '30']));
    expect(fresh).toMatchObject({ ok: false, error: { code: 'event_locked' } });
  });

  it('answers a snapshot request with the current state and version, as a client does after a gap', async () => {
    const reply = await screen.socket.timeout(60_000).emitWithAck('snapshot.request');
    expect(reply).toMatchObject({ ok: true, data: { version: await version(), cause: 'snapshot', view: { role: 'screen' } } });
    expect(reply.ok && reply.data.view).toEqual(screen.view);
  });

  it("answers the heartbeat with the server's clock", async () => {
    // Same machine, same clock: the server's time lies between the request and the answer.
    const before = Date.now();
    const reply = await judges[0].socket.timeout(60_000).emitWithAck('time.sync');
    const after = Date.now();
    expect(reply.ok).toBe(true);
    const serverTime = reply.ok ? Date.parse(reply.data.serverTime) : NaN;
    expect(serverTime).toBeGreaterThanOrEqual(before);
    expect(serverTime).toBeLessThanOrEqual(after);
  });

  it('sends every update on top of the version the screen holds, with a newer version, so a client can notice a gap', () => {
    // A burst may be coalesced into one update spanning several versions; its base is then the
    // version sent before it, never one the screen has not seen.
    const chain = [screen.updates[0].version, ...screen.patches.map((p) => p.version)];
    expect(screen.patches.length).toBeGreaterThan(5);
    expect(screen.patches.map((p) => p.base)).toEqual(chain.slice(0, -1));
    expect(chain.slice(1).every((v, i) => v > chain[i])).toBe(true);
  });
});

describe('isolation between events', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it("refuses a judge of another event, and never sends one event's messages to another's clients", async () => {
    const first = await createEventFixture(t, { name: '第一场', units: ['团风县'], judges: [{ displayName: '甲', seatLabel: 'A1' }] });
    const second = await createEventFixture(t, { name: '第二场', units: ['英山县'], judges: [{ displayName: '乙', seatLabel: 'A1' }] });
    const otherScreen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: second.publicCode });
    const outsider = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: second.judges[0].token });
    try {
      await command(t, first, `rounds/${first.roundId}/start`);
      await command(t, first, `presentations/${first.presentations[0].id}/stage`);
      await command(t, first, `presentations/${first.presentations[0].id}/open-scoring`);
      const ack = await outsider.submit(scorePayload(first, first.presentations[0].id, ['50', '30']));
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found', statusCode: 404 } });
      expect(await t.db.query('SELECT * FROM score')).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(otherScreen.updates.every((u) => u.view.event.id === second.eventId)).toBe(true);
      expect(otherScreen.updates).toHaveLength(1);
    } finally {
      otherScreen.close();
      outsider.close();
    }
  });

  it.each([
    ['no role', {}, 'role_missing'],
    ['a judge without a token', { role: 'judge' }, 'judge_link_invalid'],
    ['a judge with a made-up token', { role: 'judge', token: 'x'.repeat(43) }, 'judge_link_invalid'],
    ['a screen with an unknown code', { role: 'screen', code: 'NOPE1234' }, 'screen_code_unknown'],
    ['a control channel without a token', { role: 'control', eventId: '00000000-0000-4000-8000-000000000000' }, 'session_expired'],
  ])('refuses the handshake of %s, saying why', async (_, auth, code) => {
    const error = await LiveClient.refusal(t.baseUrl, auth);
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.data).toMatchObject({ code, statusCode: 401 });
  });
});

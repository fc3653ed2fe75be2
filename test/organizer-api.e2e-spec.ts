import type { ControlView, JudgeView } from '../src/contracts/live.js';
import { command, createEventFixture, openScoring } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

describe('organizer API', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('health and documentation', () => {
    it('answers 200 on /health while the database is reachable', async () => {
      expect((await t.http.get('/health').expect(200)).body).toMatchObject({ status: 'ok', database: 'up' });
    });

    it('serves the OpenAPI document', async () => {
      const doc = await t.http.get('/api/docs/json').expect(200);
      expect(doc.body.paths).toHaveProperty(['/api/events/{eventId}/presentations/{presentationId}/reveal']);
    });
  });

  describe('sign-in', () => {
    it('ends a control panel when its sign-in expires, not only when it next asks for something', async () => {
      const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }] });
      const { token } = (await t.http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body as {
        token: string;
      };
      // This sign-in has two seconds left.
      await t.db.query(
        "UPDATE organizer_session SET expires_at = now() + interval '2 seconds' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
        [token],
      );
      const control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token, eventId: fx.eventId });
      const ended = await new Promise<{ code: string }>((resolve, reject) => {
        const ceiling = setTimeout(() => reject(new Error('the control panel was not ended at its expiry')), 60_000);
        control.socket.once('session.ended', (error) => (clearTimeout(ceiling), resolve(error)));
      });
      expect(ended).toMatchObject({ code: 'session_expired' });
      await new Promise<void>((resolve) => (control.socket.connected ? control.socket.once('disconnect', () => resolve()) : resolve()));
      expect(control.socket.connected).toBe(false);
    });

    it('refuses a request without a token, saying how to sign in', async () => {
      const res = await t.http.get('/api/events').expect(401);
      expect(res.body).toMatchObject({ code: 'unauthorized' });
      expect(res.body.message).toContain('Authorization: Bearer');
    });

    it('refuses a change without a token, and changes nothing', async () => {
      const before = (await t.db.query('SELECT id FROM event')).length;
      await t.http.post('/api/events').send({ name: '无令牌' }).expect(401);
      await t.http.post('/api/events').set({ Authorization: 'Bearer made-up-token-made-up-token' }).send({ name: '假令牌' }).expect(401);
      expect(await t.db.query('SELECT id FROM event')).toHaveLength(before);
    });

    it('refuses a wrong password without saying whether the user exists', async () => {
      const wrongPassword = await t.http.post('/api/auth/login').send({ username: 'admin', password: 'not-the-password' }).expect(401);
      const noUser = await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'not-the-password' }).expect(401);
      expect(wrongPassword.body.message).toBe(noUser.body.message);
    });

    it('stores the password as an argon2 hash and the session token only hashed', async () => {
      const [organizer] = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM organizer WHERE username = 'admin'");
      expect(organizer.password_hash).toMatch(/^\$argon2id\$/);
      const sessions = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM organizer_session');
      expect(sessions.map((s) => s.token_hash)).not.toContain(t.adminToken);
    });

    it('ends a session at logout, over REST and on the control channel', async () => {
      const { body } = await t.http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
      const event = (
        await t.http
          .post('/api/events')
          .set({ Authorization: `Bearer ${body.token}` })
          .send({ name: '登出' })
          .expect(201)
      ).body;
      const control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token: body.token, eventId: event.id });
      const ended = new Promise<{ code: string }>((resolve) => control.socket.once('session.ended', resolve));
      await t.http
        .post('/api/auth/logout')
        .set({ Authorization: `Bearer ${body.token}` })
        .expect(204);
      await t.http
        .get('/api/auth/me')
        .set({ Authorization: `Bearer ${body.token}` })
        .expect(401);
      await expect(ended).resolves.toMatchObject({ code: 'session_expired' });
      control.close();
    });
  });

  describe('bad input', () => {
    it.each([
      ['an unknown field', { name: '学习会', bonus: true }, 'bonus'],
      ['a missing name', {}, 'name'],
      [
        'a trim count that is not a whole number',
        { name: '学习会', rule: { aggregation: { method: 'trimmed_mean', trim: 1.5 } } },
        'rule.aggregation.trim',
      ],
      ['an unknown aggregation rule', { name: '学习会', rule: { aggregation: { method: 'best_of' } } }, 'rule.aggregation.method'],
      [
        'a diving rule without its multiplier',
        { name: '学习会', rule: { aggregation: { method: 'diving', trim: 1 } } },
        'rule.aggregation.multiplier',
      ],
      ['an unknown rounding mode', { name: '学习会', rule: { rounding: { decimals: 2, mode: 'banker' } } }, 'rule.rounding.mode'],
    ])('refuses %s with 400 naming the field, and creates nothing', async (_, body, field) => {
      const before = (await t.db.query('SELECT id FROM event')).length;
      const res = await t.http.post('/api/events').set(admin()).send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await t.db.query('SELECT id FROM event')).toHaveLength(before);
    });

    it.each([
      [{ name: '内容', maxScore: 60, step: '0.5' }, 'maxScore must be a decimal string'],
      [{ name: '内容', maxScore: '60', step: '0.7' }, 'reachable from minScore in whole steps'],
      [{ name: '内容', maxScore: '60', step: '0' }, 'step must be greater than 0'],
    ])('refuses the rubric line %p, saying why', async (body, message) => {
      const event = (await t.http.post('/api/events').set(admin()).send({ name: '评分规则' }).expect(201)).body;
      const res = await t.http.post(`/api/events/${event.id}/criteria`).set(admin()).send(body).expect(400);
      expect(res.body.message).toContain(message);
      expect(await t.db.query('SELECT * FROM criterion WHERE event_id = $1', [event.id])).toHaveLength(0);
    });
  });

  describe('input that databases refuse', () => {
    it('refuses null in a change with 400, not 500', async () => {
      const event = (await t.http.post('/api/events').set(admin()).send({ name: '空值' }).expect(201)).body;
      const res = await t.http.patch(`/api/events/${event.id}`).set(admin()).send({ name: null }).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('name');
      const judge = await t.http
        .post(`/api/events/${event.id}/judges`)
        .set(admin())
        .send({ displayName: '甲', seatLabel: 'A1' })
        .expect(201);
      await t.http.patch(`/api/events/${event.id}/judges/${judge.body.judge.id}`).set(admin()).send({ conflictUnits: null }).expect(400);
    });

    it('refuses a body that is not JSON with 400', async () => {
      const res = await t.http.post('/api/events').set(admin()).set('Content-Type', 'application/json').send('{"name": ').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400 });
    });

    it('answers two creations of the same account at once with one 201 and one 409', async () => {
      const body = { username: 'twice', displayName: '重复', password: 'a-long-password', role: 'organizer' };
      const statuses = await Promise.all([1, 2].map(async () => (await t.http.post('/api/organizers').set(admin()).send(body)).status));
      expect(statuses.sort()).toEqual([201, 409]);
    });

    it('refuses a control handshake whose event id is not a UUID with 401, not a server error', async () => {
      const refused = await LiveClient.refusal(t.baseUrl, { role: 'control', token: t.adminToken, eventId: '-'.repeat(36) });
      expect(refused.data).toMatchObject({ statusCode: 401, code: 'event_id_missing' });
    });
  });

  describe('the run of a show', () => {
    it('refuses illegal moves with 409 and a reason, and changes nothing', async () => {
      const fx = await createEventFixture(t, { units: ['罗田县', '英山县'], judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      const p = fx.presentations.map((x) => x.id);
      const stageBeforeRound = await command(t, fx, `presentations/${p[0]}/stage`, 409);
      expect(stageBeforeRound).toMatchObject({ code: 'round_not_live' });
      await command(t, fx, `rounds/${fx.roundId}/start`);
      const revealTooEarly = await command(t, fx, `presentations/${p[0]}/reveal`, 409);
      expect(revealTooEarly).toMatchObject({ code: 'illegal_transition' });
      await command(t, fx, `presentations/${p[0]}/stage`);
      const twoOnStage = await command(t, fx, `presentations/${p[1]}/stage`, 409);
      expect(twoOnStage).toMatchObject({ code: 'another_presentation_active' });
      await command(t, fx, `presentations/${p[0]}/open-scoring`);
      await command(t, fx, `presentations/${p[0]}/close-scoring`);
      const emptyReveal = await command(t, fx, `presentations/${p[0]}/reveal`, 409);
      expect(emptyReveal).toMatchObject({ code: 'no_scores' });
      const [stored] = await t.db.query<{ state: string }>('SELECT state FROM presentation WHERE id = $1', [p[0]]);
      expect(stored.state).toBe('scoring_closed');
      expect(await command(t, fx, `presentations/${p[0]}/reopen-scoring`)).toMatchObject({ presentation: { state: 'scoring_open' } });
    });

    it('freezes the rubric once judges have scored and the rule once a round has started', async () => {
      const fx = await createEventFixture(t, { units: ['蕲春县'], judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      await command(t, fx, `rounds/${fx.roundId}/start`);
      const rule = await t.http
        .patch(`/api/events/${fx.eventId}`)
        .set(admin())
        .send({ rule: { aggregation: { method: 'mean' } } })
        .expect(409);
      expect(rule.body.code).toBe('rule_frozen');
      await command(t, fx, `presentations/${fx.presentations[0].id}/stage`);
      await command(t, fx, `presentations/${fx.presentations[0].id}/open-scoring`);
      const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
      try {
        expect(
          await judge.submit({
            idempotencyKey: crypto.randomUUID(),
            presentationId: fx.presentations[0].id,
            values: fx.criteria.map((c) => ({ criterionId: c.id, value: '10' })),
          }),
        ).toMatchObject({ ok: true });
      } finally {
        judge.close();
      }
      const rubric = await t.http
        .patch(`/api/events/${fx.eventId}/criteria/${fx.criteria[0].id}`)
        .set(admin())
        .send({ maxScore: '70' })
        .expect(409);
      expect(rubric.body.code).toBe('rubric_frozen');
    });

    it('freezes everything published results depend on once scoring has started: groups, judges, presenters', async () => {
      const fx = await createEventFixture(t, { units: ['英山县'], judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      await openScoring(t, fx);
      const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
      await judge.submit({
        idempotencyKey: crypto.randomUUID(),
        presentationId: fx.presentations[0].id,
        values: fx.criteria.map((c) => ({ criterionId: c.id, value: '20' })),
      });
      judge.close();
      const conflicts = await t.http
        .patch(`/api/events/${fx.eventId}/judges/${fx.judges[0].id}`)
        .set(admin())
        .send({ conflictUnits: ['英山县'] })
        .expect(409);
      expect(conflicts.body.code).toBe('results_frozen');
      const unit = await t.http
        .patch(`/api/events/${fx.eventId}/presenters/${fx.presenters[0].id}`)
        .set(admin())
        .send({ unit: '罗田县' })
        .expect(409);
      expect(unit.body.code).toBe('results_frozen');
      // A group's weight, a judge's group and name, a presenter's name: each would move a published
      // number or name. Repeating a value changes nothing and is fine.
      const group = (await t.http.post(`/api/events/${fx.eventId}/groups`).set(admin()).send({ name: '专家', weight: '2' }).expect(201))
        .body as { id: string };
      await t.http.patch(`/api/events/${fx.eventId}/groups/${group.id}`).set(admin()).send({ weight: '3' }).expect(409);
      await t.http.patch(`/api/events/${fx.eventId}/groups/${group.id}`).set(admin()).send({ name: '群众代表' }).expect(409);
      await t.http.patch(`/api/events/${fx.eventId}/judges/${fx.judges[0].id}`).set(admin()).send({ groupId: group.id }).expect(409);
      await t.http.patch(`/api/events/${fx.eventId}/judges/${fx.judges[0].id}`).set(admin()).send({ displayName: '乙' }).expect(409);
      await t.http
        .patch(`/api/events/${fx.eventId}/presenters/${fx.presenters[0].id}`)
        .set(admin())
        .send({ name: '张三', title: '市长' })
        .expect(409);
      await t.http.patch(`/api/events/${fx.eventId}/judges/${fx.judges[0].id}`).set(admin()).send({ displayName: '甲' }).expect(200);
      const [judgeRow] = await t.db.query<{ display_name: string; group_id: string | null }>(
        'SELECT display_name, group_id FROM judge WHERE id = $1',
        [fx.judges[0].id],
      );
      expect(judgeRow).toEqual({ display_name: '甲', group_id: null });
      expect(
        (await t.db.query<{ weight: string; name: string }>('SELECT weight::text, name FROM judge_group WHERE id = $1', [group.id]))[0],
      ).toEqual({ weight: '2', name: '专家' });
      // Sealed until the reveal, for organizers too.
      const sealed = await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/results`).set(admin()).expect(200);
      expect(sealed.body.result.presentations).toEqual([]);
    });

    it('draws the speaking order from a recorded seed, the same way every time', async () => {
      const units = ['黄州区', '团风县', '红安县', '麻城市', '罗田县'];
      const first = await createEventFixture(t, { units, judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      const second = await createEventFixture(t, { units: [...units].reverse(), judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      const order = async (fx: typeof first) => {
        const drawn = (await t.http.post(`/api/events/${fx.eventId}/rounds/${fx.roundId}/draw`).set(admin()).send({ seed: 42 }).expect(200))
          .body;
        expect(drawn.seed).toBe(42);
        const detail = (await t.http.get(`/api/events/${fx.eventId}`).set(admin()).expect(200)).body;
        expect(detail.rounds[0].drawSeed).toBe(42);
        const unitOf = new Map(detail.presenters.map((p: { id: string; unit: string }) => [p.id, p.unit]));
        return [...detail.rounds[0].presentations]
          .sort((a, b) => a.position - b.position)
          .map((p: { presenterId: string }) => unitOf.get(p.presenterId));
      };
      const a = await order(first);
      expect(await order(second)).toEqual(a);
      expect([...a].sort()).toEqual([...units].sort());
      await command(t, first, `rounds/${first.roundId}/start`);
      expect(await command(t, first, `rounds/${first.roundId}/draw`, 409)).toMatchObject({ code: 'round_started' });
      const random = (await t.http.post(`/api/events/${second.eventId}/rounds/${second.roundId}/draw`).set(admin()).send({}).expect(200))
        .body;
      expect(Number.isInteger(random.seed)).toBe(true);
    });

    it('refuses everything once the event is locked', async () => {
      const fx = await createEventFixture(t, { units: ['武穴市'], judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      await command(t, fx, 'lock');
      expect(await command(t, fx, `rounds/${fx.roundId}/start`, 409)).toMatchObject({ code: 'event_locked' });
      const res = await t.http
        .post(`/api/events/${fx.eventId}/presenters`)
        .set(admin())
        .send({ title: '县委书记', unit: '新单位' })
        .expect(409);
      expect(res.body.code).toBe('event_locked');
    });
  });

  describe('judge links', () => {
    it('stores links only hashed, and a revoked link disconnects the tablet at once and stops working', async () => {
      const fx = await createEventFixture(t, { units: ['黄州区'], judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      const token = fx.judges[0].token;
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      const [row] = await t.db.query<{ link_hash: string }>('SELECT link_hash FROM judge WHERE id = $1', [fx.judges[0].id]);
      expect(row.link_hash).not.toContain(token);
      const tablet = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token });
      const ended = new Promise<{ code: string }>((resolve) => tablet.socket.once('session.ended', resolve));
      const disconnected = new Promise<void>((resolve) => tablet.socket.once('disconnect', () => resolve()));
      await t.http.delete(`/api/events/${fx.eventId}/judges/${fx.judges[0].id}/link`).set(admin()).expect(200);
      await expect(ended).resolves.toMatchObject({ code: 'link_revoked' });
      await expect(disconnected).resolves.toBeUndefined();
      const refused = await LiveClient.refusal(t.baseUrl, { role: 'judge', token });
      expect(refused.data).toMatchObject({ code: 'link_revoked' });
      const reissued = await t.http.post(`/api/events/${fx.eventId}/judges/${fx.judges[0].id}/link`).set(admin()).expect(201);
      const again = await LiveClient.connect<JudgeView>(t.baseUrl, {
        role: 'judge',
        token: new URL(reissued.body.link).pathname.split('/').pop()!,
      });
      expect(again.view.me.seatLabel).toBe('A1');
      again.close();
    });
  });

  describe('organizers and their events', () => {
    it('hides an event from an organizer who does not own it, over REST and on the control channel', async () => {
      await t.http
        .post('/api/organizers')
        .set(admin())
        .send({ username: 'org2', displayName: '组织部 二', password: 'second-organizer-pw', role: 'organizer' })
        .expect(201);
      const login = await t.http.post('/api/auth/login').send({ username: 'org2', password: 'second-organizer-pw' }).expect(200);
      const other = { Authorization: `Bearer ${login.body.token}` };
      const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: '甲', seatLabel: 'A1' }] });
      await t.http.get(`/api/events/${fx.eventId}`).set(other).expect(404);
      await t.http.post(`/api/events/${fx.eventId}/rounds/${fx.roundId}/start`).set(other).expect(404);
      expect((await t.http.get('/api/events').set(other).expect(200)).body).toEqual([]);
      const refused = await LiveClient.refusal(t.baseUrl, { role: 'control', token: login.body.token, eventId: fx.eventId });
      expect(refused.data).toMatchObject({ code: 'not_found' });
      await t.http
        .post('/api/organizers')
        .set(other)
        .send({ username: 'org3', displayName: '三', password: 'third-organizer-pw', role: 'admin' })
        .expect(403);
    });

    it("shows the control panel each judge's status, never the values", async () => {
      const fx = await createEventFixture(t, {
        units: ['团风县'],
        judges: [
          { displayName: '甲', seatLabel: 'A1' },
          { displayName: '乙', seatLabel: 'A2', conflictUnits: ['团风县'] },
        ],
      });
      const control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token: t.adminToken, eventId: fx.eventId });
      const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
      try {
        await openScoring(t, fx);
        await judge.submit({
          idempotencyKey: crypto.randomUUID(),
          presentationId: fx.presentations[0].id,
          values: fx.criteria.map((c) => ({ criterionId: c.id, value: '33.5' })),
        });
        const view = await control.waitFor((v) => v.judges.some((j) => j.status === 'scored'));
        expect(view.judges.map((j) => [j.seatLabel, j.status])).toEqual([
          ['A1', 'scored'],
          ['A2', 'recused'],
        ]);
        expect(JSON.stringify(control.updates)).not.toContain('33.5');
      } finally {
        control.close();
        judge.close();
      }
    });
  });
});

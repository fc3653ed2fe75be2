import type { JudgeView, LiveHandshake, ScreenView } from '../src/contracts/live.js';
import { createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Caller = 'anonymous' | 'judgeLink' | 'otherOrganizer' | 'owner' | 'admin';
type Expect = 'allow' | 'deny';

/**
 * Every REST route against every kind of caller, with the expected outcome in one table. A deny
 * is 401 (who are you?), 403 (not yours to do) or 404 (no such event, for you), and changes nothing.
 */
const ROUTES: {
  route: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: (fx: EventFixture) => string;
  body?: object | ((fx: EventFixture) => object);
  expect: Record<Caller, Expect>;
}[] = [];
const event = { anonymous: 'deny', judgeLink: 'deny', otherOrganizer: 'deny', owner: 'allow', admin: 'allow' } as const;
const signedIn = { anonymous: 'deny', judgeLink: 'deny', otherOrganizer: 'allow', owner: 'allow', admin: 'allow' } as const;
const adminOnly = { anonymous: 'deny', judgeLink: 'deny', otherOrganizer: 'deny', owner: 'deny', admin: 'allow' } as const;
/** What the public code opens: anyone may ask. */
const anyone = { anonymous: 'allow', judgeLink: 'allow', otherOrganizer: 'allow', owner: 'allow', admin: 'allow' } as const;
const e = (fx: EventFixture) => `/api/events/${fx.eventId}`;
const add = (
  route: string,
  method: (typeof ROUTES)[number]['method'],
  path: (fx: EventFixture) => string,
  expect: Record<Caller, Expect>,
  body?: (typeof ROUTES)[number]['body'],
) => ROUTES.push({ route, method, path, expect, body });

add('GET /api/auth/me', 'get', () => '/api/auth/me', signedIn);
add('GET /api/organizers', 'get', () => '/api/organizers', adminOnly);
add('GET /api/server', 'get', () => '/api/server', signedIn);
add('GET /api/viewer-link/:code', 'get', (fx) => `/api/viewer-link/${fx.publicCode}`, anyone);
add('POST /api/organizers', 'post', () => '/api/organizers', adminOnly, {
  username: 'x',
  displayName: 'x',
  password: 'short',
  role: 'organizer',
});
// On an account no other case uses: disabled, then enabled again.
let bystander = '';
add('POST /api/organizers/:id/disable', 'post', () => `/api/organizers/${bystander}/disable`, adminOnly);
add('POST /api/organizers/:id/enable', 'post', () => `/api/organizers/${bystander}/enable`, adminOnly);
add('GET /api/events', 'get', () => '/api/events', signedIn);
add('GET /api/events/:id', 'get', e, event);
add('PATCH /api/events/:id', 'patch', e, event, { name: '改名' });
add('POST …/groups', 'post', (fx) => `${e(fx)}/groups`, event, { name: '组' });
add('POST …/criteria', 'post', (fx) => `${e(fx)}/criteria`, event, { name: '项', maxScore: '10', step: '1' });
add('PATCH …/criteria/:id', 'patch', (fx) => `${e(fx)}/criteria/${fx.criteria[0].id}`, event, { name: '项' });
add('DELETE …/criteria/:id', 'delete', (fx) => `${e(fx)}/criteria/${fx.criteria[1].id}`, event);
add('POST …/rounds', 'post', (fx) => `${e(fx)}/rounds`, event, { topic: '专题' });
add('PATCH …/rounds/:id', 'patch', (fx) => `${e(fx)}/rounds/${fx.roundId}`, event, { lecturer: '市委常委' });
add('POST …/rounds/:id/draw', 'post', (fx) => `${e(fx)}/rounds/${fx.roundId}/draw`, event, { seed: 1 });
add('POST …/presenters', 'post', (fx) => `${e(fx)}/presenters`, event, { title: '县委书记', unit: '新单位' });
add('PATCH …/presenters/:id', 'patch', (fx) => `${e(fx)}/presenters/${fx.presenters[0].id}`, event, { title: '书记' });
add('POST …/rounds/:id/presentations', 'post', (fx) => `${e(fx)}/rounds/${fx.roundId}/presentations`, event, {
  presenterId: '00000000-0000-4000-8000-000000000000',
});
add('PATCH …/presentations/:id', 'patch', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}`, event, { timeLimitSeconds: 240 });
add('POST …/presentations/:id/extend', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/extend`, event, { seconds: 60 });
add('GET …/judges/links', 'get', (fx) => `${e(fx)}/judges/links`, event);
add('POST …/judges', 'post', (fx) => `${e(fx)}/judges`, event, { displayName: '新', seatLabel: 'Z9' });
add('PATCH …/judges/:id', 'patch', (fx) => `${e(fx)}/judges/${fx.judges[0].id}`, event, { displayName: '改' });
add('POST …/judges/:id/link', 'post', (fx) => `${e(fx)}/judges/${fx.judges[2].id}/link`, event);
add('DELETE …/judges/:id/link', 'delete', (fx) => `${e(fx)}/judges/${fx.judges[2].id}/link`, event);
// Sign-offs (计分员, 复核员, 监督员): an id of no signer is enough to see who may ask.
const noSigner = '00000000-0000-4000-8000-000000000001';
add('GET …/signers/links', 'get', (fx) => `${e(fx)}/signers/links`, event);
add('POST …/signers', 'post', (fx) => `${e(fx)}/signers`, event, { role: 'supervisor', displayName: '监督员' });
add('POST …/signers/:id/link', 'post', (fx) => `${e(fx)}/signers/${noSigner}/link`, event);
add('DELETE …/signers/:id/link', 'delete', (fx) => `${e(fx)}/signers/${noSigner}/link`, event);
add('DELETE …/signers/:id', 'delete', (fx) => `${e(fx)}/signers/${noSigner}`, event);
add('POST …/rounds/:id/start', 'post', (fx) => `${e(fx)}/rounds/${fx.roundId}/start`, event);
add('POST …/rounds/:id/finish', 'post', (fx) => `${e(fx)}/rounds/${fx.roundId}/finish`, event);
add('POST …/presentations/:id/stage', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/stage`, event);
add('POST …/presentations/:id/open-scoring', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/open-scoring`, event);
add('POST …/presentations/:id/close-scoring', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/close-scoring`, event);
add('POST …/presentations/:id/reopen-scoring', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/reopen-scoring`, event);
add('POST …/presentations/:id/reveal', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/reveal`, event);
add('POST …/presentations/:id/no-result', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/no-result`, event, {
  reason: '全部评委回避',
});
add('POST …/screen', 'post', (fx) => `${e(fx)}/screen`, event, { mode: 'stage' });
add(
  'POST …/judges/:id/override',
  'post',
  (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/judges/${fx.judges[0].id}/override`,
  event,
  { reason: '更正原因', values: [] },
);
add('POST …/judges/:id/void', 'post', (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/judges/${fx.judges[0].id}/void`, event, {
  reason: '作废原因',
});
add(
  'POST …/judges/:id/override/preview',
  'post',
  (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/judges/${fx.judges[0].id}/override/preview`,
  event,
  { reason: '更正原因', values: [] },
);
add(
  'POST …/judges/:id/void/preview',
  'post',
  (fx) => `${e(fx)}/presentations/${fx.presentations[0].id}/judges/${fx.judges[0].id}/void/preview`,
  event,
  { reason: '作废原因' },
);
add('GET …/rounds/:id/results', 'get', (fx) => `${e(fx)}/rounds/${fx.roundId}/results`, event);
add('GET …/rounds/:id/review', 'get', (fx) => `${e(fx)}/rounds/${fx.roundId}/review`, event);
add('GET …/standings', 'get', (fx) => `${e(fx)}/standings`, event);
add('GET …/export', 'get', (fx) => `${e(fx)}/export`, event);
add('GET …/rounds/:id/export', 'get', (fx) => `${e(fx)}/rounds/${fx.roundId}/export`, event);
add('GET …/export.xlsx', 'get', (fx) => `${e(fx)}/export.xlsx`, event);
add('GET …/rounds/:id/export.xlsx', 'get', (fx) => `${e(fx)}/rounds/${fx.roundId}/export.xlsx`, event);
add('GET …/setup/template.xlsx', 'get', (fx) => `${e(fx)}/setup/template.xlsx`, event);
add('POST …/setup/import/preview', 'post', (fx) => `${e(fx)}/setup/import/preview`, event);
add('POST …/setup/import', 'post', (fx) => `${e(fx)}/setup/import`, event);
add('GET …/report', 'get', (fx) => `${e(fx)}/report?resamples=10`, event);
add('GET /api/series', 'get', (fx) => `/api/series?events=${fx.eventId}`, event);
add('GET /api/series.xlsx', 'get', (fx) => `/api/series.xlsx?events=${fx.eventId}`, event);
// The red and grey board on this event's screens: the event has no published result, so an allowed set-up is refused as empty (400), a reveal or take-down finds no board (409).
add('GET …/series-board', 'get', (fx) => `${e(fx)}/series-board`, event);
add(
  'PUT …/series-board',
  'put',
  (fx) => `${e(fx)}/series-board`,
  event,
  (fx) => ({ events: [fx.eventId], red: 0, grey: 0 }),
);
add('POST …/series-board/reveal-next', 'post', (fx) => `${e(fx)}/series-board/reveal-next`, event, { expectedRevealed: 0 });
add('POST …/series-board/reveal-all', 'post', (fx) => `${e(fx)}/series-board/reveal-all`, event);
add('DELETE …/series-board', 'delete', (fx) => `${e(fx)}/series-board`, event);
add('GET /api/audit/verify', 'get', () => '/api/audit/verify', adminOnly);
add('GET /api/audit/head', 'get', () => '/api/audit/head', signedIn);
add('GET …/audit-head', 'get', (fx) => `${e(fx)}/audit-head`, event);
add('GET …/commitments', 'get', (fx) => `${e(fx)}/commitments`, event);
add('GET …/commitments.xlsx', 'get', (fx) => `${e(fx)}/commitments.xlsx`, event);
add('GET …/commitments/delivery', 'get', (fx) => `${e(fx)}/commitments/delivery`, event);
add('POST …/commitments', 'post', (fx) => `${e(fx)}/commitments`, event, {
  presentationId: '00000000-0000-4000-8000-000000000000',
  text: '承诺',
  owner: '县长',
  dueOn: '2026-06-30',
});
add('GET …/unit-links', 'get', (fx) => `${e(fx)}/unit-links`, event);
add('POST …/unit-links', 'post', (fx) => `${e(fx)}/unit-links`, event, { unit: '麻城市' });
add('POST …/unit-links/revoke', 'post', (fx) => `${e(fx)}/unit-links/revoke`, event, { unit: '麻城市' });
// Removals and moves aim at ids that do not exist: allowed to ask, answered "not found", nothing removed.
const nobody = '00000000-0000-4000-8000-000000000001';
add('DELETE …/groups/:id', 'delete', (fx) => `${e(fx)}/groups/${nobody}`, event);
add('POST …/criteria/:id/move', 'post', (fx) => `${e(fx)}/criteria/${nobody}/move`, event, { position: 1 });
add('DELETE …/rounds/:id', 'delete', (fx) => `${e(fx)}/rounds/${nobody}`, event);
add('POST …/rounds/:id/move', 'post', (fx) => `${e(fx)}/rounds/${nobody}/move`, event, { position: 1 });
add('DELETE …/presenters/:id', 'delete', (fx) => `${e(fx)}/presenters/${nobody}`, event);
add('DELETE …/presentations/:id', 'delete', (fx) => `${e(fx)}/presentations/${nobody}`, event);
add('DELETE …/judges/:id', 'delete', (fx) => `${e(fx)}/judges/${nobody}`, event);
add('POST …/programme/fill', 'post', (fx) => `${e(fx)}/programme/fill`, event, {});
add('PATCH …/commitments/:id', 'patch', (fx) => `${e(fx)}/commitments/${nobody}`, event, { owner: '县长' });
add('DELETE …/commitments/:id', 'delete', (fx) => `${e(fx)}/commitments/${nobody}`, event);
add('POST …/commitments/:id/updates', 'post', (fx) => `${e(fx)}/commitments/${nobody}/updates`, event, {
  status: 'in_progress',
  progress: '进展',
});
// Attendee ballots (满意度测评): the card, the codes of a hall, the polls (ids of no poll: not found).
add('GET …/ballot-card', 'get', (fx) => `${e(fx)}/ballot-card`, event);
add('PUT …/ballot-card', 'put', (fx) => `${e(fx)}/ballot-card`, event, {
  indicators: ['内容', '表达'],
  scale: 'points',
  max: '20',
  step: '1',
  levels: [],
});
add('GET …/ballot-codes', 'get', (fx) => `${e(fx)}/ballot-codes`, event);
add('POST …/ballot-codes', 'post', (fx) => `${e(fx)}/ballot-codes`, event, { hall: '主会场', count: 2 });
add('GET …/ballot-codes/print', 'get', (fx) => `${e(fx)}/ballot-codes/print?hall=${encodeURIComponent('主会场')}`, event);
add('POST …/ballot-codes/void', 'post', (fx) => `${e(fx)}/ballot-codes/void`, event, { hall: '主会场', number: 1 });
add('GET …/polls', 'get', (fx) => `${e(fx)}/polls`, event);
add('POST …/polls', 'post', (fx) => `${e(fx)}/polls`, event, { roundId: nobody });
add('POST …/polls/:id/close', 'post', (fx) => `${e(fx)}/polls/${nobody}/close`, event);
add('PUT …/polls/:id/display', 'put', (fx) => `${e(fx)}/polls/${nobody}/display`, event, { display: 'result' });
add('POST …/lock', 'post', (fx) => `${e(fx)}/lock`, event);

const bodyOf = (route: (typeof ROUTES)[number], fx: EventFixture) =>
  typeof route.body === 'function' ? route.body(fx) : (route.body ?? {});

describe('authorization matrix', () => {
  let t: TestApp;
  let fx: EventFixture;
  let other: EventFixture;
  const tokens: Partial<Record<Caller, string | null>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await t.http
      .post('/api/organizers')
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ username: 'owner', displayName: '主办', password: 'owner-password', role: 'organizer' })
      .expect(201);
    await t.http
      .post('/api/organizers')
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ username: 'stranger', displayName: '他人', password: 'stranger-password', role: 'organizer' })
      .expect(201);
    const login = async (username: string, password: string) =>
      (await t.http.post('/api/auth/login').send({ username, password }).expect(200)).body.token as string;
    bystander = (
      await t.http
        .post('/api/organizers')
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .send({ username: 'bystander', displayName: '旁人', password: 'bystander-password', role: 'organizer' })
        .expect(201)
    ).body.id;
    tokens.owner = await login('owner', 'owner-password');
    tokens.otherOrganizer = await login('stranger', 'stranger-password');
    tokens.admin = t.adminToken;
    tokens.anonymous = null;
    const judges = [
      { displayName: 'A1', seatLabel: 'A1' },
      { displayName: 'A2', seatLabel: 'A2', conflictUnits: ['红安县'] },
      { displayName: 'A3', seatLabel: 'A3' },
    ];
    fx = await createEventFixture(t, { units: ['红安县', '麻城市'], judges, token: tokens.owner });
    other = await createEventFixture(t, {
      name: '另一场',
      units: ['英山县'],
      judges: [{ displayName: 'B1', seatLabel: 'B1' }],
      token: tokens.otherOrganizer,
    });
    tokens.judgeLink = fx.judges[0].token;
  });

  afterAll(async () => {
    await t?.close();
  });

  const fingerprint = async () =>
    JSON.stringify(
      await t.db.query(
        'SELECT (SELECT array_agg(version ORDER BY id) FROM event) v, (SELECT count(*) FROM score) s, (SELECT count(*) FROM organizer) o, (SELECT count(*) FROM organizer WHERE disabled_at IS NOT NULL) d',
      ),
    );

  const callers: Caller[] = ['anonymous', 'judgeLink', 'otherOrganizer', 'owner', 'admin'];
  const cases = ROUTES.flatMap((r) => callers.map((caller) => [r.route, caller, r.expect[caller], r] as const));

  it(`covers ${ROUTES.length} routes × ${callers.length} callers`, () => {
    expect(cases).toHaveLength(ROUTES.length * callers.length);
  });

  it.each(cases.filter(([, , expect]) => expect === 'deny'))('%s by %s: denied, nothing changes', async (_, caller, __, route) => {
    const before = await fingerprint();
    const token = tokens[caller];
    let req = t.http[route.method](route.path(fx));
    if (token) req = req.set({ Authorization: `Bearer ${token}` });
    const res = await req.send(bodyOf(route, fx));
    expect([401, 403, 404]).toContain(res.status);
    if (res.status === 404) expect(res.body.message).toMatch(/^event not found$/);
    expect(await fingerprint()).toBe(before);
  });

  // Locking would end the event for the tests that follow; its denials are checked above.
  it.each(cases.filter(([name, , expect]) => expect === 'allow' && name !== 'POST …/lock'))(
    '%s by %s: allowed',
    async (_, caller, __, route) => {
      const res = await t.http[route.method](route.path(fx))
        .set({ Authorization: `Bearer ${tokens[caller]}` })
        .send(bodyOf(route, fx));
      // Allowed to ask: the answer may still be a domain refusal (409, 400), never "who are you" or "not yours".
      expect([401, 403]).not.toContain(res.status);
      if (res.status === 404) expect(res.body.message).not.toBe('event not found');
    },
  );

  describe('the live channel', () => {
    const socketCases: { who: string; auth: () => LiveHandshake; /** 'ok' or the error code */ submit: string; connects: boolean }[] = [
      { who: 'judge of this event', auth: () => ({ role: 'judge', token: fx.judges[0].token }), submit: 'ok', connects: true },
      { who: 'conflicted judge', auth: () => ({ role: 'judge', token: fx.judges[1].token }), submit: 'recused', connects: true },
      { who: 'judge of another event', auth: () => ({ role: 'judge', token: other.judges[0].token }), submit: 'not_found', connects: true },
      { who: 'screen viewer', auth: () => ({ role: 'screen', code: fx.publicCode }), submit: 'judges_only', connects: true },
      {
        who: 'organizer control panel',
        auth: () => ({ role: 'control', token: tokens.owner!, eventId: fx.eventId }),
        submit: 'judges_only',
        connects: true,
      },
      {
        who: 'organizer of another event',
        auth: () => ({ role: 'control', token: tokens.otherOrganizer!, eventId: fx.eventId }),
        submit: '',
        connects: false,
      },
      { who: 'revoked judge link', auth: () => ({ role: 'judge', token: 'revoked' }), submit: '', connects: false },
      { who: 'anonymous', auth: () => ({ role: 'screen', code: '' }), submit: '', connects: false },
    ];

    beforeAll(async () => {
      const revoked = await t.http
        .post(`${e(fx)}/judges`)
        .set({ Authorization: `Bearer ${tokens.owner}` })
        .send({ displayName: '撤', seatLabel: 'R1' })
        .expect(201);
      await t.http
        .delete(`${e(fx)}/judges/${revoked.body.judge.id}/link`)
        .set({ Authorization: `Bearer ${tokens.owner}` })
        .expect(200);
      socketCases.find((c) => c.who === 'revoked judge link')!.auth = () => ({
        role: 'judge',
        token: new URL(revoked.body.link).pathname.split('/').pop()!,
      });
      const state = (
        await t.http
          .get(`${e(fx)}`)
          .set({ Authorization: `Bearer ${tokens.owner}` })
          .expect(200)
      ).body;
      // The allowed calls above changed the rubric; score with the criteria it has now.
      fx.criteria = state.criteria;
      // The allowed calls above finished the first round; score in a fresh one, on 红安县's talk.
      const owner = { Authorization: `Bearer ${tokens.owner}` };
      const round = (
        await t.http
          .post(`${e(fx)}/rounds`)
          .set(owner)
          .send({ topic: '专题二' })
          .expect(201)
      ).body;
      const talk = (
        await t.http
          .post(`${e(fx)}/rounds/${round.id}/presentations`)
          .set(owner)
          .send({ presenterId: fx.presenters[0].id })
          .expect(201)
      ).body;
      await t.http
        .post(`${e(fx)}/rounds/${round.id}/start`)
        .set(owner)
        .expect(200);
      await t.http
        .post(`${e(fx)}/presentations/${talk.id}/stage`)
        .set(owner)
        .expect(200);
      await t.http
        .post(`${e(fx)}/presentations/${talk.id}/open-scoring`)
        .set(owner)
        .expect(200);
      openTalk = talk.id;
    });

    let openTalk = '';

    it.each(socketCases.map((c) => [c.who, c] as const))('%s', async (_, c) => {
      if (!c.connects) {
        const refusal = await LiveClient.refusal(t.baseUrl, c.auth());
        expect([401, 404]).toContain((refusal.data as { statusCode?: number } | undefined)?.statusCode);
        return;
      }
      const client = await LiveClient.connect<JudgeView | ScreenView>(t.baseUrl, c.auth());
      try {
        const snapshot = await client.socket.timeout(60_000).emitWithAck('snapshot.request');
        expect(snapshot.ok).toBe(true);
        const before = await fingerprint();
        const ack = await client.submit(
          scorePayload(
            fx,
            openTalk,
            fx.criteria.map(() => '10'),
          ),
        );
        if (c.submit === 'ok') expect(ack).toMatchObject({ ok: true });
        else {
          expect(ack).toMatchObject({ ok: false, error: { code: c.submit } });
          expect(await fingerprint()).toBe(before);
        }
      } finally {
        client.close();
      }
    });
  });
});

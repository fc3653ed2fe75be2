import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { BallotSecret } from '../src/ballots/ballot-secret.js';
import { BallotTallies } from '../src/ballots/ballot-tallies.service.js';
import { hashSecret } from '../src/common/secret-token.js';
import type { BallotCardDto, BallotCodeDto, BallotPageDto, BallotReceiptDto, BallotScreenView, PollDto } from '../src/contracts/ballots.js';
import type { ControlView, JudgeView, ScreenView } from '../src/contracts/live.js';
import { command, createEventFixture, type EventFixture, openScoring, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { downloadWorkbook } from './support/workbook.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CARD: BallotCardDto = {
  indicators: ['政治站位', '内容质量', '联系实际', '表达效果', '总体评价'],
  scale: 'points',
  max: '20',
  step: '0.5',
  levels: [],
};

/** Waits until `check` holds, asking again every 50 ms. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Attendee ballots (满意度测评) on the real app and PostgreSQL: the card, printed codes, one ballot
 * per code per poll that can change until the poll closes, anonymity once closed, and the
 * screens' tally while a panel of judges scores.
 */
describe('attendee ballots', () => {
  let t: TestApp;
  let fx: EventFixture;
  let secret: BallotSecret;
  let screen: LiveClient<ScreenView>;
  let control: LiveClient<ControlView>;
  const tallies: BallotScreenView[] = [];
  const clients: LiveClient[] = [];
  /** What the app wrote to its log. */
  const logged: string[] = [];
  let main: BallotCodeDto[];
  let remote: BallotCodeDto[];
  let poll: PollDto;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const api = (path: string) => `/api/events/${fx.eventId}${path}`;

  const cast = (code: string, values: string[], key: string = randomUUID(), pollId: string = poll.id) =>
    t.http.post(`/api/ballot/${code}`).send({ idempotencyKey: key, pollId, values });
  const ballotsOf = async (pollId: string): Promise<number> =>
    Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM ballot WHERE poll_id = $1', [pollId]))[0].n);
  const voterKey = (code: string, pollId = poll.id) => secret.voterKey(pollId, hashSecret(code));

  beforeAll(async () => {
    t = await startTestApp({ PODIUM_LOG_LEVEL: 'info' }, { logDestination: { write: (chunk: string) => logged.push(chunk) } });
    secret = t.app.get(BallotSecret);
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市'],
      judges: Array.from({ length: 7 }, (_, i) => ({ displayName: `评委${i + 1}`, seatLabel: `A${i + 1}` })),
    });
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    screen.socket.on('ballot.tally', (tally) => tallies.push(tally));
    control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token: t.adminToken, eventId: fx.eventId });
    clients.push(screen, control);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t?.close();
  });

  it('keeps the evaluation card, refusing a bad one with a code and changing nothing', async () => {
    expect((await t.http.get(api('/ballot-card')).set(auth()).expect(200)).text).toBe('null');
    const bad: [Partial<BallotCardDto>, string][] = [
      [{ step: '3' }, 'invalid_ballot_card'],
      [{ indicators: [] }, 'invalid_ballot_card'],
      [{ indicators: ['a', 'a'] }, 'invalid_ballot_card'],
      [{ max: '0' }, 'invalid_ballot_card'],
      [{ scale: 'levels', max: null, step: null, levels: [{ label: '满意', value: '80' }] }, 'invalid_ballot_card'],
      [{ scale: 'stars' as never }, 'validation_failed'],
      [{ max: 20 as never }, 'validation_failed'],
    ];
    for (const [change, code] of bad) {
      const res = await t.http
        .put(api('/ballot-card'))
        .set(auth())
        .send({ ...CARD, ...change });
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    expect((await t.db.query('SELECT ballot_card FROM event WHERE id = $1', [fx.eventId]))[0].ballot_card).toBeNull();
    const saved = (
      await t.http
        .put(api('/ballot-card'))
        .set(auth())
        .send({ ...CARD, max: '20.00' })
        .expect(200)
    ).body;
    expect(saved).toEqual(CARD);
    expect((await t.http.get(api('/ballot-card')).set(auth()).expect(200)).body).toEqual(CARD);
  });

  it('issues codes per hall, prints them again from the secret, and stores only their hashes', async () => {
    await t.http.post(api('/ballot-codes')).set(auth()).send({ hall: '主会场', count: 4 }).expect(201);
    await t.http.post(api('/ballot-codes')).set(auth()).send({ hall: '主会场', count: 2 }).expect(201);
    await t.http.post(api('/ballot-codes')).set(auth()).send({ hall: '分会场', count: 320 }).expect(201);
    for (const body of [
      { hall: '', count: 1 },
      { hall: '主会场', count: 0 },
      { hall: '主会场', count: 5001 },
    ])
      expect((await t.http.post(api('/ballot-codes')).set(auth()).send(body)).status).toBe(400);
    expect((await t.http.get(api('/ballot-codes')).set(auth()).expect(200)).body).toEqual([
      { hall: '主会场', issued: 6, voided: 0 },
      { hall: '分会场', issued: 320, voided: 0 },
    ]);
    const print = async (hall: string) =>
      (await t.http.get(api('/ballot-codes/print')).query({ hall }).set(auth()).expect(200)).body as BallotCodeDto[];
    main = await print('主会场');
    remote = await print('分会场');
    expect(main.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(main[0]).toMatchObject({ hall: '主会场', voided: false });
    expect(main[0].code).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
    expect(main[0].url).toMatch(new RegExp(`/ballot/${main[0].code}$`));
    expect(new Set([...main, ...remote].map((c) => c.code)).size).toBe(326);
    // The same codes each time (derived, not stored).
    expect(await print('主会场')).toEqual(main);
    const hashes = (
      await t.db.query<{ h: string }>('SELECT code_hash AS h FROM ballot_code WHERE hall = $1 ORDER BY number', ['主会场'])
    ).map((r) => r.h);
    expect(hashes).toEqual(main.map((c) => hashSecret(c.code)));
  });

  it('shows the attendee page: the card, and no poll before one opens', async () => {
    const page = (await t.http.get(`/api/ballot/${main[0].code.toLowerCase()}`).expect(200)).body as BallotPageDto;
    expect(page).toEqual({ eventName: '专题学习会', publicCode: fx.publicCode, hall: '主会场', card: CARD, poll: null, mine: null });
    await expect(t.http.get('/api/ballot/ABCDEFGHJKLM').expect(401)).resolves.toMatchObject({ body: { code: 'ballot_code_invalid' } });
    await expect(t.http.get('/api/ballot/short').expect(401)).resolves.toMatchObject({ body: { code: 'ballot_code_invalid' } });
  });

  it('opens a poll on the lecture: the screens show its turnout, the card is frozen', async () => {
    await expect(t.http.post(api('/polls')).set(auth()).send({ roundId: randomUUID() }).expect(404)).resolves.toBeDefined();
    await expect(t.http.post(api('/polls')).set(auth()).send({ roundId: 'x' }).expect(400)).resolves.toBeDefined();
    poll = (await t.http.post(api('/polls')).set(auth()).send({ roundId: fx.roundId }).expect(201)).body;
    expect(poll).toMatchObject({
      roundId: fx.roundId,
      presentationId: null,
      title: '专题一：推动高质量发展（市委常委）',
      state: 'open',
      display: 'turnout',
      closedAt: null,
      eligible: 326,
      byHall: [
        { hall: '主会场', ballots: 0, eligible: 6 },
        { hall: '分会场', ballots: 0, eligible: 320 },
      ],
    });
    const shown = await screen.waitFor((v) => v.ballot?.pollId === poll.id);
    expect(shown.ballot).toEqual({
      pollId: poll.id,
      title: poll.title,
      state: 'open',
      display: 'turnout',
      eligible: 326,
      ballots: 0,
      result: null,
      changes: 0,
    });
    await expect(t.http.put(api('/ballot-card')).set(auth()).send(CARD).expect(409)).resolves.toMatchObject({
      body: { code: 'card_frozen' },
    });
    await expect(t.http.post(api('/polls')).set(auth()).send({ roundId: fx.roundId }).expect(409)).resolves.toMatchObject({
      body: { code: 'poll_open' },
    });
    const page = (await t.http.get(`/api/ballot/${main[0].code}`).expect(200)).body as BallotPageDto;
    expect(page.poll).toEqual({ id: poll.id, title: poll.title, state: 'open' });
  });

  it('takes one ballot per code, changed until the close; a re-sent key stores nothing', async () => {
    const code = main[0].code;
    const first = (await cast(code, ['20', '18.5', '17', '19', '20']).expect(200)).body as BallotReceiptDto;
    expect(first).toMatchObject({ pollId: poll.id, revision: 1, total: '94.5', replayed: false });
    // The phone lost the answer and sends again: the stored receipt, nothing new.
    const again = (await cast(code, ['20', '18.5', '17', '19', '20'], first.idempotencyKey).expect(200)).body as BallotReceiptDto;
    expect(again).toEqual({ ...first, replayed: true });
    // The same key with other marks is refused.
    await expect(cast(code, ['0', '0', '0', '0', '0'], first.idempotencyKey).expect(409)).resolves.toMatchObject({
      body: { code: 'idempotency_key_reused' },
    });
    const changed = (await cast(code, ['16', '16', '16', '16', '16.5']).expect(200)).body as BallotReceiptDto;
    expect(changed).toMatchObject({ revision: 2, total: '80.5', replayed: false });
    expect(await ballotsOf(poll.id)).toBe(1);
    const [row] = await t.db.query<{ values: string[]; total: string; revision: number; voter_key: string }>(
      'SELECT values::text[] AS values, total::text AS total, revision, voter_key FROM ballot WHERE poll_id = $1',
      [poll.id],
    );
    expect(row).toEqual({ values: ['16', '16', '16', '16', '16.5'], total: '80.5', revision: 2, voter_key: voterKey(code) });
    const page = (await t.http.get(`/api/ballot/${code}`).expect(200)).body as BallotPageDto;
    expect(page.mine).toEqual({ values: ['16', '16', '16', '16', '16.5'], total: '80.5', revision: 2 });
    expect(((await t.http.get(`/api/ballot/${main[1].code}`).expect(200)).body as BallotPageDto).mine).toBeNull();
  });

  it('refuses a ballot that does not fit the card, or for no open poll, or with an unknown code, storing nothing', async () => {
    const code = main[1].code;
    for (const values of [
      ['20', '20', '20', '20'],
      ['21', '0', '0', '0', '0'],
      ['0.3', '0', '0', '0', '0'],
      ['-1', '0', '0', '0', '0'],
    ]) {
      const res = await cast(code, values);
      expect([res.status, res.body.code]).toEqual([400, values[0] === '-1' ? 'validation_failed' : 'invalid_ballot']);
    }
    for (const body of [
      { pollId: poll.id, values: ['1', '1', '1', '1', '1'] },
      { idempotencyKey: randomUUID(), pollId: poll.id, values: [1, 1, 1, 1, 1] },
    ]) {
      expect((await t.http.post(`/api/ballot/${code}`).send(body)).status).toBe(400);
    }
    await expect(cast(code, ['1', '1', '1', '1', '1'], randomUUID(), randomUUID()).expect(404)).resolves.toBeDefined();
    await expect(cast('ABCDEFGHJKLM', ['1', '1', '1', '1', '1']).expect(401)).resolves.toMatchObject({
      body: { code: 'ballot_code_invalid' },
    });
    expect(await ballotsOf(poll.id)).toBe(1);
  });

  it('a voided code casts nothing more; a void racing its ballots leaves a ballot exactly when one was acknowledged', async () => {
    const code = main[2];
    const racing = Array.from({ length: 12 }, () => cast(code.code, ['10', '10', '10', '10', '10']).then((r) => r.status));
    const voided = t.http.post(api('/ballot-codes/void')).set(auth()).send({ hall: '主会场', number: code.number }).expect(200);
    const statuses = await Promise.all(racing);
    expect((await voided).body).toEqual({ hall: '主会场', issued: 6, voided: 1 });
    expect(statuses.every((s) => s === 200 || s === 401)).toBe(true);
    const kept = await t.db.query<{ revision: number }>('SELECT revision FROM ballot WHERE voter_key = $1', [voterKey(code.code)]);
    const acked = statuses.filter((s) => s === 200).length;
    expect(kept.map((k) => k.revision)).toEqual(acked > 0 ? [acked] : []);
    await expect(cast(code.code, ['10', '10', '10', '10', '10']).expect(401)).resolves.toMatchObject({
      body: { code: 'ballot_code_invalid' },
    });
    await expect(t.http.get(`/api/ballot/${code.code}`).expect(401)).resolves.toBeDefined();
    expect(
      ((await t.http.get(api('/ballot-codes/print')).query({ hall: '主会场' }).set(auth()).expect(200)).body as BallotCodeDto[])[2].voided,
    ).toBe(true);
    await t.http.post(api('/ballot-codes/void')).set(auth()).send({ hall: '主会场', number: 99 }).expect(404);
    // Back to one ballot in the poll for what follows.
    await t.db.query('DELETE FROM ballot WHERE voter_key = $1', [voterKey(code.code)]);
  });

  /** Runs `hold` in a transaction of its own, casts meanwhile, and ends the transaction once the cast waits for its lock. */
  async function castWhileHeld(hold: string, params: unknown[], then: string, code: string, pollId = poll.id): Promise<[number, string]> {
    const holder = new pg.Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(hold, params);
      let answered = false;
      const pending = cast(code, ['10', '10', '10', '10', '10'], randomUUID(), pollId).then((r) => {
        answered = true;
        return [r.status, r.body.code] as [number, string];
      });
      // The cast waits for the lock held here (or, should it not, is answered without waiting).
      await until(
        async () =>
          answered ||
          (await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).length > 0,
        'the ballot waiting for its lock',
      );
      await holder.query(then, params);
      await holder.query('COMMIT');
      return await pending;
    } finally {
      await holder.end();
    }
  }

  it('a ballot cast while its code is being voided waits for the void, then is refused', async () => {
    const where = `FROM ballot_code WHERE event_id = $1 AND hall = '主会场' AND number = 4`;
    await expect(
      castWhileHeld(
        `SELECT id ${where} FOR UPDATE`,
        [fx.eventId],
        `UPDATE ballot_code SET voided_at = now() WHERE id IN (SELECT id ${where})`,
        main[3].code,
      ),
    ).resolves.toEqual([401, 'ballot_code_invalid']);
    expect(await t.db.query('SELECT 1 FROM ballot WHERE voter_key = $1', [voterKey(main[3].code)])).toEqual([]);
  });

  it('counts 300 ballots cast at once exactly, while the judges score over the live channel with every ack ok', async () => {
    await openScoring(t, fx);
    // Putting the talk on stage took the lecture's turnout off the screens (the poll stays open);
    // the organizer puts it back beside the talk.
    const [staged] = await t.db.query<{ display: string; state: string }>('SELECT display, state FROM poll WHERE id = $1', [poll.id]);
    expect(staged).toEqual({ display: 'hidden', state: 'open' });
    await t.http
      .put(api(`/polls/${poll.id}/display`))
      .set(auth())
      .send({ display: 'turnout' })
      .expect(200);
    const judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    clients.push(...judges);
    const talk = fx.presentations[0].id;
    const voters = remote.slice(0, 300);
    const marks = (i: number) => [String(10 + (i % 11)), '15', String(12 + (i % 3) * 0.5), '20', '18'];
    const ballots = voters.map((v, i) => cast(v.code, marks(i)).then((r) => r.status));
    const scores = judges.flatMap((judge) =>
      Array.from({ length: 5 }, async (_, k) => (await judge.submit(scorePayload(fx, talk, [String(40 + k), '30']))).ok),
    );
    const [statuses, acks] = await Promise.all([Promise.all(ballots), Promise.all(scores)]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(acks.every(Boolean)).toBe(true);
    expect(await ballotsOf(poll.id)).toBe(301);
    const changes = 2 + 300;
    // The screen's tally reaches every ballot, and shows no result while only the turnout is on.
    await until(() => tallies.some((x) => x.ballots === 301 && x.changes === changes), 'the tally of 301 ballots');
    expect(tallies.every((x) => x.result === null && x.pollId === poll.id)).toBe(true);
    expect(tallies.at(-1)!.eligible).toBe(324);
    const sum = voters.reduce((acc, _, i) => acc + marks(i).reduce((a, v) => a + Number(v) * 2, 0), 0) / 2 + 80.5;
    const polls = (await t.http.get(api('/polls')).set(auth()).expect(200)).body as PollDto[];
    expect(polls[0].result.ballots).toBe(301);
    expect(Number(polls[0].result.meanTotal)).toBeCloseTo(sum / 301, 2);
    expect(polls[0].byHall).toEqual([
      { hall: '主会场', ballots: 1, eligible: 4 },
      { hall: '分会场', ballots: 300, eligible: 320 },
    ]);
    expect(polls[0].result.distribution.reduce((a, d) => a + d.count, 0)).toBe(301);
    // Ballots change no version of the event: the judges' scores alone did.
    expect(screen.view.ballot?.ballots).toBe(1);
  });

  it('shows the result only once the organizer chooses, and nothing after it is hidden', async () => {
    await t.http
      .put(api(`/polls/${poll.id}/display`))
      .set(auth())
      .send({ display: 'result' })
      .expect(200);
    const shown = await screen.waitFor((v) => v.ballot?.display === 'result');
    expect(shown.ballot!.result!.ballots).toBe(301);
    expect(shown.ballot!.result!.indicators.map((i) => i.name)).toEqual(CARD.indicators);
    await cast(remote[300].code, ['20', '20', '20', '20', '20']).expect(200);
    await until(() => tallies.some((x) => x.ballots === 302 && x.result?.ballots === 302), 'a tally with the result');
    await t.http
      .put(api(`/polls/${poll.id}/display`))
      .set(auth())
      .send({ display: 'hidden' })
      .expect(200);
    await screen.waitFor((v) => v.ballot === null);
    const seen = tallies.length;
    await cast(remote[301].code, ['20', '20', '20', '20', '20']).expect(200);
    const pending = t.app.get(BallotTallies) as unknown as { pending: Map<string, unknown> };
    await until(() => !pending.pending.has(fx.eventId), 'the tally after the hidden ballot');
    expect(tallies.length).toBe(seen);
    // A screen connecting now gets no tally either.
    const late = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    clients.push(late);
    expect(late.view.ballot).toBeNull();
    await t.http
      .put(api(`/polls/${poll.id}/display`))
      .set(auth())
      .send({ display: 'turnout' })
      .expect(200);
    const back = await screen.waitFor((v) => v.ballot?.display === 'turnout');
    expect(back.ballot).toMatchObject({ ballots: 303, result: null });
    await expect(
      t.http
        .put(api(`/polls/${poll.id}/display`))
        .set(auth())
        .send({ display: 'all' })
        .expect(400),
    ).resolves.toBeDefined();
  });

  it('refuses to lock the event while the poll is open', async () => {
    await command(t, fx, `presentations/${fx.presentations[0].id}/close-scoring`);
    await command(t, fx, `presentations/${fx.presentations[0].id}/reveal`);
    await expect(command(t, fx, 'lock', 409)).resolves.toMatchObject({ code: 'poll_open' });
  });

  it('closes the poll: no ballot keeps a key, later ballots are refused, and nothing stored joins a ballot to a code', async () => {
    const closed = (
      await t.http
        .post(api(`/polls/${poll.id}/close`))
        .set(auth())
        .expect(200)
    ).body as PollDto;
    // (The talk's reveal took the poll off the screens.)
    expect(closed).toMatchObject({ state: 'closed', display: 'hidden' });
    expect(closed.closedAt).not.toBeNull();
    const keys = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ballot b JOIN poll p ON p.id = b.poll_id
        WHERE b.voter_key IS NOT NULL OR b.idempotency_key IS NOT NULL OR b.earlier_keys <> '{}' OR b.created_at <> p.closed_at OR b.updated_at <> p.closed_at`,
    );
    expect(keys[0].n).toBe('0');
    expect(await ballotsOf(poll.id)).toBe(303);
    await expect(cast(main[0].code, ['1', '1', '1', '1', '1']).expect(409)).resolves.toMatchObject({ body: { code: 'poll_closed' } });
    const page = (await t.http.get(`/api/ballot/${main[0].code}`).expect(200)).body as BallotPageDto;
    expect([page.poll, page.mine]).toEqual([null, null]);
    await t.http
      .put(api(`/polls/${poll.id}/display`))
      .set(auth())
      .send({ display: 'turnout' })
      .expect(200);
    await screen.waitFor((v) => v.ballot?.state === 'closed');
    // No column of a ballot refers to a code, and no foreign key joins them.
    const columns = await t.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'ballot' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'id',
      'poll_id',
      'hall',
      'voter_key',
      'idempotency_key',
      'earlier_keys',
      'values',
      'total',
      'revision',
      'created_at',
      'updated_at',
    ]);
    const joins = await t.db.query(
      `SELECT tc.constraint_name FROM information_schema.table_constraints tc
         JOIN information_schema.constraint_column_usage cu ON cu.constraint_name = tc.constraint_name
        WHERE tc.constraint_type = 'FOREIGN KEY' AND ((tc.table_name = 'ballot' AND cu.table_name = 'ballot_code')
           OR (tc.table_name = 'ballot_code' AND cu.table_name = 'ballot'))`,
    );
    expect(joins).toEqual([]);
    // No code in the clear anywhere in the database, the audit log included; not even its hash in the log.
    const dump = JSON.stringify(
      await t.db.query(
        `SELECT (SELECT json_agg(t) FROM ballot t) b, (SELECT json_agg(t) FROM ballot_code t) c, (SELECT json_agg(t) FROM poll t) p,
                (SELECT json_agg(payload) FROM audit_log) a, (SELECT json_agg(t) FROM event t) e`,
      ),
    );
    for (const c of [...main, ...remote]) expect(dump).not.toContain(c.code);
    const log = JSON.stringify(await t.db.query('SELECT json_agg(payload) AS a FROM audit_log'));
    expect(log).not.toContain(hashSecret(main[0].code));
    expect(log).toContain('"table":"ballot_code"');
    expect(log).not.toContain('"table":"ballot"');
  });

  it('keeps a round or talk with a poll, opens no poll on a talk of another round, and refuses a second poll of the same', async () => {
    const round2 = (await t.http.post(api('/rounds')).set(auth()).send({ topic: '专题二：乡村振兴', lecturer: '' }).expect(201)).body;
    const talk2 = (
      await t.http
        .post(api(`/rounds/${round2.id}/presentations`))
        .set(auth())
        .send({ presenterId: fx.presenters[0].id })
        .expect(201)
    ).body;
    await t.http.post(api('/polls')).set(auth()).send({ roundId: round2.id, presentationId: fx.presentations[0].id }).expect(404);
    await expect(t.http.post(api('/polls')).set(auth()).send({ roundId: fx.roundId }).expect(409)).resolves.toMatchObject({
      body: { code: 'already_exists' },
    });
    const onTalk = (await t.http.post(api('/polls')).set(auth()).send({ roundId: round2.id, presentationId: talk2.id }).expect(201))
      .body as PollDto;
    expect(onTalk).toMatchObject({ presentationId: talk2.id, title: '红安县 县委书记' });
    await expect(
      t.http
        .delete(api(`/presentations/${talk2.id}`))
        .set(auth())
        .expect(409),
    ).resolves.toMatchObject({
      body: { code: 'has_ballots' },
    });
    await expect(
      t.http
        .delete(api(`/rounds/${round2.id}`))
        .set(auth())
        .expect(409),
    ).resolves.toMatchObject({
      body: { code: 'has_ballots' },
    });
    // A ballot cast while the poll is being closed waits for the close, then is refused.
    await expect(
      castWhileHeld(
        'SELECT id FROM poll WHERE id = $1 FOR UPDATE',
        [onTalk.id],
        `UPDATE poll SET state = 'closed', closed_at = now() WHERE id = $1`,
        main[0].code,
        onTalk.id,
      ),
    ).resolves.toEqual([409, 'poll_closed']);
    expect(await ballotsOf(onTalk.id)).toBe(0);
    await t.http
      .post(api(`/polls/${onTalk.id}/close`))
      .set(auth())
      .expect(200);
    await expect(
      t.http
        .delete(api(`/rounds/${round2.id}`))
        .set(auth())
        .expect(409),
    ).resolves.toMatchObject({
      body: { code: 'has_ballots' },
    });
    await command(t, fx, 'lock');
    await expect(t.http.post(api('/ballot-codes')).set(auth()).send({ hall: '主会场', count: 1 }).expect(409)).resolves.toMatchObject({
      body: { code: 'event_locked' },
    });
  });

  it('writes no ballot code to the log: the access log names the route, not the code', async () => {
    await until(() => logged.join('').includes('POST /api/ballot/[token] 409'), 'the access log line of a refused ballot');
    const all = logged.join('');
    expect(all).toContain('GET /api/ballot/[token] 200');
    for (const c of [...main, ...remote]) {
      expect(all).not.toContain(c.code);
      expect(all).not.toContain(c.code.toLowerCase());
    }
  });

  it('exports each poll in the event workbook (满意度测评): turnout by hall, means, distribution, and no code', async () => {
    const book = await downloadWorkbook(t, api('/export.xlsx'), '专题学习会');
    const sheet = book.getWorksheet('满意度测评')!;
    expect(sheet).toBeDefined();
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const polls = (await t.http.get(api('/polls')).set(auth()).expect(200)).body as PollDto[];
    const lecture = polls.find((p) => p.id === poll.id)!;
    const of = (label: string, name: string) => rows.find((r) => r[0] === lecture.title && r[2] === label && r[3] === name);
    expect(of('参评人数', '合计')?.slice(4)).toEqual([303, '应参评 324']);
    expect(of('参评人数', '分会场')?.slice(4)).toEqual([302, '应参评 320']);
    expect(of('指标均分', '联系实际')?.[4]).toBe(Number(lecture.result.indicators[2].mean));
    expect(of('总分均分', '')?.[4]).toBe(Number(lecture.result.meanTotal));
    expect(of('总分分布', '80–100')?.[4]).toBe(lecture.result.distribution[0].count);
    expect(rows.some((r) => r[0] === '红安县 县委书记')).toBe(true);
    const everything = JSON.stringify(book.worksheets.map((ws) => ws.getSheetValues()));
    for (const c of [...main, ...remote]) expect(everything).not.toContain(c.code);
  });
});

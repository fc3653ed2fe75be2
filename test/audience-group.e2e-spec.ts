import { randomUUID } from 'node:crypto';
import type { BallotCodeDto, PollDto } from '../src/contracts/ballots.js';
import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import type { RoundReviewDto } from '../src/contracts/rest.js';
import { computeEvent, type PodiumDocument } from '../src/scoring/index.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * 大众评委: the attendees' ballots on a talk count as one weighted judge group (leaders 60 %, the main
 * hall's audience 40 %), as some counties run their 打擂台. Off unless a group is declared so; the
 * declared rule and the trace say it; the export recomputes to the same result.
 */
describe('the audience as a weighted judge group (大众评委)', () => {
  let t: TestApp;
  let fx: EventFixture;
  let screen: LiveClient<ScreenView>;
  let judges: LiveClient<JudgeView>[];
  let codes: Record<'主会场' | '分会场', BallotCodeDto[]>;
  let audienceGroupId: string;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const api = (path: string) => `/api/events/${fx.eventId}${path}`;
  const post = async (path: string, body: object, status = 201) =>
    (await t.http.post(api(path)).set(auth()).send(body).expect(status)).body;
  const cast = (code: string, pollId: string, values: string[]) =>
    t.http.post(`/api/ballot/${code}`).send({ idempotencyKey: randomUUID(), pollId, values }).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    // The rubric's most is 100 (内容 60 + 表达 40), the card's 100 too (5 × 20): 85.5 on the card is 85.5 here.
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市'],
      judges: ['A1', 'A2', 'A3'].map((seat, i) => ({ displayName: `领导${i + 1}`, seatLabel: seat })),
    });
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    await t.http
      .put(api('/ballot-card'))
      .set(auth())
      .send({ indicators: ['政治站位', '思路举措', '联系实际', '可操作性', '表达效果'], scale: 'points', max: '20', step: '1', levels: [] })
      .expect(200);
    codes = { 主会场: [], 分会场: [] };
    for (const hall of ['主会场', '分会场'] as const) {
      await post('/ballot-codes', { hall, count: 4 });
      codes[hall] = (await t.http.get(api('/ballot-codes/print')).query({ hall }).set(auth()).expect(200)).body as BallotCodeDto[];
    }
  });

  afterAll(async () => {
    [screen, ...(judges ?? [])].forEach((c) => c?.close());
    await t?.close();
  });

  it('declares a leaders’ group and an audience group of the main hall; nobody can seat a judge in the audience', async () => {
    const leaders = await post('/groups', { name: '领导评委', weight: '0.6' });
    const audience = await post('/groups', { name: '大众评委', weight: '0.4', audience: true, audienceHall: '主会场' });
    audienceGroupId = audience.id;
    expect(audience).toMatchObject({ audience: true, audienceHall: '主会场', weight: '0.4' });
    for (const judge of fx.judges)
      await t.http
        .patch(api(`/judges/${judge.id}`))
        .set(auth())
        .send({ groupId: leaders.id })
        .expect(200);

    const refused = await t.http
      .patch(api(`/judges/${fx.judges[0].id}`))
      .set(auth())
      .send({ groupId: audience.id })
      .expect(409);
    expect(refused.body.code).toBe('audience_group');
    // A group with judges cannot become the audience either.
    expect(
      (
        await t.http
          .patch(api(`/groups/${leaders.id}`))
          .set(auth())
          .send({ audience: true })
          .expect(409)
      ).body.code,
    ).toBe('still_referenced');
    const [row] = await t.db.query<{ group_id: string }>('SELECT group_id FROM judge WHERE id = $1', [fx.judges[0].id]);
    expect(row.group_id).toBe(leaders.id);
    await t.http
      .patch(api(''))
      .set(auth())
      .send({ rule: { aggregation: { method: 'group_weighted', within: { method: 'mean' } } } })
      .expect(200);
  });

  it("counts the main hall's closed ballots with the audience's weight, and traces its share", async () => {
    const [first, second] = fx.presentations;
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${first.id}/stage`);
    await command(t, fx, `presentations/${first.id}/open-scoring`);
    // The leaders score at once: totals 90, 80, 70 (mean 80).
    const acks = await Promise.all(
      judges.map((j, i) =>
        j.submit(
          scorePayload(
            fx,
            first.id,
            [
              ['54', '36'],
              ['48', '32'],
              ['42', '28'],
            ][i],
          ),
        ),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await command(t, fx, `presentations/${first.id}/close-scoring`);

    const poll = (await post('/polls', { roundId: fx.roundId, presentationId: first.id })) as PollDto;
    expect(poll.presentationId).toBe(first.id);
    // The main hall: 85, 90, 75, 92 (mean 85.5); the remote hall's ballots do not count for this group.
    const main = [
      ['17', '17', '17', '17', '17'],
      ['18', '18', '18', '18', '18'],
      ['15', '15', '15', '15', '15'],
      ['20', '20', '20', '16', '16'],
    ];
    await Promise.all([
      ...main.map((values, i) => cast(codes.主会场[i].code, poll.id, values)),
      ...codes.分会场.slice(0, 2).map((c) => cast(c.code, poll.id, ['1', '1', '1', '1', '1'])),
    ]);

    // A late copy of a phone's earlier submission (queued, then overtaken by a change) stores nothing:
    // this code changes its ballot to 1s (revision 2), then back (3); the 1s arriving again change nothing.
    const late = randomUUID();
    await t.http
      .post(`/api/ballot/${codes.主会场[3].code}`)
      .send({ idempotencyKey: late, pollId: poll.id, values: ['1', '1', '1', '1', '1'] })
      .expect(200);
    await cast(codes.主会场[3].code, poll.id, main[3]);
    const copy = await t.http
      .post(`/api/ballot/${codes.主会场[3].code}`)
      .send({ idempotencyKey: late, pollId: poll.id, values: ['1', '1', '1', '1', '1'] })
      .expect(200);
    expect(copy.body).toMatchObject({ replayed: true, revision: 3, total: '92' });
    expect((await t.http.get(`/api/ballot/${codes.主会场[3].code}`).expect(200)).body.mine).toMatchObject({ total: '92', revision: 3 });

    // While the poll is open its ballots may still change: the reveal waits, and says why.
    const early = await t.http
      .post(api(`/presentations/${first.id}/reveal`))
      .set(auth())
      .send({})
      .expect(409);
    expect(early.body.code).toBe('poll_open');
    await post(`/polls/${poll.id}/close`, {}, 200);
    // The audience's verdict is part of the talk's result: not on the screens before the result is.
    const early2 = await t.http
      .put(api(`/polls/${poll.id}/display`))
      .set(auth())
      .send({ display: 'result' })
      .expect(409);
    expect(early2.body.code).toBe('illegal_transition');
    await command(t, fx, `presentations/${first.id}/reveal`);
    // Nor can a poll opened after the reveal change the result read out.
    const after = await t.http.post(api('/polls')).set(auth()).send({ roundId: fx.roundId, presentationId: first.id }).expect(409);
    expect(after.body.code).toBe('results_frozen');
    await t.http
      .put(api(`/polls/${poll.id}/display`))
      .set(auth())
      .send({ display: 'result' })
      .expect(200);

    const view = await screen.waitFor((v) => v.reveal?.presentationId === first.id);
    expect(view.reveal!.final).toBe('82.20'); // (0.6 × 80 + 0.4 × 85.5) ÷ 1
    expect(view.reveal!.provisional).toEqual([]);
    expect(view.reveal!.trace).toContainEqual({
      step: 'group',
      group: '大众评委',
      weight: '0.4',
      applied: 'mean',
      value: '85.5',
      arithmetic: { operation: 'audience', ballots: 4, sum: '342', mean: '85.5', cardMax: '100', scaleMax: '100', result: '85.5' },
    });

    // The review states the rule with the audience group and its hall.
    const review = (
      await t.http
        .get(api(`/rounds/${fx.roundId}/review`))
        .set(auth())
        .expect(200)
    ).body as RoundReviewDto;
    expect(review.groups.find((g) => g.name === '大众评委')).toMatchObject({ audience: true, audienceHall: '主会场', weight: '0.4' });

    // A talk whose audience never voted is the leaders' alone, marked provisional (a group is missing).
    await command(t, fx, `presentations/${second.id}/stage`);
    await command(t, fx, `presentations/${second.id}/open-scoring`);
    await Promise.all(judges.map((j) => j.submit(scorePayload(fx, second.id, ['45', '30']))));
    await command(t, fx, `presentations/${second.id}/close-scoring`);
    await command(t, fx, `presentations/${second.id}/reveal`);
    const refused = await t.http.post(api('/polls')).set(auth()).send({ roundId: fx.roundId, presentationId: second.id }).expect(409);
    expect(refused.body.code).toBe('results_frozen');
    const later = await screen.waitFor((v) => v.reveal?.presentationId === second.id);
    expect([later.reveal!.final, later.reveal!.provisional]).toEqual(['75.00', ['group_missing']]);
  });

  it('exports the ballots the audience group counted, so that anyone recomputes the same results', async () => {
    const document = (await t.http.get(api('/export')).set(auth()).expect(200)).body as PodiumDocument;
    expect(document.groups).toContainEqual({ name: '大众评委', weight: '0.4', audience: true });
    const talk = document.rounds[0].presentations.find((p) => p.id === fx.presentations[0].id)!;
    expect(talk.audience).toEqual([{ group: '大众评委', ballots: 4, sum: '342', cardMax: '100' }]);
    const [recomputed] = computeEvent(document).rounds;
    expect(recomputed.result.presentations.find((p) => p.presentationId === fx.presentations[0].id)!.rounded).toBe('82.20');
  });

  it('freezes the audience group once scoring has started', async () => {
    const refused = await t.http
      .patch(api(`/groups/${audienceGroupId}`))
      .set(auth())
      .send({ weight: '0.5' })
      .expect(409);
    expect(refused.body.code).toBe('results_frozen');
  });
});

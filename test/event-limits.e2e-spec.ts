import { EVENT_LIMITS } from '../src/model/event-limits.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * An event cannot grow past what one server serves well, and whatever setup accepts, the show
 * accepts: a full rubric can still be scored.
 */
describe('event limits', () => {
  let t: TestApp;
  let fx: EventFixture;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const count = async (table: string) =>
    Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE event_id = $1`, [fx.eventId]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    const criteria = Array.from({ length: EVENT_LIMITS.criteria }, (_, i) => ({ name: `评分项${i + 1}`, maxScore: '10', step: '0.5' }));
    fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: '评委一', seatLabel: 'A1' }], criteria });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses one criterion too many with a message naming the limit, and keeps the rubric as it was', async () => {
    const response = await t.http
      .post(`/api/events/${fx.eventId}/criteria`)
      .set(auth())
      .send({ name: '多余的一项', maxScore: '10', step: '1' })
      .expect(409);
    expect(response.body).toMatchObject({
      code: 'limit_reached',
      message: `an event has at most ${EVENT_LIMITS.criteria} criteria; this one is full`,
    });
    expect(await count('criterion')).toBe(EVENT_LIMITS.criteria);
  });

  it('accepts a score for the fullest rubric setup allows', async () => {
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${fx.presentations[0].id}/stage`);
    await command(t, fx, `presentations/${fx.presentations[0].id}/open-scoring`);
    const judge = await LiveClient.connect(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    const ack = await judge.submit(
      scorePayload(
        fx,
        fx.presentations[0].id,
        fx.criteria.map(() => '5'),
      ),
    );
    judge.close();
    expect(ack).toMatchObject({ ok: true, data: { total: String(5 * EVENT_LIMITS.criteria) } });
  });

  it('refuses one judge, round or presenter too many, even when requests race', async () => {
    const post = (path: string, body: object) => t.http.post(`/api/events/${fx.eventId}/${path}`).set(auth()).send(body);
    // Fill up to the limit less one, then race five requests for the last place: one wins.
    const judgesNow = await count('judge');
    for (let i = judgesNow; i < EVENT_LIMITS.judges - 1; i++)
      await post('judges', { displayName: `评委${i}`, seatLabel: `J${i}` }).expect(201);
    const raced = await Promise.all([0, 1, 2, 3, 4].map((i) => post('judges', { displayName: `抢位${i}`, seatLabel: `R${i}` })));
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(raced.find((r) => r.status === 409)?.body).toMatchObject({ code: 'limit_reached' });
    expect(await count('judge')).toBe(EVENT_LIMITS.judges);

    for (let i = await count('round'); i < EVENT_LIMITS.rounds; i++) await post('rounds', { topic: `专题${i + 1}` }).expect(201);
    expect((await post('rounds', { topic: '多余的专题' }).expect(409)).body).toMatchObject({ code: 'limit_reached' });

    for (let i = await count('presenter'); i < EVENT_LIMITS.presenters; i++)
      await post('presenters', { title: '县委书记', unit: `单位${i}` }).expect(201);
    expect((await post('presenters', { title: '县委书记', unit: '多余的单位' }).expect(409)).body).toMatchObject({ code: 'limit_reached' });
    expect(await count('presenter')).toBe(EVENT_LIMITS.presenters);
  });
});

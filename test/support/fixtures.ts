import { randomUUID } from 'node:crypto';
import type { TestApp } from './test-app.js';

export interface JudgeFixture {
  displayName: string;
  seatLabel: string;
  conflictUnits?: string[];
}

export interface EventFixture {
  eventId: string;
  publicCode: string;
  criteria: { id: string; name: string; maxScore: string; step: string }[];
  presenters: { id: string; unit: string }[];
  roundId: string;
  presentations: { id: string; unit: string }[];
  judges: { id: string; seatLabel: string; token: string }[];
}

/**
 * Sets up an event over the REST API as an organizer would: a rubric, one round, presenters
 * speaking in the given order, and judges with their secret links.
 */
export async function createEventFixture(
  t: TestApp,
  options: {
    name?: string;
    units: string[];
    judges: JudgeFixture[];
    criteria?: { name: string; maxScore: string; step: string }[];
    token?: string;
  },
): Promise<EventFixture> {
  const auth = { Authorization: `Bearer ${options.token ?? t.adminToken}` };
  const post = async (path: string, body: object) => (await t.http.post(path).set(auth).send(body).expect(201)).body;
  const event = await post('/api/events', {
    name: options.name ?? '专题学习会',
    rule: { aggregation: { method: 'trimmed_mean', trim: 1 }, rounding: { decimals: 2, mode: 'half_up' } },
  });
  const criteria = [];
  for (const c of options.criteria ?? [
    { name: '内容', maxScore: '60', step: '0.5' },
    { name: '表达', maxScore: '40', step: '0.5' },
  ]) {
    criteria.push(await post(`/api/events/${event.id}/criteria`, c));
  }
  const round = await post(`/api/events/${event.id}/rounds`, { topic: '专题一：推动高质量发展', lecturer: '市委常委' });
  const presenters = [];
  const presentations = [];
  for (const unit of options.units) {
    const presenter = await post(`/api/events/${event.id}/presenters`, { title: '县委书记', unit });
    presenters.push({ id: presenter.id, unit });
    const presentation = await post(`/api/events/${event.id}/rounds/${round.id}/presentations`, { presenterId: presenter.id });
    presentations.push({ id: presentation.id, unit });
  }
  const judges = [];
  for (const j of options.judges) {
    const created = await post(`/api/events/${event.id}/judges`, j);
    judges.push({ id: created.judge.id, seatLabel: j.seatLabel, token: new URL(created.link).pathname.split('/').pop()! });
  }
  return { eventId: event.id, publicCode: event.publicCode, criteria, presenters, roundId: round.id, presentations, judges };
}

/** A score as the tablet sends it: one decimal string per criterion and a fresh idempotency key. */
export function scorePayload(fixture: EventFixture, presentationId: string, values: string[]) {
  return {
    idempotencyKey: randomUUID(),
    presentationId,
    values: fixture.criteria.map((c, i) => ({ criterionId: c.id, value: values[i] })),
  };
}

export async function command(t: TestApp, fixture: EventFixture, path: string, expected = 200, body: object = {}) {
  return (
    await t.http
      .post(`/api/events/${fixture.eventId}/${path}`)
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send(body)
      .expect(expected)
  ).body;
}

/** The usual start of a scoring test: the round live, the first talk on stage with scoring open. */
export async function openScoring(t: TestApp, fixture: EventFixture): Promise<void> {
  await command(t, fixture, `rounds/${fixture.roundId}/start`);
  await command(t, fixture, `presentations/${fixture.presentations[0].id}/stage`);
  await command(t, fixture, `presentations/${fixture.presentations[0].id}/open-scoring`);
}

/**
 * An event whose round has been played through: `talks` presenters each scored by every one of
 * `judges` judges and revealed. Set up over REST like any event; the scores themselves are written
 * straight into the database (a played round, not the live path, is what such a test is about).
 * `named`: the event's name and its units (one per talk), else 专题学习会 and 单位01, 单位02, ….
 */
export async function playedEventFixture(
  t: TestApp,
  size: { talks: number; judges: number },
  named: {
    name?: string;
    units?: string[];
    /** Declared on the event before its round starts (PATCH /api/events/:id). */ declare?: object;
  } = {},
): Promise<EventFixture> {
  const fx = await createEventFixture(t, {
    name: named.name,
    units: named.units ?? Array.from({ length: size.talks }, (_, i) => `单位${String(i + 1).padStart(2, '0')}`),
    judges: Array.from({ length: size.judges }, (_, i) => ({
      displayName: `评委${i + 1}`,
      seatLabel: `J${String(i + 1).padStart(2, '0')}`,
    })),
    criteria: [{ name: '总分', maxScore: '100', step: '0.5' }],
  });
  if (named.declare)
    await t.http
      .patch(`/api/events/${fx.eventId}`)
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send(named.declare)
      .expect(200);
  await command(t, fx, `rounds/${fx.roundId}/start`);
  // Scores from 60 to 99.5 on the rubric's step, the same every run.
  await t.db.query(
    `WITH s AS (
       INSERT INTO score (presentation_id, judge_id, revision, idempotency_key, total)
       SELECT p.id, j.id, 1, gen_random_uuid(), 60 + ((p.position * 37 + j.n * 11) % 80) * 0.5
         FROM presentation p, (SELECT id, row_number() OVER (ORDER BY seat_label) AS n FROM judge WHERE event_id = $1) j
        WHERE p.event_id = $1
       RETURNING id, total)
     INSERT INTO score_value (score_id, criterion_id, value) SELECT s.id, $2, s.total FROM s`,
    [fx.eventId, fx.criteria[0].id],
  );
  await t.db.query(
    `UPDATE presentation SET state = 'revealed', on_stage_at = now(), scoring_opened_at = now(), scoring_closed_at = now(), revealed_at = now() WHERE event_id = $1`,
    [fx.eventId],
  );
  // One change through the server, so that its live state (kept in memory) includes the round.
  await command(t, fx, 'screen', 200, { mode: 'round_board' });
  return fx;
}

/** A published score corrected by the organizer (更正), confirmed as the console does: the preview's confirmation sent back. */
export async function correctScore(t: TestApp, fx: EventFixture, at: { talkId: string; judgeId: string; value: string }): Promise<void> {
  const path = `/api/events/${fx.eventId}/presentations/${at.talkId}/judges/${at.judgeId}/override`;
  const auth = { Authorization: `Bearer ${t.adminToken}` };
  const body = { reason: '核对纸质评分表后更正', values: [{ criterionId: fx.criteria[0].id, value: at.value }] };
  const preview = (await t.http.post(`${path}/preview`).set(auth).send(body).expect(200)).body as { confirmation: string };
  await t.http
    .post(path)
    .set(auth)
    .send({ ...body, confirmation: preview.confirmation })
    .expect(200);
}

import type { JudgeView } from '../src/contracts/live.js';
import { command, createEventFixture, type EventFixture, openScoring, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Organizers fix mistakes with a recorded reason; nothing is overwritten and the review shows every step. */
describe('score corrections', () => {
  let t: TestApp;
  let fx: EventFixture;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const at = (judge: number) => `/api/events/${fx.eventId}/presentations/${fx.presentations[0].id}/judges/${fx.judges[judge].id}`;
  const result = async () =>
    (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/results`).set(admin()).expect(200)).body.result.presentations[0];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县'],
      judges: ['A1', 'A2', 'A3'].map((seatLabel) => ({ displayName: seatLabel, seatLabel })),
    });
    const judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    await openScoring(t, fx);
    const sheets = [
      ['50', '30'],
      ['55.5', '34.5'],
      ['52', '33.5'],
    ];
    for (const [i, judge] of judges.entries()) await judge.submit(scorePayload(fx, fx.presentations[0].id, sheets[i]));
    judges.forEach((j) => j.close());
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a correction while the judges can still amend', async () => {
    const res = await t.http
      .post(`${at(0)}/void`)
      .set(admin())
      .send({ reason: '评委误触' })
      .expect(409);
    expect(res.body.code).toBe('not_correctable');
  });

  it('needs a reason, and values that fit the rubric', async () => {
    await command(t, fx, `presentations/${fx.presentations[0].id}/close-scoring`);
    const noReason = await t.http
      .post(`${at(1)}/void`)
      .set(admin())
      .send({})
      .expect(400);
    expect(noReason.body.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    const offStep = await t.http
      .post(`${at(0)}/override`)
      .set(admin())
      .send({ reason: '录入错误', values: fx.criteria.map((c) => ({ criterionId: c.id, value: '50.3' })) })
      .expect(400);
    expect(offStep.body.code).toBe('invalid_score');
    expect(await t.db.query('SELECT id FROM score WHERE source = $1', ['organizer'])).toHaveLength(0);
  });

  it('voids and overrides as new revisions with who and why, and the result follows', async () => {
    await t.http
      .post(`${at(1)}/void`)
      .set(admin())
      .send({ reason: '评委误触，经本人确认作废' })
      .expect(200);
    // Still sealed before the reveal, for organizers too.
    expect(await result()).toBeUndefined();
    // A1 80 and A3 85.5 remain: too few to trim, so the plain mean, flagged.
    await command(t, fx, `presentations/${fx.presentations[0].id}/reveal`);
    expect(await result()).toMatchObject({ rounded: '82.75', fellBack: true });
    // The talk is revealed: the correction is previewed, then confirmed.
    const correction = {
      reason: '评委口头更正为 84 分',
      values: [
        { criterionId: fx.criteria[0].id, value: '54' },
        { criterionId: fx.criteria[1].id, value: '30' },
      ],
    };
    const { confirmation } = (
      await t.http
        .post(`${at(0)}/override/preview`)
        .set(admin())
        .send(correction)
        .expect(200)
    ).body;
    await t.http
      .post(`${at(0)}/override`)
      .set(admin())
      .send({ ...correction, confirmation })
      .expect(200);
    expect(await result()).toMatchObject({ rounded: '84.75' });

    const review = (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/review`).set(admin()).expect(200)).body;
    const lines = review.presentations[0].judges.map(
      (j: {
        seatLabel: string;
        revisions: {
          revision: number;
          source: string;
          mark: string | null;
          reason: string | null;
          voided: boolean;
          total: string;
          organizer: string | null;
        }[];
      }) => [j.seatLabel, j.revisions.map((r) => [r.revision, r.source, r.mark, r.voided, r.total, r.reason, r.organizer])],
    );
    expect(lines).toEqual([
      [
        'A1',
        [
          [1, 'judge', null, false, '80', null, null],
          [2, 'organizer', 'corrected', false, '84', '评委口头更正为 84 分', '管理员 Admin'],
        ],
      ],
      [
        'A2',
        [
          [1, 'judge', null, false, '90', null, null],
          [2, 'organizer', 'voided', true, '90', '评委误触，经本人确认作废', '管理员 Admin'],
        ],
      ],
      ['A3', [[1, 'judge', null, false, '85.5', null, null]]],
    ]);
    expect(review.presentations[0].result.judges.find((j: { label: string }) => j.label === 'A2').status).toBe('not_scored');
  });
});

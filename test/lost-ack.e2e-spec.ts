import { randomUUID } from 'node:crypto';
import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import { createEventFixture, type EventFixture, openScoring } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The connection to the database dies at COMMIT: the score landed, but the server never heard so,
 * so it neither acknowledged nor announced it. The tablet re-sends the same score; the server finds
 * it stored and, seeing a newer version than it announced, catches every screen up.
 */
describe('a change committed without an acknowledgement', () => {
  let t: TestApp;
  let fx: EventFixture;

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县'],
      judges: [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
      ],
    });
    await openScoring(t, fx);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is announced when the tablet re-sends it', async () => {
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    expect(screen.view.progress?.scored).toBe(0);
    const key = randomUUID();
    // What the lost COMMIT left behind: the score and the event's next version, announced to nobody.
    await t.db.query('BEGIN');
    const [score] = await t.db.query<{ id: string }>(
      `INSERT INTO score (presentation_id, judge_id, revision, idempotency_key, total) VALUES ($1, $2, 1, $3, 80) RETURNING id`,
      [fx.presentations[0].id, fx.judges[0].id, key],
    );
    for (const [i, criterion] of fx.criteria.entries())
      await t.db.query('INSERT INTO score_value (score_id, criterion_id, value) VALUES ($1, $2, $3)', [
        score.id,
        criterion.id,
        ['50', '30'][i],
      ]);
    await t.db.query('UPDATE event SET version = version + 1 WHERE id = $1', [fx.eventId]);
    await t.db.query('COMMIT');

    const ack = await judge.submit({
      idempotencyKey: key,
      presentationId: fx.presentations[0].id,
      values: fx.criteria.map((c, i) => ({ criterionId: c.id, value: ['50', '30'][i] })),
    });
    expect(ack).toMatchObject({ ok: true, data: { replayed: true, revision: 1 } });
    const caughtUp = await screen.waitFor((v) => v.progress?.scored === 1);
    expect(caughtUp.progress?.scoredSeats).toEqual(['A1']);
    const [{ version }] = await t.db.query<{ version: string }>('SELECT version FROM event WHERE id = $1', [fx.eventId]);
    expect(screen.latest.version).toBe(Number(version));
    screen.close();
    judge.close();
  });
});

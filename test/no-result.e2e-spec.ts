import type { ScreenView } from '../src/contracts/live.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A talk nobody can score does not stop the show: when every eligible judge is recused or absent,
 * the organizer closes it as "no result" (无成绩) with a reason, and the show goes on.
 */
describe('a talk closed with no result', () => {
  let t: TestApp;
  let fx: EventFixture;
  let screen: LiveClient<ScreenView>;
  const talk = (i: number) => fx.presentations[i].id;
  const state = async (i: number) =>
    (
      await t.db.query<{ state: string; no_result_reason: string | null }>(
        'SELECT state, no_result_reason FROM presentation WHERE id = $1',
        [talk(i)],
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市'],
      // Every judge is recused from 红安县: its talk can never be scored.
      judges: [
        { displayName: '评委一', seatLabel: 'A1', conflictUnits: ['红安县'] },
        { displayName: '评委二', seatLabel: 'A2', conflictUnits: ['红安县'] },
        { displayName: '评委三', seatLabel: 'A3', conflictUnits: ['红安县'] },
      ],
    });
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
  });

  afterAll(async () => {
    screen?.close();
    await t?.close();
  });

  it('refuses the reveal of an unscorable talk, and everything else stays blocked until it is closed', async () => {
    await command(t, fx, `rounds/${fx.roundId}/start`);
    await command(t, fx, `presentations/${talk(0)}/stage`);
    await command(t, fx, `presentations/${talk(0)}/open-scoring`);
    await command(t, fx, `presentations/${talk(0)}/close-scoring`);
    expect(await command(t, fx, `presentations/${talk(0)}/reveal`, 409)).toMatchObject({ code: 'no_scores' });
    expect(await command(t, fx, `presentations/${talk(1)}/stage`, 409)).toMatchObject({ code: 'another_presentation_active' });
    expect(await command(t, fx, `rounds/${fx.roundId}/finish`, 409)).toMatchObject({ code: 'round_unfinished' });
    expect(await command(t, fx, 'lock', 409)).toMatchObject({ code: 'presentation_active' });
  });

  it('asks for a reason, and a refused request changes nothing', async () => {
    for (const body of [{}, { reason: '' }, { reason: 'ab' }, { reason: 7 }]) {
      const response = await t.http
        .post(`/api/events/${fx.eventId}/presentations/${talk(0)}/no-result`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .send(body)
        .expect(400);
      expect(response.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'reason' }] });
    }
    expect(await state(0)).toEqual({ state: 'scoring_closed', no_result_reason: null });
  });

  it('closes it as no result with the reason on record, shows 无成绩 on the screens, and the show goes on', async () => {
    const reason = '全部评委均需回避，本场不评分';
    expect(await command(t, fx, `presentations/${talk(0)}/no-result`, 200, { reason })).toMatchObject({
      presentation: { state: 'no_result' },
    });
    expect(await state(0)).toEqual({ state: 'no_result', no_result_reason: reason });
    const view = await screen.waitFor((v) => v.stage.presentation?.state === 'no_result');
    expect(view.stage.presentation?.presenter.unit).toBe('红安县');
    expect(view.reveal).toBeNull();
    // The reason is for the record and the review, not for the projector.
    expect(JSON.stringify(view)).not.toContain(reason);
    const review = (
      await t.http
        .get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/review`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200)
    ).body;
    expect(review.noResult).toMatchObject([{ presentationId: talk(0), presenter: { unit: '红安县' }, reason }]);

    // Closed by mistake: it can be reopened while its round is live, and closed again.
    expect(await command(t, fx, `presentations/${talk(0)}/reopen-scoring`)).toMatchObject({ presentation: { state: 'scoring_open' } });
    expect(await state(0)).toEqual({ state: 'scoring_open', no_result_reason: null });
    await command(t, fx, `presentations/${talk(0)}/close-scoring`);
    await command(t, fx, `presentations/${talk(0)}/no-result`, 200, { reason });

    await command(t, fx, `presentations/${talk(1)}/stage`);
    await command(t, fx, `presentations/${talk(1)}/open-scoring`);
    for (const judge of fx.judges) {
      const client = await LiveClient.connect(t.baseUrl, { role: 'judge', token: judge.token });
      expect(await client.submit(scorePayload(fx, talk(1), ['50', '30']))).toMatchObject({ ok: true });
      client.close();
    }
    await command(t, fx, `presentations/${talk(1)}/close-scoring`);
    await command(t, fx, `presentations/${talk(1)}/reveal`);
    const board = await screen.waitFor((v) => v.stage.presentation?.state === 'revealed');
    expect(board.board?.entries.map((e) => [e.presenter.unit, e.final, e.rank, e.provisional])).toEqual([['麻城市', '80.00', 1, false]]);
    await command(t, fx, `rounds/${fx.roundId}/finish`);
    await command(t, fx, 'lock');
  });

  it('never closes a talk that has a score that counts', async () => {
    const other = await createEventFixture(t, { units: ['黄梅县'], judges: [{ displayName: '评委', seatLabel: 'A1' }] });
    await command(t, other, `rounds/${other.roundId}/start`);
    await command(t, other, `presentations/${other.presentations[0].id}/stage`);
    await command(t, other, `presentations/${other.presentations[0].id}/open-scoring`);
    const judge = await LiveClient.connect(t.baseUrl, { role: 'judge', token: other.judges[0].token });
    expect(await judge.submit(scorePayload(other, other.presentations[0].id, ['50', '30']))).toMatchObject({ ok: true });
    judge.close();
    expect(
      await command(t, other, `presentations/${other.presentations[0].id}/no-result`, 409, { reason: '汇报人身体不适' }),
    ).toMatchObject({ code: 'has_scores' });
    const [row] = await t.db.query<{ state: string }>('SELECT state FROM presentation WHERE id = $1', [other.presentations[0].id]);
    expect(row.state).toBe('scoring_open');
  });
});

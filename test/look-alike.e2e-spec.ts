import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import { createEventFixture, openScoring, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A conflict of interest cannot be dodged with look-alike text: a unit written with a zero-width
 * space, full-width letters or a direction override is the same unit.
 */
describe('look-alike names', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('recuses a judge from a unit however either of them was typed', async () => {
    const fx = await createEventFixture(t, {
      units: ['红安县', 'ＨＡ县'],
      judges: [
        { displayName: '评委\u202E一', seatLabel: 'Ａ1', conflictUnits: ['红\u200B安县 ', 'HA县'] },
        { displayName: '评委二', seatLabel: 'A2' },
      ],
    });
    const stored = await t.db.query<{ display_name: string; seat_label: string; conflict_units: string[] }>(
      'SELECT display_name, seat_label, conflict_units FROM judge ORDER BY seat_label',
    );
    expect(stored[0]).toEqual({ display_name: '评委一', seat_label: 'A1', conflict_units: ['红安县', 'HA县'] });
    expect((await t.db.query<{ unit: string }>('SELECT unit FROM presenter ORDER BY unit')).map((p) => p.unit)).toEqual(['HA县', '红安县']);

    const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    expect(judge.view.presentations.map((p) => p.recused)).toEqual([true, true]);
    await openScoring(t, fx);
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    expect(screen.view.progress?.eligibleSeats).toEqual(['A2']);
    await expect(judge.submit(scorePayload(fx, fx.presentations[0].id, ['50', '30']))).resolves.toMatchObject({
      ok: false,
      error: { code: 'recused' },
    });
    judge.close();
    screen.close();
  });
});

import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import { computeScreenView } from '../src/live/views.js';
import { EventChanges } from '../src/state/event-changes.service.js';
import { createEventFixture, type EventFixture, openScoring, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { expectMemoryMatchesDatabase } from './support/memory-check.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Scores that arrive together are written together (one transaction, a savepoint each): a panel
 * submitting at once, with some submissions refused and some re-sent, must come out exactly as if
 * each had been written alone.
 */
describe('a whole panel submitting at once', () => {
  let t: TestApp;
  let fx: EventFixture;
  const clients: LiveClient[] = [];
  const PANEL = 24;

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市'],
      judges: Array.from({ length: PANEL }, (_, i) => ({
        displayName: `评委${i + 1}`,
        seatLabel: `J${String(i + 1).padStart(2, '0')}`,
        // The last three are recused from 红安县, whose talk is being scored.
        ...(i >= PANEL - 3 ? { conflictUnits: ['红安县'] } : {}),
      })),
    });
    await openScoring(t, fx);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t?.close();
  });

  it('stores every valid score once, refuses each bad one with its own reason, and records who gave each', async () => {
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    const tablets = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    clients.push(screen, ...tablets);
    const talk = fx.presentations[0].id;
    const versionBefore = screen.latest.version;

    // Judges 1–15 score validly; 16–18 send a value above the maximum; 19–21 send validly twice at
    // once (a tablet re-sending a score it has no ack for); 22–24 are recused.
    const payloads = fx.judges.map((_, i) => scorePayload(fx, talk, i >= 15 && i < 18 ? ['60.5', '30'] : [String(40 + i), '30']));
    const sends = tablets.map((tablet, i) => tablet.submit(payloads[i]));
    const resends = tablets.slice(18, 21).map((tablet, k) => tablet.submit(payloads[18 + k]));
    const [acks, reacks] = await Promise.all([Promise.all(sends), Promise.all(resends)]);

    const valid = fx.judges.map((_, i) => i).filter((i) => i < 15 || (i >= 18 && i < 21));
    for (const i of valid) expect([i, acks[i]]).toMatchObject([i, { ok: true, data: { total: `${40 + i + 30}` } }]);
    for (let i = 15; i < 18; i++) expect([i, JSON.stringify(acks[i])]).toEqual([i, expect.stringContaining('above the maximum')]);
    for (let i = 21; i < PANEL; i++) expect([i, acks[i]]).toMatchObject([i, { ok: false, error: { code: 'recused' } }]);
    // A re-send gets the same receipt as the first send, whichever of the two was written.
    reacks.forEach((ack, k) => {
      const first = acks[18 + k];
      expect(ack.ok && first.ok && ack.data.scoreId === first.data.scoreId).toBe(true);
    });

    const rows = await t.db.query<{ judge_id: string; total: string; revision: number }>(
      'SELECT judge_id, total::text, revision FROM score WHERE presentation_id = $1 ORDER BY judge_id',
      [talk],
    );
    expect(rows).toHaveLength(valid.length);
    expect(new Set(rows.map((r) => r.judge_id))).toEqual(new Set(valid.map((i) => fx.judges[i].id)));
    expect(rows.every((r) => r.revision === 1)).toBe(true);

    // Each score's audit record names its own judge, though several were written in one transaction.
    const audit = await t.db.query<{ actor: string; judge: string }>(
      "SELECT payload->>'actor' AS actor, payload->'after'->>'judge_id' AS judge FROM audit_log WHERE chain = $1 AND payload->>'table' = 'score'",
      [fx.eventId],
    );
    expect(audit).toHaveLength(valid.length);
    for (const record of audit) expect(record.actor).toBe(`judge:${record.judge}`);

    // Every screen ends on the state of the database: 18 of 21 eligible judges, and no value.
    const changes = t.app.get(EventChanges);
    const final = (await changes.current(fx.eventId)).event.version;
    const seen = await screen.waitFor(() => screen.latest.version === final);
    expect(seen).toEqual(computeScreenView(await changes.read(fx.eventId)));
    expect(seen.progress).toMatchObject({ scored: valid.length, eligible: PANEL - 3 });
    expect(final - versionBefore).toBeGreaterThanOrEqual(1);
    expect(final - versionBefore).toBeLessThanOrEqual(valid.length);
    await expectMemoryMatchesDatabase(t, fx.eventId);
  });
});

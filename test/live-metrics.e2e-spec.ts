import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import { createEventFixture, type EventFixture, openScoring, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What an operator watches during a show (docs/operations.md): the live channel's own figures at /metrics. */
describe('live channel metrics', () => {
  let t: TestApp;
  let fx: EventFixture;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: '评委一', seatLabel: 'A1' }] });
    await openScoring(t, fx);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t?.close();
  });

  const metric = async (line: RegExp) => {
    const text = (await t.http.get('/metrics').expect(200)).text;
    return Number(line.exec(text)?.[1] ?? NaN);
  };

  it('counts sockets by role, refusals by code, submissions by outcome and times every ack', async () => {
    const viewers = await Promise.all(
      [1, 2, 3].map(() => LiveClient.connect<ScreenView>(t.baseUrl, { role: 'viewer', code: fx.publicCode })),
    );
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    clients.push(...viewers, screen, judge);
    await LiveClient.refusal(t.baseUrl, { role: 'viewer', code: 'NOSUCH' });

    await expect(metric(/^podium_live_sockets\{role="viewer"\} (\d+)$/m)).resolves.toBe(3);
    await expect(metric(/^podium_live_sockets\{role="screen"\} (\d+)$/m)).resolves.toBe(1);
    await expect(metric(/^podium_live_sockets\{role="judge"\} (\d+)$/m)).resolves.toBe(1);
    await expect(metric(/^podium_live_refusals_total\{code="screen_code_unknown"\} (\d+)$/m)).resolves.toBe(1);

    const score = scorePayload(fx, fx.presentations[0].id, ['50', '30']);
    expect((await judge.submit(score)).ok).toBe(true);
    expect((await judge.submit(score)).ok).toBe(true); // the same key again: nothing new
    expect((await judge.submit({ ...scorePayload(fx, fx.presentations[0].id, ['61', '30']) })).ok).toBe(false);
    await expect(metric(/^podium_score_submissions_total\{outcome="stored"\} (\d+)$/m)).resolves.toBe(1);
    await expect(metric(/^podium_score_submissions_total\{outcome="unchanged"\} (\d+)$/m)).resolves.toBe(1);
    await expect(metric(/^podium_score_submissions_total\{outcome="refused"\} (\d+)$/m)).resolves.toBe(1);
    await expect(metric(/^podium_live_ack_seconds_count\{event="score.submit"\} (\d+)$/m)).resolves.toBe(3);

    // Every viewer got the score's update, encoded once for the room, not once per viewer.
    await Promise.all(viewers.map((v) => v.waitFor((view) => view.progress?.scored === 1)));
    viewers[0].close();
    await expect(waitFor(() => metric(/^podium_live_sockets\{role="viewer"\} (\d+)$/m), 2)).resolves.toBe(2);
  });
});

/** Polls until `read` gives `expected` (a disconnect is counted when the server notices it). */
async function waitFor(read: () => Promise<number>, expected: number): Promise<number> {
  for (;;) {
    const value = await read();
    if (value === expected) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

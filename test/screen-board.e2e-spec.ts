import type { ScreenView } from '../src/contracts/live.js';
import { command, type EventFixture, playedEventFixture } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Any topic's board can go on the big screens at any time: topic 1's while topic 2 runs. */
describe("a chosen topic's board on the big screens", () => {
  let t: TestApp;
  let fx: EventFixture;
  let screen: LiveClient<ScreenView>;
  let second: string;

  beforeAll(async () => {
    // Where the remote halls reach this server (behind nginx, say): not the address the test talks to.
    t = await startTestApp({ PODIUM_PUBLIC_URL: 'https://podium.example.cn/' });
    fx = await playedEventFixture(t, { talks: 6, judges: 5 });
    await command(t, fx, `rounds/${fx.roundId}/finish`);
    second = (
      await t.http
        .post(`/api/events/${fx.eventId}/rounds`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .send({ topic: '专题二：全面深化改革' })
        .expect(201)
    ).body.id;
    await command(t, fx, 'programme/fill');
    await command(t, fx, `rounds/${second}/start`);
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
  });
  afterAll(async () => {
    screen?.close();
    await t?.close();
  });

  it("shows topic 1's board while topic 2 is live, and the current topic's again when asked", async () => {
    await command(t, fx, 'screen', 200, { mode: 'round_board', roundId: fx.roundId });
    const chosen = await screen.waitFor((v) => v.mode === 'round_board' && v.board?.roundId === fx.roundId);
    expect(chosen.board!.entries).toHaveLength(6);
    expect(chosen.stage.round?.id).toBe(second);

    await command(t, fx, 'screen', 200, { mode: 'round_board' });
    const current = await screen.waitFor((v) => v.board?.roundId === second);
    expect(current.board!.entries).toEqual([]);
  });

  it('follows the next presenter: staging a talk puts the stage back on the screens, from any board', async () => {
    await command(t, fx, 'screen', 200, { mode: 'standings' });
    await screen.waitFor((v) => v.mode === 'standings');
    const detail = (
      await t.http
        .get(`/api/events/${fx.eventId}`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200)
    ).body as {
      rounds: { id: string; presentations: { id: string; position: number }[] }[];
    };
    const first = detail.rounds.find((r) => r.id === second)!.presentations.find((p) => p.position === 1)!;
    await command(t, fx, `presentations/${first.id}/stage`);
    const staged = await screen.waitFor((v) => v.stage.presentation?.id === first.id);
    expect(staged.mode).toBe('stage');
  });

  it('refuses a topic of nowhere, or a topic with another mode, and changes nothing', async () => {
    const version = async () => (await t.db.query<{ version: number }>('SELECT version FROM event WHERE id = $1', [fx.eventId]))[0].version;
    const before = await version();
    await command(t, fx, 'screen', 404, { mode: 'round_board', roundId: '00000000-0000-4000-8000-000000000000' });
    const res = await command(t, fx, 'screen', 400, { mode: 'standings', roundId: fx.roundId });
    expect(res.message).toContain('round board');
    expect(await version()).toBe(before);
  });

  it('puts the QR code of the remote viewer page on the screens (viewer_qr), and takes it down again', async () => {
    await command(t, fx, 'screen', 200, { mode: 'viewer_qr' });
    expect((await screen.waitFor((v) => v.mode === 'viewer_qr')).event.publicCode).toBe(fx.publicCode);
    const [stored] = await t.db.query<{ screen_mode: string }>('SELECT screen_mode FROM event WHERE id = $1', [fx.eventId]);
    expect(stored.screen_mode).toBe('viewer_qr');
    // And back to the stage by hand (staging a talk brings it back from any mode, as above).
    await command(t, fx, 'screen', 200, { mode: 'stage' });
    await screen.waitFor((v) => v.mode === 'stage');
    // A mode the screens do not know is refused by name.
    const refused = await command(t, fx, 'screen', 400, { mode: 'qr' });
    expect(refused.message).toContain('viewer_qr');
  });

  it("gives anyone with the code the viewer page's address on the server's public URL, without a sign-in", async () => {
    const expected = { code: fx.publicCode, url: `https://podium.example.cn/live/${fx.publicCode}` };
    await expect(t.http.get(`/api/viewer-link/${fx.publicCode}`).expect(200)).resolves.toMatchObject({ body: expected });
    // Typed by hand from a poster: the code is not case-sensitive, as on the live channel.
    await expect(t.http.get(`/api/viewer-link/${fx.publicCode.toLowerCase()}`).expect(200)).resolves.toMatchObject({ body: expected });
    for (const unknown of ['NOSUCH99', 'X'.repeat(40), '%E5%A4%A7%E5%B1%8F'])
      await expect(t.http.get(`/api/viewer-link/${unknown}`).expect(404)).resolves.toMatchObject({ body: { code: 'screen_code_unknown' } });
  });
});

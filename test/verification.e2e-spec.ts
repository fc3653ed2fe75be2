import type { VerificationDto } from '../src/contracts/rest.js';
import { command, type EventFixture, playedEventFixture } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * 扫码验真 over REST: anyone (no sign-in) gets a round's revealed results recomputed from the
 * database and the chain head printed on a paper checked; a head the chain does not hold is named.
 */
describe('verifying a signed report', () => {
  let t: TestApp;
  let fx: EventFixture;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const verify = (query = '', status = 200) => t.http.get(`/api/verify/events/${fx.eventId}/rounds/${fx.roundId}${query}`).expect(status);

  beforeAll(async () => {
    t = await startTestApp();
    fx = await playedEventFixture(t, { talks: 4, judges: 5 });
  });
  afterAll(() => t?.close());

  it('recomputes the revealed results for anyone, and finds the printed head intact', async () => {
    const head = (await t.http.get(`/api/events/${fx.eventId}/audit-head`).set(auth()).expect(200)).body as {
      chain: string;
      seq: number;
      hash: string;
    };
    const checked = (await verify(`?anchor=${head.chain}:${head.seq}:${head.hash}`)).body as VerificationDto;
    const results = (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/results`).set(auth()).expect(200)).body;
    expect(checked.printed).toEqual({ anchor: head, holds: true });
    expect(checked.talks).toHaveLength(4);
    for (const p of results.result.presentations) {
      const talk = checked.talks.find((x) => x.presenter.id === p.presenterId)!;
      expect([talk.final, talk.rank]).toEqual([p.rounded, p.rank]);
      expect(talk.judges.map((j) => j.total)).toEqual(p.judges.map((j: { total: string }) => j.total));
    }
    // Later changes do not break a paper printed earlier: its head is still in the chain.
    await command(t, fx, 'screen', 200, { mode: 'standings' });
    const later = (await verify(`?anchor=${head.chain}:${head.seq}:${head.hash}`)).body as VerificationDto;
    expect(later.printed?.holds).toBe(true);
    expect(later.auditHead!.seq).toBeGreaterThan(head.seq);
  });

  it('names a printed head the chain does not hold, refuses a malformed one, and knows no other round', async () => {
    const forged = (await verify(`?anchor=${fx.eventId}:1:${'0'.repeat(64)}`)).body as VerificationDto;
    // Only that it does not hold: the real hash of record #1 is not given away.
    expect(forged.printed).toEqual({ anchor: { chain: fx.eventId, seq: 1, hash: '0'.repeat(64) }, holds: false });
    await expect(verify('?anchor=nonsense', 400).then((r) => r.body.code)).resolves.toBe('invalid_anchor');
    await expect(verify(`?anchor=global:1:${'0'.repeat(64)}`, 400).then((r) => r.body.code)).resolves.toBe('invalid_anchor');
    await t.http.get(`/api/verify/events/${fx.eventId}/rounds/${crypto.randomUUID()}`).expect(404);
    await t.http.get(`/api/verify/events/${crypto.randomUUID()}/rounds/${fx.roundId}`).expect(404);
  });
});

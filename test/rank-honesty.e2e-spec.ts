import type { EventDetailDto, RoundReviewDto, ScreenView } from '../src/contracts/index.js';
import { TieMarksFollower } from '../src/results/tie-marks.service.js';
import { boardTies, DEFAULT_RANK_HONESTY, type PodiumDocument } from '../src/scoring/index.js';
import { correctScore, createEventFixture, playedEventFixture, type EventFixture } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pairs [upper, lower] of neighbours a board marks tied, read off the entries as the screen got them. */
const markedPairs = <T extends { tiedWithNext: boolean }>(entries: readonly T[], id: (e: T) => string) =>
  entries.flatMap((e, i) => (e.tiedWithNext ? [[id(e), id(entries[i + 1])]] : []));

/**
 * Rank honesty on an event's own boards (差异在评分误差内): declared before scoring starts (off by
 * default, refused once a talk is scored), then the screens' round board and standings mark the
 * neighbours the seeded bootstrap of the judges cannot tell apart, exactly as the engine gives them
 * for the published results; an event that did not declare it shows no mark.
 */
describe('rank honesty on the round board and standings', () => {
  let t: TestApp;
  let on: EventFixture;
  let off: EventFixture;
  let screenOn: LiveClient<ScreenView>;
  let screenOff: LiveClient<ScreenView>;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const units = Array.from({ length: 8 }, (_, i) => `单位${i + 1}`);

  beforeAll(async () => {
    t = await startTestApp();
    // The same units, judges and scores: one event declares rank honesty, the other does not.
    on = await playedEventFixture(t, { talks: 8, judges: 5 }, { units, declare: { rankHonestyConfidence: 95 } });
    off = await playedEventFixture(t, { talks: 8, judges: 5 }, { units });
    screenOn = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: on.publicCode });
    screenOff = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'viewer', code: off.publicCode });
  });
  afterAll(async () => {
    screenOn?.close();
    screenOff?.close();
    await t?.close();
  });

  it('is off by default, declared in the event setup, and refused (or dropped) once scoring has started', async () => {
    const fresh = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A', seatLabel: 'A1' }] });
    const detail = async (fx: EventFixture) =>
      (await t.http.get(`/api/events/${fx.eventId}`).set(admin()).expect(200)).body as EventDetailDto;
    expect((await detail(fresh)).rankHonesty).toBeNull();
    const patch = (fx: EventFixture, body: object, status: number) =>
      t.http.patch(`/api/events/${fx.eventId}`).set(admin()).send(body).expect(status);
    await patch(fresh, { rankHonestyConfidence: 90 }, 200);
    expect((await detail(fresh)).rankHonesty).toEqual({ ...DEFAULT_RANK_HONESTY, confidence: 90 });
    await patch(fresh, { rankHonestyConfidence: 100 }, 400);
    await patch(fresh, { rankHonestyConfidence: null }, 200);
    expect((await detail(fresh)).rankHonesty).toBeNull();

    expect((await detail(on)).rankHonesty).toEqual(DEFAULT_RANK_HONESTY);
    // Scored: neither taken back, nor changed, nor declared afterwards; the same declaration again is no change.
    expect((await patch(on, { rankHonestyConfidence: null }, 409)).body.code).toBe('results_frozen');
    expect((await patch(on, { rankHonestyConfidence: 80 }, 409)).body.code).toBe('results_frozen');
    expect((await patch(off, { rankHonestyConfidence: 95 }, 409)).body.code).toBe('results_frozen');
    await patch(on, { rankHonestyConfidence: 95, name: '专题学习会（一）' }, 200);
    expect((await detail(on)).rankHonesty).toEqual(DEFAULT_RANK_HONESTY);
    expect((await detail(off)).rankHonesty).toBeNull();
  });

  it('marks on the screens exactly the neighbours the seeded bootstrap cannot tell apart, and none where it is off', async () => {
    const document = (await t.http.get(`/api/events/${on.eventId}/export`).set(admin()).expect(200)).body as PodiumDocument;
    const expected = boardTies(document, DEFAULT_RANK_HONESTY);
    // The scores leave some neighbours within the judges' spread: a test that could see no mark would prove nothing.
    expect(expected.standings.length).toBeGreaterThan(0);
    // One topic: its board and the standings rank alike, so they mark the same neighbours.
    expect(expected.rounds[on.roundId]).toHaveLength(expected.standings.length);

    const marked = await screenOn.waitFor(
      (v) => v.board !== null && v.board.entries.some((e) => e.tiedWithNext) && v.standings.some((e) => e.tiedWithNext),
    );
    expect(marked.event.rankHonesty).toEqual(DEFAULT_RANK_HONESTY);
    expect(markedPairs(marked.board!.entries, (e) => e.presentationId)).toEqual(expected.rounds[on.roundId]);
    expect(markedPairs(marked.standings, (e) => e.presenter.id)).toEqual(expected.standings);
    expect(marked.board!.entries.at(-1)!.tiedWithNext).toBe(false);
    // The console's review of the round marks the same talks.
    const review = (await t.http.get(`/api/events/${on.eventId}/rounds/${on.roundId}/review`).set(admin()).expect(200))
      .body as RoundReviewDto;
    expect(markedPairs(review.presentations, (p) => p.result.presentationId)).toEqual(expected.rounds[on.roundId]);

    // Off: once everything committed so far has been followed, still no mark on the same results.
    await t.app.get(TieMarksFollower).settled();
    await t.http.post(`/api/events/${off.eventId}/screen`).set(admin()).send({ mode: 'standings' }).expect(200);
    const plain = await screenOff.waitFor((v) => v.mode === 'standings');
    expect(plain.event.rankHonesty).toBeNull();
    expect(plain.board!.entries.map((e) => e.final)).toEqual(marked.board!.entries.map((e) => e.final));
    expect(plain.board!.entries.every((e) => !e.tiedWithNext)).toBe(true);
    expect(plain.standings.every((e) => !e.tiedWithNext)).toBe(true);
    const plainReview = (await t.http.get(`/api/events/${off.eventId}/rounds/${off.roundId}/review`).set(admin()).expect(200))
      .body as RoundReviewDto;
    expect(plainReview.presentations.every((p) => !p.tiedWithNext)).toBe(true);
  });

  it('follows a correction: the marks are those of the results published now, the same for the same results', async () => {
    await correctScore(t, on, { talkId: on.presentations[0].id, judgeId: on.judges[0].id, value: '100' });
    await t.app.get(TieMarksFollower).settled();
    const document = (await t.http.get(`/api/events/${on.eventId}/export`).set(admin()).expect(200)).body as PodiumDocument;
    const expected = boardTies(document, DEFAULT_RANK_HONESTY);
    const now = await screenOn.waitFor(
      (v) =>
        v.standings.some((e) => e.corrected) &&
        JSON.stringify(markedPairs(v.standings, (e) => e.presenter.id)) === JSON.stringify(expected.standings),
    );
    expect(markedPairs(now.board!.entries, (e) => e.presentationId)).toEqual(expected.rounds[on.roundId]);
    // Every update that carried marks carried those of the results it showed: never the old marks on new results.
    for (const u of screenOn.updates) {
      const v = u.view as ScreenView;
      const corrected = v.standings.some((e) => e.corrected);
      if (corrected && v.standings.some((e) => e.tiedWithNext))
        expect(markedPairs(v.standings, (e) => e.presenter.id)).toEqual(expected.standings);
    }
  });
});

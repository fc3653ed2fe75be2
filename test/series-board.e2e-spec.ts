import { jest } from '@jest/globals';
import type { ScreenView, SeriesBoardDto, SeriesDto, SeriesBoardRowView } from '../src/contracts/index.js';
import { EngineJobs } from '../src/results/engine-jobs.service.js';
import { SeriesBoards } from '../src/results/series-board.service.js';
import { correctScore, playedEventFixture, type EventFixture } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What the test expects of a board row, from /api/series alone. */
interface Expected {
  unit: string;
  rank: number;
  value: string;
  change: number | null;
  isNew: boolean;
  zone: 'red' | 'grey' | null;
}

const zh = new Intl.Collator('zh-CN', { numeric: true });

/**
 * The board as the test reads it off the series: the latest month's ranked units top first (equal
 * ranks by name), each one's change since the month before, and the cut lines counted in units
 * strictly above (red) or below (grey), so a tie at a line is never split.
 */
function expectedBoard(series: SeriesDto, red: number, grey: number): Expected[] {
  const ranked = series
    .filter((e) => e.events.at(-1)!.rank !== null)
    .sort((a, b) => a.events.at(-1)!.rank! - b.events.at(-1)!.rank! || zh.compare(a.unit, b.unit));
  const ranks = ranked.map((e) => e.events.at(-1)!.rank!);
  return ranked.map((e) => {
    const rank = e.events.at(-1)!.rank!;
    const before = e.events.at(-2)!.rank;
    return {
      unit: e.unit,
      rank,
      value: e.events.at(-1)!.value!,
      change: before === null ? null : before - rank,
      isNew: before === null,
      zone: ranks.filter((r) => r < rank).length < red ? 'red' : ranks.filter((r) => r > rank).length < grey ? 'grey' : null,
    };
  });
}

const shape = (row: SeriesBoardRowView): Expected => ({
  unit: row.unit,
  rank: row.rank,
  value: row.value,
  change: row.change,
  isNew: row.isNew,
  zone: row.zone,
});

/**
 * 红灰榜: three monthly events with published results; the red and grey board of the three set up on
 * the third one's screens and revealed from the bottom up, one row a step. A screen client never
 * receives a row before its turn; the cut lines and ↑↓ are the series' own; a correction in the
 * second month moves the arrows on the board.
 */
describe('the red and grey board of a series', () => {
  let t: TestApp;
  let months: EventFixture[];
  let screen: LiveClient<ScreenView>;
  let viewer: LiveClient<ScreenView>;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const host = () => months[2];
  const board = (path = '') => `/api/events/${host().eventId}/series-board${path}`;
  const ids = () => months.map((m) => m.eventId);
  const series = async () =>
    (
      await t.http
        .get(`/api/series?events=${ids().join(',')}`)
        .set(admin())
        .expect(200)
    ).body as SeriesDto;

  /** Holds the next rank-honesty bootstrap on the engine's worker until released (the real one runs then). */
  function holdNextBootstrap() {
    const engine = t.app.get(EngineJobs);
    const original = engine.pairCounts.bind(engine);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const reached = new Promise<void>((resolve) => (entered = resolve));
    const spy = jest.spyOn(engine, 'pairCounts').mockImplementationOnce(async (...args) => {
      entered();
      await gate;
      return original(...args);
    });
    return { reached, release, restore: () => spy.mockRestore() };
  }

  beforeAll(async () => {
    t = await startTestApp();
    months = [
      await playedEventFixture(t, { talks: 6, judges: 5 }),
      await playedEventFixture(t, { talks: 6, judges: 4 }),
      await playedEventFixture(t, { talks: 6, judges: 6 }),
    ];
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: host().publicCode });
    viewer = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'viewer', code: host().publicCode });
  });
  afterAll(async () => {
    screen?.close();
    viewer?.close();
    await t?.close();
  });

  it('refuses cut lines that do not fit, a series listing an event twice, and the board mode before a board', async () => {
    const refused = async (body: object, status: number, code: string) =>
      expect((await t.http.put(board()).set(admin()).send(body).expect(status)).body.code).toBe(code);
    await refused({ events: ids(), red: 4, grey: 3 }, 400, 'invalid_series_board');
    await refused({ events: [...ids(), months[0].eventId], red: 1, grey: 1 }, 400, 'invalid_series_board');
    await refused({ events: ids(), red: -1, grey: 1 }, 400, 'validation_failed');
    await refused({ events: ids(), red: 1.5, grey: 1 }, 400, 'validation_failed');
    await refused({ events: ['nope'], red: 1, grey: 1 }, 400, 'validation_failed');
    await refused({ events: [crypto.randomUUID()], red: 1, grey: 1 }, 404, 'not_found');
    const mode = await t.http.post(`/api/events/${host().eventId}/screen`).set(admin()).send({ mode: 'red_grey_board' }).expect(409);
    expect(mode.body.code).toBe('no_series_board');
    await t.http.post(board('/reveal-next')).set(admin()).send({ expectedRevealed: 0 }).expect(409);
    await t.http.post(board('/reveal-next')).set(admin()).expect(400);
    expect((await t.http.get(board()).set(admin()).expect(200)).body.board).toBeNull();
    expect(screen.view.seriesBoard).toBeNull();
  });

  it('reveals the board bottom-up, one row a step, with the series’ cut lines and arrows, never a row ahead of its turn', async () => {
    const expected = expectedBoard(await series(), 2, 2);
    expect(expected).toHaveLength(6);
    expect(expected.some((r) => r.change !== 0)).toBe(true);

    const set = (await t.http.put(board()).set(admin()).send({ events: ids(), red: 2, grey: 2 }).expect(200)).body as SeriesBoardDto;
    expect(set.board!.rows.map((r) => shape({ ...r, position: 0 }))).toEqual(expected);
    expect(set.board!.revealed).toBe(0);
    await t.http.post(`/api/events/${host().eventId}/screen`).set(admin()).send({ mode: 'red_grey_board' }).expect(200);
    const shown = await screen.waitFor((v) => v.mode === 'red_grey_board' && v.seriesBoard !== null);
    expect(shown.seriesBoard).toMatchObject({ total: 6, revealed: 0, red: 2, grey: 2, redRows: 2, greyRows: 2, rows: [], events: 3 });

    // While rows are hidden, no other ranking reaches a screen or a viewer: the host's standings would give the order away.
    const noOtherRanking = (v: ScreenView) => {
      expect(v.standings).toEqual([]);
      expect(v.board).toBeNull();
      expect(v.reveal).toBeNull();
      expect(v.correction).toBeNull();
    };
    noOtherRanking(shown);
    noOtherRanking(await viewer.waitFor((v) => v.mode === 'red_grey_board' && v.seriesBoard !== null));

    for (let step = 1; step <= 6; step++) {
      const answer = (
        await t.http
          .post(board('/reveal-next'))
          .set(admin())
          .send({ expectedRevealed: step - 1 })
          .expect(200)
      ).body as SeriesBoardDto;
      expect(answer.board!.revealed).toBe(step);
      if (step < 6) {
        // A second click of the same step (or a second organizer) is refused and reveals nothing.
        const again = await t.http
          .post(board('/reveal-next'))
          .set(admin())
          .send({ expectedRevealed: step - 1 })
          .expect(409);
        expect(again.body.code).toBe('board_moved');
        expect(((await t.http.get(board()).set(admin()).expect(200)).body as SeriesBoardDto).board!.revealed).toBe(step);
      }
      const view = await screen.waitFor((v) => v.seriesBoard?.revealed === step);
      expect(view.seriesBoard!.rows.map(shape)).toEqual(expected.slice(6 - step));
      expect(view.seriesBoard!.rows.map((r) => r.position)).toEqual([...Array(step).keys()].map((i) => 6 - step + i));
      const seen = await viewer.waitFor((v) => v.seriesBoard?.revealed === step);
      if (step < 6) for (const v of [view, seen]) noOtherRanking(v);
    }
    expect((await t.http.post(board('/reveal-next')).set(admin()).send({ expectedRevealed: 6 }).expect(409)).body.code).toBe(
      'board_revealed',
    );
    // Every row shown: the event's own rankings come back.
    expect((await screen.waitFor((v) => v.standings.length > 0)).seriesBoard!.revealed).toBe(6);
    // No update a screen or a viewer got while rows were hidden carried another ranking.
    for (const client of [screen, viewer])
      for (const u of client.updates) {
        const v = u.view as ScreenView;
        if (v.mode === 'red_grey_board' && v.seriesBoard && v.seriesBoard.revealed < v.seriesBoard.total) noOtherRanking(v);
      }

    // Every board the screen and the viewer held, and every update sent to them: one row more at a time, bottom-up.
    for (const client of [screen, viewer]) {
      const revealed = client.updates.flatMap((u) => ((u.view as ScreenView).seriesBoard ? [(u.view as ScreenView).seriesBoard!] : []));
      for (const held of revealed) expect(held.rows.map(shape)).toEqual(expected.slice(6 - held.revealed));
      const counts = revealed.map((b) => b.revealed).filter((n, i, all) => i === 0 || n !== all[i - 1]);
      expect(counts).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const patch of client.patches) {
        const sent = (patch.patch as Partial<ScreenView>).seriesBoard;
        if (sent) expect(sent.rows.map(shape)).toEqual(expected.slice(6 - sent.revealed));
      }
    }
  });

  it('follows a correction in an earlier month: the arrows move, the reveal stays where it was', async () => {
    const before = expectedBoard(await series(), 2, 2);
    // Month two's last unit has every judge's score corrected to full marks: first in month two now, so its arrow turns.
    const month = months[1];
    const last = (await series()).filter((e) => e.events[1].rank !== null).sort((a, b) => b.events[1].rank! - a.events[1].rank!)[0];
    const talk = month.presentations.find((p) => p.unit === last.unit)!;
    for (const judge of month.judges) await correctScore(t, month, { talkId: talk.id, judgeId: judge.id, value: '100' });
    const after = expectedBoard(await series(), 2, 2);
    expect(after.find((r) => r.unit === last.unit)!.change).not.toBe(before.find((r) => r.unit === last.unit)!.change);

    const followed = await screen.waitFor((v) => v.seriesBoard!.rows.every((row, i) => isDeepEqual(shape(row), after[i])));
    expect(followed.seriesBoard!.revealed).toBe(6);
    expect(followed.mode).toBe('red_grey_board');
    const stored = (await t.http.get(board()).set(admin()).expect(200)).body as SeriesBoardDto;
    expect(stored.board!.rows.map((r) => shape({ ...r, position: 0 }))).toEqual(after);
  });

  it('marks neighbours the bootstrap cannot tell apart when rank honesty is declared, the same way every time', async () => {
    const put = async () =>
      (
        (await t.http.put(board()).set(admin()).send({ events: ids(), red: 2, grey: 2, honestyConfidence: 95 }).expect(200))
          .body as SeriesBoardDto
      ).board!;
    const first = await put();
    expect(first.honesty).toEqual({ confidence: 95, resamples: 200, seed: 1 });
    // Every row but the last says whether it is tied with the one below; the last has nothing below.
    expect(first.rows.slice(0, -1).every((r) => typeof r.tiedWithBelow === 'boolean')).toBe(true);
    expect(first.rows.at(-1)!.tiedWithBelow).toBeUndefined();
    const marks = first.rows.map((r) => r.tiedWithBelow);
    expect((await put()).rows.map((r) => r.tiedWithBelow)).toEqual(marks);
    await t.http.post(board('/reveal-all')).set(admin()).expect(200);
    const shown = await screen.waitFor((v) => v.seriesBoard?.honesty !== null && v.seriesBoard?.revealed === 6);
    expect(shown.seriesBoard!.rows.map((r) => r.tiedWithBelow)).toEqual(marks);
    expect(shown.seriesBoard!.honesty).toEqual(first.honesty);
    // Declared off, no marks.
    const off = ((await t.http.put(board()).set(admin()).send({ events: ids(), red: 2, grey: 2 }).expect(200)).body as SeriesBoardDto)
      .board!;
    expect(off.honesty).toBeNull();
    expect(off.rows.every((r) => r.tiedWithBelow === undefined)).toBe(true);
    await expect(
      t.http.put(board()).set(admin()).send({ events: ids(), red: 2, grey: 2, honestyConfidence: 100 }).expect(400),
    ).resolves.toBeDefined();
  });

  it('never stores figures computed for a board that was set up again meanwhile (other cut lines, rank honesty off)', async () => {
    await t.http.put(board()).set(admin()).send({ events: ids(), red: 2, grey: 2, honestyConfidence: 95 }).expect(200);
    // The follow-up of the correction below is held in its bootstrap until the board has been set up again.
    const { reached, release, restore } = holdNextBootstrap();
    try {
      await correctScore(t, host(), { talkId: host().presentations[0].id, judgeId: host().judges[0].id, value: '1' });
      await reached;
      await t.http.put(board()).set(admin()).send({ events: ids(), red: 1, grey: 1 }).expect(200);
      release();
      await t.app.get(SeriesBoards).settled();
    } finally {
      release();
      restore();
    }
    const stored = ((await t.http.get(board()).set(admin()).expect(200)).body as SeriesBoardDto).board!;
    expect(stored).toMatchObject({ red: 1, grey: 1, honesty: null });
    expect(stored.rows.map((r) => shape({ ...r, position: 0 }))).toEqual(expectedBoard(await series(), 1, 1));
    expect(stored.rows.every((r) => r.tiedWithBelow === undefined)).toBe(true);
  });

  it('follows a correction made while the board was being set up', async () => {
    await t.http.delete(board()).set(admin()).expect(200);
    const before = await series();
    // The set-up's bootstrap waits until the correction is in: its figures are those from before it.
    const { reached, release, restore } = holdNextBootstrap();
    const lowest = host().presentations.find((p) => p.unit === expectedBoard(before, 2, 2).at(-1)!.unit)!;
    let put: Promise<unknown> = Promise.resolve();
    try {
      put = t.http.put(board()).set(admin()).send({ events: ids(), red: 2, grey: 2, honestyConfidence: 95 }).expect(200).then();
      await reached;
      for (const judge of host().judges) await correctScore(t, host(), { talkId: lowest.id, judgeId: judge.id, value: '100' });
    } finally {
      release();
      await put;
      restore();
    }
    await t.app.get(SeriesBoards).settled();
    const after = expectedBoard(await series(), 2, 2);
    expect(after[0].unit).toBe(lowest.unit);
    const stored = ((await t.http.get(board()).set(admin()).expect(200)).body as SeriesBoardDto).board!;
    expect(stored.rows.map((r) => shape({ ...r, position: 0 }))).toEqual(after);
  });

  it('starts again from nothing when set up anew, and takes the screens back to the stage when taken down', async () => {
    await t.http.put(board()).set(admin()).send({ events: ids(), red: 3, grey: 3 }).expect(200);
    const fresh = await screen.waitFor((v) => v.seriesBoard?.red === 3);
    expect(fresh.seriesBoard).toMatchObject({ revealed: 0, rows: [], redRows: 3, greyRows: 3 });
    await t.http.post(board('/reveal-all')).set(admin()).expect(200);
    expect((await screen.waitFor((v) => v.seriesBoard?.revealed === 6)).seriesBoard!.rows).toHaveLength(6);
    await t.http.delete(board()).set(admin()).expect(200);
    const down = await screen.waitFor((v) => v.seriesBoard === null);
    expect(down.mode).toBe('stage');
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

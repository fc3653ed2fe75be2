import type { ControlView, JudgeView, ScreenView } from '../src/contracts/live.js';
import { readPodiumFile } from '../src/podium-file/read-podium-file.js';
import type { ResultChange } from '../src/state/result-changes.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { expectMemoryMatchesDatabase } from './support/memory-check.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Organizer entries are never passed off as the judges' own, and a published result changes only
 * through a correction the organizer has previewed and confirmed, which every screen shows as 更正.
 * Trimmed mean (drop the highest and the lowest) over three judges A1–A3, two talks in one round.
 */
describe('organizer entries and corrections of published results', () => {
  let t: TestApp;
  let fx: EventFixture;
  let screen: LiveClient<ScreenView>;
  let control: LiveClient<ControlView>;
  let judges: LiveClient<JudgeView>[];
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const at = (talk: number, judge: number) =>
    `/api/events/${fx.eventId}/presentations/${fx.presentations[talk].id}/judges/${fx.judges[judge].id}`;
  const values = (content: string, delivery: string) => [
    { criterionId: fx.criteria[0].id, value: content },
    { criterionId: fx.criteria[1].id, value: delivery },
  ];
  const organizerRows = async () =>
    Number((await t.db.query<{ n: string }>("SELECT count(*) AS n FROM score WHERE source = 'organizer'"))[0].n);
  const line = (change: ResultChange) => [
    change.scope,
    change.presenter.unit,
    change.before && `${change.before.final}#${change.before.rank}`,
    change.after && `${change.after.final}#${change.after.rank}`,
  ];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县', '黄州区'],
      judges: ['A1', 'A2', 'A3'].map((seatLabel) => ({ displayName: `评委${seatLabel}`, seatLabel })),
    });
    judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token: t.adminToken, eventId: fx.eventId });
    await command(t, fx, `rounds/${fx.roundId}/start`);
  });

  afterAll(async () => {
    [...(judges ?? []), screen, control].forEach((c) => c?.close());
    await t?.close();
  });

  it('marks a paper sheet entered for a judge who never scored 代录 and a pre-reveal correction 更正, and answers no sealed total', async () => {
    const talk = fx.presentations[0].id;
    await command(t, fx, `presentations/${talk}/stage`);
    await command(t, fx, `presentations/${talk}/open-scoring`);
    // A1 and A2 score at once; A3's tablet is out of order: A3 signs a paper sheet.
    await Promise.all([judges[0].submit(scorePayload(fx, talk, ['50', '30'])), judges[1].submit(scorePayload(fx, talk, ['55.5', '34.5']))]);
    await command(t, fx, `presentations/${talk}/close-scoring`);

    // A preview before the reveal names nothing sealed: no changes, no confirmation to digest the judge's values into.
    const early = await t.http
      .post(`${at(0, 1)}/void/preview`)
      .set(admin())
      .send({ reason: '评委误触，经本人确认作废' })
      .expect(200);
    expect(early.body).toEqual({ mark: 'voided', published: false, changes: [], confirmation: null });

    const proxy = await t.http
      .post(`${at(0, 2)}/override`)
      .set(admin())
      .send({ reason: '平板故障，按评委签字纸质评分表代录', values: values('52', '33') })
      .expect(200);
    expect(proxy.body).toMatchObject({ mark: 'proxy', total: null, changes: [] });
    const voided = await t.http
      .post(`${at(0, 1)}/void`)
      .set(admin())
      .send({ reason: '评委误触，经本人确认作废' })
      .expect(200);
    expect(voided.body).toMatchObject({ mark: 'voided', total: null });
    const corrected = await t.http
      .post(`${at(0, 1)}/override`)
      .set(admin())
      .send({ reason: '评委本人口头更正为 90 分', values: values('55.5', '34.5') })
      .expect(200);
    expect(corrected.body).toMatchObject({ mark: 'corrected', total: null });
    // Nothing sealed leaks in any answer before the reveal.
    expect(JSON.stringify([proxy.body, voided.body, corrected.body])).not.toMatch(/"(85|90)"/);

    const console = await control.waitFor((v) => v.judges.find((j) => j.seatLabel === 'A3')?.status === 'proxy');
    expect(console.judges.map((j) => [j.seatLabel, j.status])).toEqual([
      ['A1', 'scored'],
      ['A2', 'corrected'],
      ['A3', 'proxy'],
    ]);
    // The big screen's sealed progress marks the seats too, and shows no value.
    const progress = await screen.waitFor((v) => v.progress?.entries.length === 2);
    expect(progress.progress).toMatchObject({
      scored: 3,
      entries: [
        { seatLabel: 'A2', mark: 'corrected' },
        { seatLabel: 'A3', mark: 'proxy' },
      ],
    });

    await command(t, fx, `presentations/${talk}/reveal`);
    const shown = await screen.waitFor((v) => v.reveal?.presentationId === talk);
    expect(shown.reveal!.scores.map((s) => [s.seatLabel, s.total, s.status, s.entry])).toEqual([
      ['A1', '80', 'dropped_lowest', null],
      ['A2', '90', 'dropped_highest', 'corrected'],
      ['A3', '85', 'counted', 'proxy'],
    ]);
    // Entered before the reveal: the published result itself was never corrected.
    expect(shown.reveal!.corrections).toEqual([]);
    expect(shown.board!.entries.map((e) => [e.presenter.unit, e.final, e.corrected])).toEqual([['红安县', '85.00', false]]);
    expect(shown.correction).toBeNull();
  });

  it('changes a published result only after the organizer confirmed a preview naming every rank it changes, and shows it as 更正', async () => {
    const talk = fx.presentations[1].id;
    await command(t, fx, `presentations/${talk}/stage`);
    await command(t, fx, `presentations/${talk}/open-scoring`);
    await Promise.all([
      judges[0].submit(scorePayload(fx, talk, ['52', '32'])),
      judges[1].submit(scorePayload(fx, talk, ['60', '35'])),
      judges[2].submit(scorePayload(fx, talk, ['40', '30'])),
    ]);
    await command(t, fx, `presentations/${talk}/close-scoring`);
    await command(t, fx, `presentations/${talk}/reveal`);
    await screen.waitFor((v) => v.board?.entries.length === 2);
    expect(screen.view.board!.entries.map((e) => [e.presenter.unit, e.final, e.rank])).toEqual([
      ['红安县', '85.00', 1],
      ['黄州区', '84.00', 2],
    ]);

    // Straight to a void of A3's published 70: refused, nothing stored, nothing on the screens.
    const before = await organizerRows();
    const version = screen.latest.version;
    const blind = await t.http
      .post(`${at(1, 2)}/void`)
      .set(admin())
      .send({ reason: '评委 A3 误触，经本人确认作废' })
      .expect(409);
    expect(blind.body.code).toBe('correction_unconfirmed');
    expect(await organizerRows()).toBe(before);

    // The preview names what changes: 黄州区 rises to first, 红安县 falls to second, on the board and in the standings.
    const preview = (
      await t.http
        .post(`${at(1, 2)}/void/preview`)
        .set(admin())
        .send({ reason: '评委 A3 误触，经本人确认作废' })
        .expect(200)
    ).body;
    expect(preview).toMatchObject({ mark: 'voided', published: true });
    expect(preview.changes.map(line)).toEqual([
      ['round', '黄州区', '84.00#2', '89.50#1'],
      ['round', '红安县', '85.00#1', '85.00#2'],
      ['standings', '黄州区', '84.00#2', '89.50#1'],
      ['standings', '红安县', '85.00#1', '85.00#2'],
    ]);
    expect(await organizerRows()).toBe(before);
    expect(screen.latest.version).toBe(version);

    // Meanwhile a second correction lands (A1 said 86, not 84): the first preview no longer says what would change.
    const a1 = { reason: '评委 A1 口头更正为 86 分', values: values('54', '32') };
    const a1Preview = (
      await t.http
        .post(`${at(1, 0)}/override/preview`)
        .set(admin())
        .send(a1)
        .expect(200)
    ).body;
    expect(a1Preview.changes.map(line)).toEqual([
      ['round', '黄州区', '84.00#2', '86.00#1'],
      ['round', '红安县', '85.00#1', '85.00#2'],
      ['standings', '黄州区', '84.00#2', '86.00#1'],
      ['standings', '红安县', '85.00#1', '85.00#2'],
    ]);
    // A confirmation belongs to one entry: the void's cannot store the override.
    const swapped = await t.http
      .post(`${at(1, 0)}/override`)
      .set(admin())
      .send({ ...a1, confirmation: preview.confirmation })
      .expect(409);
    expect(swapped.body.code).toBe('correction_changed');
    const stored = await t.http
      .post(`${at(1, 0)}/override`)
      .set(admin())
      .send({ ...a1, confirmation: a1Preview.confirmation })
      .expect(200);
    expect(stored.body).toMatchObject({ mark: 'corrected', total: '86', changes: a1Preview.changes });

    // The reason goes on the big screen: it is part of what was confirmed.
    const reworded = await t.http
      .post(`${at(1, 2)}/void`)
      .set(admin())
      .send({ reason: '另一个原因，未经预览', confirmation: preview.confirmation })
      .expect(409);
    expect(reworded.body.code).toBe('correction_changed');
    const stale = await t.http
      .post(`${at(1, 2)}/void`)
      .set(admin())
      .send({ reason: '评委 A3 误触，经本人确认作废', confirmation: preview.confirmation })
      .expect(409);
    expect(stale.body.code).toBe('correction_changed');
    const again = (
      await t.http
        .post(`${at(1, 2)}/void/preview`)
        .set(admin())
        .send({ reason: '评委 A3 误触，经本人确认作废' })
        .expect(200)
    ).body;
    expect(again.changes.map(line)).toEqual([
      ['round', '黄州区', '86.00#1', '90.50#1'],
      ['standings', '黄州区', '86.00#1', '90.50#1'],
    ]);
    const voided = await t.http
      .post(`${at(1, 2)}/void`)
      .set(admin())
      .send({ reason: '评委 A3 误触，经本人确认作废', confirmation: again.confirmation })
      .expect(200);
    expect(voided.body).toMatchObject({ mark: 'voided', total: '70', changes: again.changes });

    // The big screen: the lines marked, the result and the standings marked 更正, and a notice of the latest correction.
    const view = await screen.waitFor((v) => v.correction?.mark === 'voided');
    expect(view.reveal!.scores.map((s) => [s.seatLabel, s.total, s.status, s.entry])).toEqual([
      ['A1', '86', 'counted', 'corrected'],
      ['A2', '95', 'counted', null],
      ['A3', null, 'not_scored', 'voided'],
    ]);
    expect(view.reveal!.corrections.map((c) => [c.seatLabel, c.mark, c.reason])).toEqual([
      ['A1', 'corrected', '评委 A1 口头更正为 86 分'],
      ['A3', 'voided', '评委 A3 误触，经本人确认作废'],
    ]);
    expect(view.board!.entries.map((e) => [e.presenter.unit, e.final, e.rank, e.corrected])).toEqual([
      ['黄州区', '90.50', 1, true],
      ['红安县', '85.00', 2, false],
    ]);
    expect(view.standings.map((e) => [e.presenter.unit, e.rank, e.corrected])).toEqual([
      ['黄州区', 1, true],
      ['红安县', 2, false],
    ]);
    expect(view.correction).toMatchObject({
      presenter: { unit: '黄州区' },
      seatLabel: 'A3',
      mark: 'voided',
      reason: '评委 A3 误触，经本人确认作废',
      final: '90.50',
      rank: 1,
    });
    const console = await control.waitFor((v) => v.judges.find((j) => j.seatLabel === 'A3')?.status === 'voided');
    expect(console.judges.map((j) => [j.seatLabel, j.status])).toEqual([
      ['A1', 'corrected'],
      ['A2', 'scored'],
      ['A3', 'voided'],
    ]);
    // A3's own tablet does not pass the organizer's entries off as A3's.
    const tablet = await judges[2].waitFor((v) => v.presentations.find((p) => p.id === talk)?.entry === 'voided');
    expect(tablet.presentations.map((p) => [p.presenter.unit, p.myScore?.total ?? null, p.entry])).toEqual([
      ['红安县', '85', 'proxy'],
      ['黄州区', null, 'voided'],
    ]);
  });

  it('marks every organizer entry in the review and in the exported Podium file, which still recomputes', async () => {
    const review = (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/review`).set(admin()).expect(200)).body;
    const marks = review.presentations.map(
      (p: { result: { presentationId: string }; judges: { seatLabel: string; mark: string | null }[] }) => [
        fx.presentations.find((x) => x.id === p.result.presentationId)!.unit,
        p.judges.map((j) => [j.seatLabel, j.mark]),
      ],
    );
    expect(marks).toEqual([
      [
        '黄州区',
        [
          ['A1', 'corrected'],
          ['A2', null],
          ['A3', 'voided'],
        ],
      ],
      [
        '红安县',
        [
          ['A1', null],
          ['A2', 'corrected'],
          ['A3', 'proxy'],
        ],
      ],
    ]);

    const exported = (await t.http.get(`/api/events/${fx.eventId}/export`).set(admin()).expect(200)).body;
    const seat = (judgeId: string) => fx.judges.find((j) => j.id === judgeId)!.seatLabel;
    const talks = exported.rounds[0].presentations.map(
      (p: { scores: { judge: string; entered?: string; reason?: string }[]; voided?: { judge: string; reason: string }[] }) => ({
        scores: p.scores.map((s) => [seat(s.judge), s.entered ?? null, s.reason ?? null]).sort(),
        voided: (p.voided ?? []).map((v) => [seat(v.judge), v.reason]),
      }),
    );
    expect(talks).toEqual([
      {
        scores: [
          ['A1', null, null],
          ['A2', 'corrected', '评委本人口头更正为 90 分'],
          ['A3', 'proxy', '平板故障，按评委签字纸质评分表代录'],
        ],
        voided: [],
      },
      {
        scores: [
          ['A1', 'corrected', '评委 A1 口头更正为 86 分'],
          ['A2', null, null],
        ],
        voided: [['A3', '评委 A3 误触，经本人确认作废']],
      },
    ]);
    expect(readPodiumFile(JSON.stringify(exported))).toMatchObject({ ok: true });

    // The report (results, statistics) carries the same marks.
    const report = (await t.http.get(`/api/events/${fx.eventId}/report?resamples=10`).set(admin()).expect(200)).body;
    const reported = report.rounds[0].results.map((r: { presenter: { unit: string }; entries: { judge: string; mark: string }[] }) => [
      r.presenter.unit,
      r.entries.map((e) => [seat(e.judge), e.mark]).sort(),
    ]);
    expect(reported).toEqual([
      [
        '黄州区',
        [
          ['A1', 'corrected'],
          ['A3', 'voided'],
        ],
      ],
      [
        '红安县',
        [
          ['A2', 'corrected'],
          ['A3', 'proxy'],
        ],
      ],
    ]);
  });

  it('calls a later change of a paper sheet 更正, not 代录', async () => {
    const correction = { reason: '纸质评分表抄录有误，按原件更正', values: values('53', '33') };
    const { confirmation } = (
      await t.http
        .post(`${at(0, 2)}/override/preview`)
        .set(admin())
        .send(correction)
        .expect(200)
    ).body;
    const stored = await t.http
      .post(`${at(0, 2)}/override`)
      .set(admin())
      .send({ ...correction, confirmation })
      .expect(200);
    expect(stored.body).toMatchObject({ mark: 'corrected', total: '86' });
    const review = (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/review`).set(admin()).expect(200)).body;
    const talk = review.presentations.find(
      (p: { result: { presentationId: string } }) => p.result.presentationId === fx.presentations[0].id,
    );
    const a3 = talk.judges.find((j: { seatLabel: string }) => j.seatLabel === 'A3');
    expect([a3.mark, a3.revisions.map((r: { source: string; mark: string | null }) => [r.source, r.mark])]).toEqual([
      'corrected',
      [
        ['organizer', 'proxy'],
        ['organizer', 'corrected'],
      ],
    ]);
    const view = await screen.waitFor((v) => v.board?.entries.some((e) => e.presenter.unit === '红安县' && e.corrected) === true);
    expect(view.correction).toMatchObject({ presenter: { unit: '红安县' }, seatLabel: 'A3', mark: 'corrected' });
  });

  it('keeps in memory, change after change, exactly what a fresh read of the database gives', async () => {
    await expectMemoryMatchesDatabase(t, fx.eventId);
  });
});

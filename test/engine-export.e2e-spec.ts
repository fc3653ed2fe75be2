import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import type { PodiumDocument, Report } from '../src/scoring/index.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);

/**
 * The engine is the one source of results: what the server shows, what it exports, and what
 * `npx podium compute` recomputes from the export must agree to the last digit of every trace.
 */
describe('engine, export and CLI agree', () => {
  let t: TestApp;
  let fx: EventFixture;
  let revealedOnScreen: ScreenView['reveal'];
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const sheets = [
    // Totals per judge A1..A5: the first two talks tie on the trimmed mean (85) and the
    // untrimmed mean breaks it; the third talk stays sealed.
    // 红安县 80 85 85 85 90: trimmed 85, untrimmed 85. 麻城市 81 85 85 85 92: trimmed 85, untrimmed 85.6.
    [
      ['50', '30'],
      ['52', '33'],
      ['55', '30'],
      ['50', '35'],
      ['50', '40'],
    ],
    [
      ['50', '31'],
      ['53', '32'],
      ['55', '30'],
      ['45', '40'],
      ['52', '40'],
    ],
    [
      ['40', '30'],
      ['41', '30'],
      ['42', '30'],
      ['43', '30'],
      ['44', '30'],
    ],
  ];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市', '黄梅县'],
      judges: ['A1', 'A2', 'A3', 'A4', 'A5'].map((seatLabel) => ({ displayName: seatLabel, seatLabel })),
    });
    await t.http
      .patch(`/api/events/${fx.eventId}`)
      .set(admin())
      .send({ rule: { tieBreak: [{ by: 'untrimmed_mean' }, { by: 'criterion', criterion: '表达' }], minJudges: 3 } })
      .expect(200);
    const judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    await command(t, fx, `rounds/${fx.roundId}/start`);
    for (const [i, presentation] of fx.presentations.entries()) {
      await command(t, fx, `presentations/${presentation.id}/stage`);
      await command(t, fx, `presentations/${presentation.id}/open-scoring`);
      for (const [j, judge] of judges.entries())
        expect(await judge.submit(scorePayload(fx, presentation.id, sheets[i][j]))).toMatchObject({ ok: true });
      await command(t, fx, `presentations/${presentation.id}/close-scoring`);
      if (i < 2) await command(t, fx, `presentations/${presentation.id}/reveal`);
      if (i === 1) revealedOnScreen = (await screen.waitFor((v) => v.reveal?.presentationId === presentation.id)).reveal;
    }
    judges.forEach((j) => j.close());
    screen.close();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('exports the revealed talks with every raw score, and keeps the unrevealed one sealed', async () => {
    const doc = (await t.http.get(`/api/events/${fx.eventId}/export`).set(admin()).expect(200)).body as PodiumDocument;
    expect(doc).toMatchObject({
      format: 'podium',
      version: 1,
      event: { rule: { tieBreak: [{ by: 'untrimmed_mean' }, { by: 'criterion', criterion: '表达' }] } },
    });
    expect(doc.rounds[0].presentations.map((p) => p.id)).toEqual(fx.presentations.slice(0, 2).map((p) => p.id));
    expect(doc.rounds[0].presentations[0].scores).toHaveLength(5);
    expect(doc.rounds[0].complete).toBe(false);
  });

  it('recomputes, with npx podium compute on the export, exactly what the server shows', async () => {
    const doc = (await t.http.get(`/api/events/${fx.eventId}/export`).set(admin()).expect(200)).body as PodiumDocument;
    const file = join(await mkdtemp(join(tmpdir(), 'podium-export-')), 'event.json');
    await writeFile(file, JSON.stringify(doc));
    const { stdout } = await run(process.execPath, ['bin/podium.js', 'compute', file, '--resamples', '20']);
    const cli = JSON.parse(stdout) as Report;
    const server = (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/results`).set(admin()).expect(200)).body;
    const strip = ({ presenter: _presenter, entries: _entries, ...rest }: Report['rounds'][number]['results'][number]) => rest;
    expect(cli.rounds[0].results.map(strip)).toEqual(server.result.presentations);
    // 红安县 and 麻城市 tie at 85.00; the untrimmed mean (85.6 against 85) puts 麻城市 first.
    expect(
      server.result.presentations.map((p: { presentationId: string; rounded: string; rank: number }) => [
        p.presentationId,
        p.rounded,
        p.rank,
      ]),
    ).toEqual([
      [fx.presentations[1].id, '85.00', 1],
      [fx.presentations[0].id, '85.00', 2],
    ]);
    expect(server.result.presentations[0].trace.at(-1)).toMatchObject({ step: 'rank', decidedBy: 'untrimmed_mean' });
    // The big screen's reveal of 麻城市 showed the same result, rank and trace.
    const fromCli = cli.rounds[0].results.find((r) => r.presentationId === revealedOnScreen!.presentationId)!;
    expect([revealedOnScreen!.final, revealedOnScreen!.rank, revealedOnScreen!.trace]).toEqual([
      fromCli.rounded,
      fromCli.rank,
      fromCli.trace,
    ]);
  });

  it('reports statistics, standings and a rule comparison', async () => {
    const report = (
      await t.http
        .get(`/api/events/${fx.eventId}/report`)
        .query({ compare: 'mean,median', resamples: 50, seed: 3 })
        .set(admin())
        .expect(200)
    ).body as Report;
    expect(report.rounds[0].comparison?.rules).toEqual(['declared', 'mean', 'median']);
    expect(report.rounds[0].statistics.kendallW?.raters).toBe(5);
    expect(report.rounds[0].statistics.rankConfidence).toMatchObject({ seed: 3, resamples: 50 });
    const standings = (await t.http.get(`/api/events/${fx.eventId}/standings`).set(admin()).expect(200)).body;
    // Standings add round results; two equal totals share the rank (the tie-break chain is the round rule's).
    expect(standings.entries.map((e: { rounded: string; rank: number }) => [e.rounded, e.rank])).toEqual([
      ['85.00', 1],
      ['85.00', 1],
    ]);
    const bad = await t.http.get(`/api/events/${fx.eventId}/report`).query({ compare: 'best_of', resamples: 0 }).set(admin()).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['resamples']);
    const badRule = await t.http.get(`/api/events/${fx.eventId}/report`).query({ compare: 'best' }).set(admin()).expect(400);
    expect(badRule.body).toMatchObject({ code: 'invalid_rule_spec' });
  });
});

describe('every rule is selectable through the API', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    [{ method: 'mean' }, { method: 'mean' }],
    [{ method: 'sum', trim: 2 }, { method: 'sum' }],
    [{ method: 'median' }, { method: 'median' }],
    [
      { method: 'trimmed_mean', trim: 2 },
      { method: 'trimmed_mean', trim: 2 },
    ],
    [
      { method: 'diving', trim: 1, multiplier: '0.6' },
      { method: 'diving', trim: 1, multiplier: '0.6' },
    ],
    [
      {
        method: 'group_weighted',
        within: { method: 'trimmed_mean', trim: 1 },
        byGroup: [{ group: '市领导', aggregation: { method: 'mean' } }],
      },
      {
        method: 'group_weighted',
        within: { method: 'trimmed_mean', trim: 1 },
        byGroup: [{ group: '市领导', aggregation: { method: 'mean' } }],
      },
    ],
  ])('stores %p as its canonical rule', async (aggregation, stored) => {
    const event = (await t.http.post('/api/events').set(admin()).send({ name: '规则' }).expect(201)).body;
    await t.http.post(`/api/events/${event.id}/groups`).set(admin()).send({ name: '市领导', weight: '0.5' }).expect(201);
    const rule = {
      aggregation,
      normalise: true,
      minJudges: 5,
      tooFewToTrim: 'no_result',
      rounding: { decimals: 3, mode: 'half_even' },
      rankOn: 'exact',
      ranking: 'dense',
      tieBreak: [{ by: 'lowest_score' }],
    };
    const updated = (
      await t.http
        .patch(`/api/events/${event.id}`)
        .set(admin())
        .send({ rule, standings: { method: 'rank_points', points: ['10', '8', '6'], normalise: false } })
        .expect(200)
    ).body;
    expect(updated.rule).toEqual({ ...rule, aggregation: stored });
    expect(updated.standings).toMatchObject({ method: 'rank_points', points: ['10', '8', '6'] });
  });

  it('refuses a rule that names a group or criterion the event does not have', async () => {
    const event = (await t.http.post('/api/events').set(admin()).send({ name: '规则' }).expect(201)).body;
    const res = await t.http
      .patch(`/api/events/${event.id}`)
      .set(admin())
      .send({ rule: { tieBreak: [{ by: 'criterion', criterion: '不存在' }] } })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'invalid_rule' });
    expect(res.body.message).toContain('不存在');
  });
});

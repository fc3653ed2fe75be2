import type { ControlView, JudgeView, ScreenView, SignerView } from '../src/contracts/live.js';
import { command, createEventFixture, type EventFixture, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { downloadWorkbook } from './support/workbook.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * 试评: before the contest the panel scores a sample talk in a calibration round. Each judge then sees,
 * on their own tablet only, how far their marks sit from the other judges'; nothing of it counts, and
 * no screen, remote viewer, control panel, ranking or export ever shows a mark of it.
 */
describe('calibration round (试评)', () => {
  let t: TestApp;
  let fx: EventFixture;
  let calibrationId: string;
  let sampleTalk: string;
  let screen: LiveClient<ScreenView>;
  let viewer: LiveClient<ScreenView>;
  let control: LiveClient<ControlView>;
  let judges: LiveClient<JudgeView>[];
  /** The event requires a 计分员's sign-off before a reveal: the calibration's feedback waits for none, and shows them nothing. */
  let scorer: LiveClient<SignerView>;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  // Sample sheets (内容 of 60, 表达 of 40) with totals that appear nowhere else in the event.
  const sheets = [
    ['41.5', '37'], // A1: 78.5
    ['47', '36.5'], // A2: 83.5
    ['55', '36.5'], // A3: 91.5
    ['38', '28.5'], // A4: 66.5
  ];
  const sampleTotals = ['78.5', '83.5', '91.5', '66.5'];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市'],
      judges: ['A1', 'A2', 'A3', 'A4'].map((seat, i) => ({ displayName: `评委${i + 1}`, seatLabel: seat })),
    });
    const post = async (path: string, body: object, status = 201) =>
      (await t.http.post(`/api/events/${fx.eventId}/${path}`).set(auth()).send(body).expect(status)).body;
    const round = await post('rounds', { topic: '试评：示例汇报', lecturer: '', kind: 'calibration' });
    expect(round.kind).toBe('calibration');
    calibrationId = round.id;
    const sample = await post('presenters', { title: '示例', unit: '示例单位' });
    sampleTalk = (await post(`rounds/${calibrationId}/presentations`, { presenterId: sample.id })).id;
    // The calibration comes first.
    await post(`rounds/${calibrationId}/move`, { position: 1 }, 200);
    await t.http
      .patch(`/api/events/${fx.eventId}`)
      .set(auth())
      .send({ requiredSignoffs: ['scorer'] })
      .expect(200);
    const signer = await post('signers', { role: 'scorer', displayName: '计分员' });
    scorer = await LiveClient.connect<SignerView>(t.baseUrl, { role: 'signer', token: new URL(signer.link).pathname.split('/').pop()! });
    screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    viewer = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'viewer', code: fx.publicCode });
    control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token: t.adminToken, eventId: fx.eventId });
    judges = await Promise.all(fx.judges.map((j) => LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: j.token })));
  });

  afterAll(async () => {
    [screen, viewer, control, scorer, ...(judges ?? [])].forEach((c) => c?.close());
    await t?.close();
  });

  it('refuses a kind that does not exist, naming the choices, and changes nothing', async () => {
    const refused = await t.http
      .patch(`/api/events/${fx.eventId}/rounds/${calibrationId}`)
      .set(auth())
      .send({ kind: 'practice' })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('kind must be contest or calibration');
    const [row] = await t.db.query<{ kind: string }>('SELECT kind FROM round WHERE id = $1', [calibrationId]);
    expect(row.kind).toBe('calibration');
  });

  it('runs the sample talk like any other: the whole panel scores at once, the screens see only who has scored', async () => {
    await command(t, fx, `rounds/${calibrationId}/start`);
    await command(t, fx, `presentations/${sampleTalk}/stage`);
    await command(t, fx, `presentations/${sampleTalk}/open-scoring`);
    await Promise.all(judges.map((j) => j.waitFor((v) => v.stage.presentation?.state === 'scoring_open')));
    expect(judges[0].view.stage.round).toMatchObject({ kind: 'calibration' });
    const acks = await Promise.all(judges.map((j, i) => j.submit(scorePayload(fx, sampleTalk, sheets[i]))));
    expect(acks.map((a) => a.ok && a.data.total)).toEqual(sampleTotals);
    await screen.waitFor((v) => v.progress?.scored === 4);
    // Before the feedback is released, no judge has any.
    expect(judges.map((j) => j.view.calibration)).toEqual([[], [], [], []]);
  });

  it('once released, shows each judge privately where their marks sit among the others’, exactly', async () => {
    await command(t, fx, `presentations/${sampleTalk}/close-scoring`);
    await command(t, fx, `presentations/${sampleTalk}/reveal`);
    const views = await Promise.all(judges.map((j) => j.waitFor((v) => v.calibration.length === 1)));
    // A1 gave 78.5; the others 83.5, 91.5, 66.5: median 83.5, 5 below it; two gave more, one less.
    expect(views[0].calibration[0]).toEqual({
      presentationId: sampleTalk,
      feedback: {
        others: 3,
        total: { mine: '78.5', othersMedian: '83.5', othersLowest: '66.5', othersHighest: '91.5', difference: '-5' },
        higher: 2,
        lower: 1,
        criteria: [
          { criterionId: fx.criteria[0].id, mine: '41.5', othersMedian: '47', othersLowest: '38', othersHighest: '55', difference: '-5.5' },
          {
            criterionId: fx.criteria[1].id,
            mine: '37',
            othersMedian: '36.5',
            othersLowest: '28.5',
            othersHighest: '36.5',
            difference: '0.5',
          },
        ],
      },
    });
    // A3 gave 91.5; the others 78.5, 83.5, 66.5: median 78.5, 13 above.
    expect(views[2].calibration[0].feedback?.total).toMatchObject({ mine: '91.5', othersMedian: '78.5', difference: '13' });
    expect(views[2].calibration[0].feedback).toMatchObject({ higher: 0, lower: 3 });
    // A4's total (66.5) is nobody else's median, lowest or highest but A4's own and the others' lowest:
    // A2 sees 66.5 as the lowest of the others, yet never learns who gave it; A4 alone sees its criteria.
    expect(views.map((v) => v.calibration[0].feedback?.criteria[0].mine)).toEqual(['41.5', '47', '55', '38']);
  });

  it('publishes nothing of it: no screen, viewer or control panel ever received a mark, a reveal, a board or a standing', async () => {
    await screen.waitFor((v) => v.stage.presentation?.state === 'revealed');
    await viewer.waitFor((v) => v.stage.presentation?.state === 'revealed');
    await control.waitFor((v) => v.stage.presentation?.state === 'revealed');
    await scorer.waitFor((v) => v.stage.presentation?.state === 'revealed');
    expect(scorer.updates.every((u) => (u.view as SignerView).talk === null)).toBe(true);
    for (const client of [screen, viewer, control, scorer]) {
      const everything = JSON.stringify(client.patches);
      for (const total of sampleTotals) expect(everything).not.toContain(`"${total}"`);
      expect(client.updates.every((u) => (u.view as ScreenView).reveal === null)).toBe(true);
      expect(client.updates.every((u) => (u.view as ScreenView).board === null)).toBe(true);
      expect(client.updates.every((u) => (u.view as ScreenView).standings.length === 0)).toBe(true);
    }
  });

  it('is fixed once started: it cannot be turned into a contest topic', async () => {
    const refused = await t.http
      .patch(`/api/events/${fx.eventId}/rounds/${calibrationId}`)
      .set(auth())
      .send({ kind: 'contest' })
      .expect(409);
    expect(refused.body.code).toBe('round_started');
  });

  it('counts nowhere: the contest that follows ranks without it, and no export, review or verification carries it', async () => {
    await command(t, fx, `rounds/${calibrationId}/finish`);
    await command(t, fx, `rounds/${fx.roundId}/start`);
    const talk = fx.presentations[0].id;
    await command(t, fx, `presentations/${talk}/stage`);
    await command(t, fx, `presentations/${talk}/open-scoring`);
    await Promise.all(
      judges.map((j) => j.waitFor((v) => v.stage.presentation?.id === talk && v.stage.presentation.state === 'scoring_open')),
    );
    const acks = await Promise.all(
      judges.map((j, i) =>
        j.submit(
          scorePayload(
            fx,
            talk,
            [
              ['50', '30'],
              ['52', '31'],
              ['49', '32'],
              ['51', '33'],
            ][i],
          ),
        ),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await command(t, fx, `presentations/${talk}/close-scoring`);
    // A contest talk does wait for the 计分员, who now sees it.
    await command(t, fx, `presentations/${talk}/reveal`, 409);
    const signed = await scorer.waitFor((v) => v.talk?.presentationId === talk);
    const ack = await scorer.socket
      .timeout(120_000)
      .emitWithAck('signoff.submit', { presentationId: talk, verdict: 'confirm', digest: signed.talk!.digest });
    expect(ack.ok).toBe(true);
    await command(t, fx, `presentations/${talk}/reveal`);
    const shown = await screen.waitFor((v) => v.standings.length === 1);
    expect(shown.standings[0].presenter.unit).toBe('红安县');
    expect(shown.standings[0].rounds.map((r) => r.roundId)).toEqual([fx.roundId]);
    // The judge's feedback belongs to the calibration round: the contest's tablet view has none.
    expect(judges[0].view.calibration).toEqual([]);

    const get = async (path: string, status = 200) => (await t.http.get(path).set(auth()).expect(status)).body;
    const standings = await get(`/api/events/${fx.eventId}/standings`);
    expect(JSON.stringify(standings)).not.toContain(calibrationId);
    const exported = await get(`/api/events/${fx.eventId}/export`);
    expect(exported.rounds.map((r: { id: string }) => r.id)).toEqual([fx.roundId]);
    const review = await get(`/api/events/${fx.eventId}/rounds/${calibrationId}/review`);
    expect(JSON.stringify(review)).not.toMatch(/"(78\.5|83\.5|91\.5|66\.5)"/);
    await t.http.get(`/api/verify/events/${fx.eventId}/rounds/${calibrationId}`).expect(404);
    const workbook = await downloadWorkbook(t, `/api/events/${fx.eventId}/export.xlsx`, '成绩');
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
    expect(cells.join('|')).not.toContain('试评');
    for (const total of sampleTotals) expect(cells).not.toContain(total);
  });
});

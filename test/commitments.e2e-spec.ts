import type ExcelJS from 'exceljs';
import type { CommitmentDeliveryDto, CommitmentDto, CommitmentsDto, UnitFollowUpDto, UnitLinkDto } from '../src/contracts/rest.js';
import { command, createEventFixture, type EventFixture, playedEventFixture } from './support/fixtures.js';
import { dateIn } from '../src/common/calendar-date.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { downloadWorkbook } from './support/workbook.js';

/**
 * Commitments followed up (承诺—落实): recorded after a talk by the organizer or by the presenter's
 * unit through its own link, progress reported with evidence and dates for weeks after the event
 * (locked or not), overdue judged against a given day, the follow-up board, and the Excel sheet.
 * Every refusal names its reason and changes nothing.
 */
describe('commitments followed up', () => {
  let t: TestApp;
  let fx: EventFixture;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const path = (p: string, eventId = fx.eventId) => `/api/events/${eventId}${p}`;
  const list = async (asOf?: string, eventId = fx.eventId) =>
    (
      await t.http
        .get(path(`/commitments${asOf ? `?asOf=${asOf}` : ''}`, eventId))
        .set(auth())
        .expect(200)
    ).body as CommitmentsDto;
  const record = (body: object, status = 201, eventId = fx.eventId) =>
    t.http.post(path('/commitments', eventId)).set(auth()).send(body).expect(status);
  const unitLink = async (unit: string, eventId = fx.eventId) =>
    new URL(((await t.http.post(path('/unit-links', eventId)).set(auth()).send({ unit }).expect(201)).body as UnitLinkDto).link!).pathname
      .split('/')
      .pop()!;
  const unitView = async (token: string, asOf?: string) =>
    (await t.http.get(`/api/unit/${token}${asOf ? `?asOf=${asOf}` : ''}`).expect(200)).body as UnitFollowUpDto;
  const talkOf = (unit: string, f = fx) => f.presentations.find((p) => p.unit === unit)!.id;
  const rows = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  /** A refusal: the status and code, and nothing stored. */
  const refused = async (request: () => Promise<{ status: number; body: { code: string } }>, status: number, code: string) => {
    const before = [await rows('commitment'), await rows('commitment_update')];
    const res = await request();
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect([await rows('commitment'), await rows('commitment_update')]).toEqual(before);
  };

  /** The 承诺落实 sheet, cell by cell, against the JSON list it was taken from. */
  const expectCommitmentRows = (ws: ExcelJS.Worksheet, json: CommitmentsDto) => {
    expect(ws.getCell(1, 1).value).toContain(`截至 ${json.asOf}`);
    const label = { open: ['未报进展', '推进中'], overdue: ['逾期未落实'], done: ['已落实'], done_late: ['逾期落实'] };
    expect(ws.rowCount).toBe(2 + json.commitments.length);
    json.commitments.forEach((c, i) => {
      const row = (ws.getRow(3 + i).values as unknown[]).slice(1);
      const latest = c.updates.at(-1);
      expect(row.slice(0, 8)).toEqual([
        `${c.roundPosition}. ${c.topic}`,
        c.order,
        c.unit,
        c.presenterTitle,
        c.presenterName,
        c.text,
        c.owner,
        c.dueOn,
      ]);
      expect(label[c.followUp]).toContain(row[8]);
      expect(row[8] === '未报进展').toBe(c.status === null && c.followUp === 'open');
      expect(row.slice(9)).toEqual([
        c.doneOn ?? '',
        latest?.progress ?? '',
        latest?.evidence ?? '',
        latest?.reportedOn ?? '',
        c.updates.length,
      ]);
      const red = (ws.getRow(3 + i).getCell(1).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb === 'FFFDE2E2';
      expect(red).toBe(c.followUp === 'overdue');
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    // Three talks of topic 1 presented and revealed.
    fx = await playedEventFixture(t, { talks: 3, judges: 3 });
  });
  afterAll(() => t?.close());

  it('records what a presenter committed to after the talk, not before it', async () => {
    const fresh = await createEventFixture(t, {
      name: '下一场',
      units: ['单位01', '单位02'],
      judges: [{ displayName: '评委', seatLabel: 'A1' }],
    });
    await refused(
      () =>
        t.http
          .post(path('/commitments', fresh.eventId))
          .set(auth())
          .send({ presentationId: fresh.presentations[0].id, text: '招商', owner: '县长', dueOn: '2026-06-30' }),
      409,
      'talk_not_presented',
    );
    await command(t, fresh, `rounds/${fresh.roundId}/start`);
    await command(t, fresh, `presentations/${fresh.presentations[0].id}/stage`);
    const made = (
      await record({ presentationId: fresh.presentations[0].id, text: '招商', owner: '县长', dueOn: '2026-06-30' }, 201, fresh.eventId)
    ).body as CommitmentDto;
    expect(made).toMatchObject({
      unit: '单位01',
      text: '招商',
      owner: '县长',
      dueOn: '2026-06-30',
      status: null,
      by: 'organizer',
      updates: [],
    });
    // The other talk still waits.
    await refused(
      () =>
        t.http
          .post(path('/commitments', fresh.eventId))
          .set(auth())
          .send({ presentationId: fresh.presentations[1].id, text: '招商', owner: '县长', dueOn: '2026-06-30' }),
      409,
      'talk_not_presented',
    );
    await t.http
      .delete(path(`/commitments/${made.id}`, fresh.eventId))
      .set(auth())
      .expect(204);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const good = { presentationId: talkOf('单位01'), text: '建成产业园', owner: '副县长 张三', dueOn: '2026-06-30' };
    const post = (body: object) => () => t.http.post(path('/commitments')).set(auth()).send(body);
    for (const [body, field] of [
      [{ ...good, text: '   ' }, 'text'],
      [{ ...good, owner: '' }, 'owner'],
      [{ ...good, dueOn: '2026-02-30' }, 'dueOn'],
      [{ ...good, dueOn: '30/06/2026' }, 'dueOn'],
      [{ ...good, dueOn: undefined }, 'dueOn'],
      [{ ...good, presentationId: 'nope' }, 'presentationId'],
    ] as const) {
      await refused(post(body), 400, 'validation_failed');
      const res = await post(body)();
      expect((res.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([field]);
    }
    await refused(post({ ...good, presentationId: '00000000-0000-4000-8000-000000000000' }), 404, 'not_found');
  });

  it('gives each unit a link that sees and reports on its own commitments only', async () => {
    const mine = (
      await record({ presentationId: talkOf('单位01'), text: '三个月内完成产业链图谱', owner: '县委办主任', dueOn: '2026-03-31' })
    ).body as CommitmentDto;
    const theirs = (await record({ presentationId: talkOf('单位02'), text: '建成数字乡村示范点', owner: '副县长', dueOn: '2026-04-30' }))
      .body as CommitmentDto;
    const token = await unitLink('单位01');

    const view = await unitView(token);
    expect(view.unit).toBe('单位01');
    expect(view.commitments.map((c) => c.id)).toEqual([mine.id]);
    expect(view.talks.map((x) => x.presentationId)).toEqual([talkOf('单位01')]);

    // The unit records a commitment of its own talk, and reports progress with evidence.
    const own = (
      await t.http
        .post(`/api/unit/${token}/commitments`)
        .send({ presentationId: talkOf('单位01'), text: '每月通报进度', owner: '县委督查室', dueOn: '2026-12-31' })
        .expect(201)
    ).body as CommitmentDto;
    expect(own.by).toBe('unit');
    const reported = (
      await t.http
        .post(`/api/unit/${token}/commitments/${mine.id}/updates`)
        .send({ status: 'in_progress', progress: '已完成摸底', evidence: '摸底表', reportedOn: '2026-02-01' })
        .expect(201)
    ).body as CommitmentDto;
    expect(reported.updates).toMatchObject([
      { status: 'in_progress', progress: '已完成摸底', evidence: '摸底表', reportedOn: '2026-02-01', by: 'unit' },
    ]);

    // Another unit's commitment and talk are not found through this link.
    await refused(
      () => t.http.post(`/api/unit/${token}/commitments/${theirs.id}/updates`).send({ status: 'in_progress', progress: '冒充' }),
      404,
      'not_found',
    );
    await refused(
      () =>
        t.http
          .post(`/api/unit/${token}/commitments`)
          .send({ presentationId: talkOf('单位02'), text: '冒充', owner: '某人', dueOn: '2026-12-31' }),
      404,
      'not_found',
    );
    // Delivery needs evidence; no report speaks of a day to come.
    await refused(
      () => t.http.post(`/api/unit/${token}/commitments/${mine.id}/updates`).send({ status: 'done', progress: '完成' }),
      400,
      'evidence_required',
    );
    await refused(
      () =>
        t.http
          .post(`/api/unit/${token}/commitments/${mine.id}/updates`)
          .send({ status: 'done', progress: '完成', evidence: '文件', reportedOn: '2099-01-01' }),
      400,
      'date_in_future',
    );
    await refused(
      () => t.http.post(`/api/unit/${token}/commitments/${mine.id}/updates`).send({ status: 'finished', progress: '完成' }),
      400,
      'validation_failed',
    );

    // The audit log names the unit's link as the actor, and never holds the link.
    const audit = await t.db.query<{ payload: { actor: string } }>(
      "SELECT payload FROM audit_log WHERE payload->>'table' = 'commitment_update' AND payload->>'row' = $1",
      [reported.updates[0].id],
    );
    expect(audit.map((a) => a.payload.actor)).toEqual([expect.stringMatching(/^unit:/)]);
    expect(await rows(`audit_log WHERE payload::text LIKE '%${token}%'`)).toBe(0);
  });

  it('refuses a revoked or replaced unit link', async () => {
    const first = await unitLink('单位03');
    await unitView(first);
    const second = await unitLink('单位03');
    await refused(() => t.http.get(`/api/unit/${first}`), 401, 'unit_link_invalid');
    await unitView(second);
    const links = (await t.http.get(path('/unit-links')).set(auth()).expect(200)).body as UnitLinkDto[];
    expect(links.find((l) => l.unit === '单位03')!.link).toContain(second);
    await t.http.post(path('/unit-links/revoke')).set(auth()).send({ unit: '单位03' }).expect(200);
    await refused(() => t.http.get(`/api/unit/${second}`), 401, 'unit_link_invalid');
    await refused(
      () =>
        t.http
          .post(`/api/unit/${second}/commitments`)
          .send({ presentationId: talkOf('单位03'), text: '招商', owner: '县长', dueOn: '2026-12-31' }),
      401,
      'unit_link_invalid',
    );
    expect(
      ((await t.http.get(path('/unit-links')).set(auth()).expect(200)).body as UnitLinkDto[]).find((l) => l.unit === '单位03')!.link,
    ).toBeNull();
    await t.http.post(path('/unit-links')).set(auth()).send({ unit: '不存在的县' }).expect(404);
  });

  it('keeps both of two progress reports sent at once', async () => {
    const c = (await record({ presentationId: talkOf('单位02'), text: '一季度开工', owner: '县发改局', dueOn: '2026-03-31' }))
      .body as CommitmentDto;
    const token = await unitLink('单位02');
    const [a, b] = await Promise.all([
      t.http
        .post(`/api/unit/${token}/commitments/${c.id}/updates`)
        .send({ status: 'in_progress', progress: '完成立项', reportedOn: '2026-01-10' }),
      t.http
        .post(path(`/commitments/${c.id}/updates`))
        .set(auth())
        .send({ status: 'in_progress', progress: '完成环评', reportedOn: '2026-01-10' }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [stored] = (await list()).commitments.filter((x) => x.id === c.id);
    expect(stored.updates.map((u) => u.progress).sort()).toEqual(['完成环评', '完成立项']);
  });

  it('turns a commitment red the day after its deadline until delivered, and counts the board', async () => {
    const c = (await record({ presentationId: talkOf('单位03'), text: '五月底前建成', owner: '县住建局', dueOn: '2026-05-31' }))
      .body as CommitmentDto;
    const at = async (asOf: string) => (await list(asOf)).commitments.find((x) => x.id === c.id)!.followUp;
    expect(await at('2026-05-31')).toBe('open');
    expect(await at('2026-06-01')).toBe('overdue');
    await t.http
      .post(path(`/commitments/${c.id}/updates`))
      .set(auth())
      .send({ status: 'done', progress: '已建成', evidence: '验收单', reportedOn: '2026-06-03' })
      .expect(201);
    expect(await at('2026-06-01')).toBe('done_late');

    const board = await list('2026-04-15');
    const expected = (unit: string) => {
      const mine = board.commitments.filter((x) => x.unit === unit);
      return {
        unit,
        total: mine.length,
        done: mine.filter((x) => x.followUp.startsWith('done')).length,
        doneLate: mine.filter((x) => x.followUp === 'done_late').length,
        open: mine.filter((x) => x.followUp === 'open').length,
        overdue: mine.filter((x) => x.followUp === 'overdue').length,
      };
    };
    // 单位01: due 03-31 (in progress: overdue) and 12-31 (open); 单位02: 04-30 (open), 03-31 (overdue); 单位03: 05-31 done late.
    expect(board.byUnit).toEqual([
      { unit: '单位01', total: 2, done: 0, doneLate: 0, open: 1, overdue: 1 },
      { unit: '单位02', total: 2, done: 0, doneLate: 0, open: 1, overdue: 1 },
      { unit: '单位03', total: 1, done: 1, doneLate: 1, open: 0, overdue: 0 },
    ]);
    expect(board.byUnit).toEqual(['单位01', '单位02', '单位03'].map(expected));
    expect(board.total).toEqual({ total: 5, done: 1, doneLate: 1, open: 2, overdue: 2 });
    expect(board.byRound).toEqual([{ roundId: fx.roundId, roundPosition: 1, topic: '专题一：推动高质量发展', ...board.total }]);
    expect(board.timeZone).toBe('Asia/Shanghai');
  });

  it('holds in the Excel sheet exactly what the JSON says', async () => {
    const asOf = '2026-04-15';
    const json = await list(asOf);
    const book: ExcelJS.Workbook = await downloadWorkbook(t, path(`/commitments.xlsx?asOf=${asOf}`), '承诺落实');
    expectCommitmentRows(book.getWorksheet('承诺落实')!, json);
    const board = book.getWorksheet('落实统计')!;
    json.byUnit.forEach((u, i) => {
      expect((board.getRow(3 + i).values as unknown[]).slice(1)).toEqual([u.unit, u.total, u.done, u.doneLate, u.open, u.overdue]);
    });
    const totalRow = (board.getRow(3 + json.byUnit.length).values as unknown[]).slice(1);
    expect(totalRow).toEqual(['合计', json.total.total, json.total.done, json.total.doneLate, json.total.open, json.total.overdue]);
  });

  it('carries the same 承诺落实 sheet in the event’s main export, as of today in PODIUM_TIME_ZONE', async () => {
    const today = dateIn('Asia/Shanghai', new Date());
    const json = await list();
    expect(json.asOf).toBe(today);
    // Past deadlines not delivered are overdue today; 五月底前建成 was delivered late.
    expect(json.commitments.map((c) => c.followUp)).toContain('overdue');
    expect(json.commitments.map((c) => c.followUp)).toContain('done_late');
    const book = await downloadWorkbook(t, path('/export.xlsx'), '成绩');
    const ws = book.getWorksheet('承诺落实')!;
    expectCommitmentRows(ws, json);
    // Row for row what commitments.xlsx of the same day holds.
    const alone = (await downloadWorkbook(t, path('/commitments.xlsx'), '承诺落实')).getWorksheet('承诺落实')!;
    expect(ws.getSheetValues()).toEqual(alone.getSheetValues());
    // One round's export carries that round's commitments only: here, all of them (one round).
    const round = await downloadWorkbook(t, path(`/rounds/${fx.roundId}/export.xlsx`), '成绩');
    expect(round.getWorksheet('承诺落实')!.getSheetValues()).toEqual(alone.getSheetValues());
  });

  it('keeps follow-up open after the event is locked, the commitments themselves as recorded', async () => {
    const c = (await record({ presentationId: talkOf('单位01'), text: '锁定前记录', owner: '县长', dueOn: '2026-09-30' }))
      .body as CommitmentDto;
    await t.http.post(path('/lock')).set(auth()).expect(200);
    await refused(
      () =>
        t.http
          .post(path('/commitments'))
          .set(auth())
          .send({ presentationId: talkOf('单位01'), text: '锁定后', owner: '县长', dueOn: '2026-09-30' }),
      409,
      'event_locked',
    );
    await refused(
      () =>
        t.http
          .patch(path(`/commitments/${c.id}`))
          .set(auth())
          .send({ dueOn: '2027-09-30' }),
      409,
      'event_locked',
    );
    await refused(() => t.http.delete(path(`/commitments/${c.id}`)).set(auth()), 409, 'event_locked');
    const token = await unitLink('单位01');
    const done = (
      await t.http
        .post(`/api/unit/${token}/commitments/${c.id}/updates`)
        .send({ status: 'done', progress: '已完成', evidence: '会议纪要', reportedOn: '2026-09-01' })
        .expect(201)
    ).body as CommitmentDto;
    expect(done.followUp).toBe('done');
    expect((await list()).locked).toBe(true);
  });

  it("shows a unit's earlier commitments on its next event's link and report", async () => {
    const next = await createEventFixture(t, {
      name: '第二次专题学习会',
      units: ['单位01', '单位04'],
      judges: [{ displayName: '评委', seatLabel: 'A1' }],
    });
    const token = await unitLink('单位01', next.eventId);
    const view = await unitView(token, '2026-04-15');
    const earlier = (await list('2026-04-15')).commitments.filter((c) => c.unit === '单位01');
    expect(view.commitments.map((c) => c.id)).toEqual(earlier.map((c) => c.id));
    expect(view.talks.map((x) => x.presented)).toEqual([false]);

    // Its link reports on an earlier event's commitment (that event locked, follow-up open).
    const open = earlier.find((c) => c.followUp !== 'done')!;
    await t.http
      .post(`/api/unit/${token}/commitments/${open.id}/updates`)
      .send({ status: 'in_progress', progress: '持续推进' })
      .expect(201);

    const delivery = (await t.http.get(path('/commitments/delivery?asOf=2026-04-15', next.eventId)).set(auth()).expect(200))
      .body as CommitmentDeliveryDto;
    expect(delivery.units.map((u) => [u.unit, u.events, u.total])).toEqual([
      ['单位01', 1, earlier.length],
      ['单位04', 0, 0],
    ]);
    // The earlier event's own report has nothing earlier.
    const own = (await t.http.get(path('/commitments/delivery')).set(auth()).expect(200)).body as CommitmentDeliveryDto;
    expect(own.units.every((u) => u.total === 0)).toBe(true);
  });

  // Last: it leaves a change made behind the audit trail's back.
  it('is covered by the audit trail: verify agrees with every commitment, and finds one changed behind its back', async () => {
    const verify = async () =>
      (await t.http.get('/api/audit/verify').set(auth()).expect(200)).body as { problems: { problem: string; detail: string }[] };
    await expect(verify()).resolves.toMatchObject({ problems: [] });
    const [{ id }] = await t.db.query<{ id: string }>('SELECT id FROM commitment LIMIT 1');
    await t.db.query('ALTER TABLE commitment DISABLE TRIGGER audit_commitment');
    await t.db.query(`UPDATE commitment SET due_on = '2030-01-01' WHERE id = $1`, [id]);
    await t.db.query('ALTER TABLE commitment ENABLE TRIGGER audit_commitment');
    const { problems } = await verify();
    expect(problems).toContainEqual(expect.objectContaining({ problem: 'changed_outside', detail: expect.stringContaining(id) }));
  });
});

import type { EventDetailDto, SetupImportDto } from '../src/contracts/rest.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { downloadWorkbook } from './support/workbook.js';

/**
 * The Excel template round trip, as an organizer does it: download the template, fill it (with
 * Excel's habits and a few mistakes), see every problem by sheet, row and column with nothing
 * imported, fix them, import everything in one change.
 */
describe('setup from an Excel template', () => {
  let t: TestApp;
  let eventId: string;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const detail = async () => (await t.http.get(`/api/events/${eventId}`).set(auth()).expect(200)).body as EventDetailDto;

  beforeAll(async () => {
    t = await startTestApp();
    eventId = (await t.http.post('/api/events').set(auth()).send({ name: '专题学习会' }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  const template = () => downloadWorkbook(t, `/api/events/${eventId}/setup/template.xlsx`, '专题学习会 设置导入模板.xlsx');

  /** The template filled as an organizer would; `mistakes` adds rows that must be refused. */
  async function filled(mistakes: boolean): Promise<Buffer> {
    const book = await template();
    const sheet = (name: string) => book.getWorksheet(name)!;
    // Full-width digits and stray spaces, as typed with a Chinese input method; a number stored as a number.
    sheet('评分细则').addRow(['思路举措 ', '６０', '0.5']);
    sheet('评分细则').addRow(['现场表达', 40, 0.5, null, '1']);
    sheet('评委组').addRow(['市领导', '2']);
    sheet('汇报人').addRow(['红安县', '县委书记']);
    sheet('汇报人').addRow(['麻城市', '市委书记']);
    sheet('汇报人').addRow(['黄梅县', '县委书记', '']);
    sheet('专题').addRow(['专题一：推动高质量发展', '市委常委、常务副市长']);
    sheet('专题').addRow(['专题二：全面深化改革']);
    sheet('评委').addRow(['A1', '评委一', '市领导']);
    sheet('评委').addRow(['A2', '评委二', null, '红安县、麻城市']);
    sheet('评委').addRow(['A3', '评委三']);
    if (mistakes) {
      sheet('评分细则').addRow(['现场表达', '40', '0.5']); // row 4: the same name again
      sheet('评分细则').addRow(['作风形象', '10', 'abc']); // row 5: a step that is not a number
      sheet('评委').addRow(['A4', '评委四', '专家组']); // row 5: no such group
      sheet('评委').addRow(['A5', '评委五', null, '红安']); // row 6: no such unit
      sheet('评委').addRow(['A1', '评委六']); // row 7: a seat taken
    }
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  const upload = (path: 'import' | 'import/preview', file: Buffer, fill = false) =>
    t.http
      .post(`/api/events/${eventId}/setup/${path}`)
      .set(auth())
      .field('fill', String(fill))
      .attach('file', file, { filename: '设置.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

  it('offers a template with a sheet per part of the setup and Chinese headers', async () => {
    const book = await template();
    expect(book.worksheets.map((ws) => ws.name)).toEqual(['评分细则', '评委组', '评委', '汇报人', '专题']);
    expect((book.getWorksheet('评委')!.getRow(1).values as unknown[]).slice(1)).toEqual(['席位', '姓名', '评委组', '回避单位']);
  });

  it('names every problem by sheet, row and column, and imports nothing', async () => {
    const before = await detail();
    const file = await filled(true);
    const preview = (await upload('import/preview', file).expect(200)).body as SetupImportDto;
    const where = preview.problems.map((p) => [p.sheet, p.row, p.column]);
    expect(where).toEqual(
      expect.arrayContaining([
        ['评分细则', 4, null],
        ['评分细则', 5, '步长'],
        ['评委', 5, '评委组'],
        ['评委', 6, '回避单位'],
        ['评委', 7, null],
      ]),
    );
    expect(preview.problems).toHaveLength(5);
    expect(preview.problems.find((p) => p.row === 6)).toMatchObject({ kind: 'unknown_units', params: { units: '红安' } });
    expect(await detail()).toEqual(before);

    const refused = await upload('import', file).expect(400);
    expect(refused.body.code).toBe('invalid_import');
    expect(refused.body.fields).toHaveLength(5);
    expect(refused.body.fields).toContainEqual({
      field: '评分细则 · 第 5 行 · 步长',
      problems: [expect.stringContaining('step')],
      kinds: ['invalid'],
    });
    expect(await detail()).toEqual(before);
  });

  it('imports a corrected workbook as one change, with every presenter in every topic', async () => {
    const before = await detail();
    const done = (await upload('import', await filled(false), true).expect(200)).body as SetupImportDto;
    expect(done).toMatchObject({
      applied: true,
      problems: [],
      counts: { criteria: 2, groups: 1, judges: 3, presenters: 3, topics: 2, talks: 6 },
    });
    expect(done.judges.map((j) => j.judge.seatLabel)).toEqual(['A1', 'A2', 'A3']);
    expect(done.judges.every((j) => j.link.includes('/judge/'))).toBe(true);
    const after = await detail();
    expect(after.version).toBe(before.version + 1);
    expect(after.criteria.map((c) => [c.name, c.maxScore, c.step])).toEqual([
      ['思路举措', '60', '0.5'],
      ['现场表达', '40', '0.5'],
    ]);
    const a1 = after.judges.find((j) => j.seatLabel === 'A1')!;
    expect(after.groups.find((g) => g.id === a1.groupId)).toMatchObject({ name: '市领导', weight: '2' });
    expect(after.judges.find((j) => j.seatLabel === 'A2')!.conflictUnits).toEqual(['红安县', '麻城市']);
    expect(after.rounds.map((r) => [r.topic, r.lecturer, r.presentations.length])).toEqual([
      ['专题一：推动高质量发展', '市委常委、常务副市长', 3],
      ['专题二：全面深化改革', '', 3],
    ]);
    // The same workbook again: everything is there already, each row says so, nothing changes.
    const again = (await upload('import/preview', await filled(false)).expect(200)).body as SetupImportDto;
    expect(again.problems.length).toBeGreaterThanOrEqual(11);
    expect(await detail()).toEqual(after);
  });

  it('refuses what is not a workbook, and a missing file, naming the problem', async () => {
    const notExcel = (await upload('import/preview', Buffer.from('座位,姓名\nA1,评委一')).expect(200)).body as SetupImportDto;
    expect(notExcel.problems[0]).toMatchObject({ kind: 'not_excel', message: expect.stringContaining('not an Excel workbook') });
    const none = await t.http.post(`/api/events/${eventId}/setup/import`).set(auth()).field('fill', 'false').expect(400);
    expect(none.body.message).toContain('"file"');
  });
});

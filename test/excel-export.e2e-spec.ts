import ExcelJS from 'exceljs';
import type { ReportDto } from '../src/contracts/rest.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as podium } from '../src/cli/podium-cli.js';
import type { PodiumDocument } from '../src/scoring/index.js';
import { exact } from '../src/scoring/index.js';
import { type EventFixture, playedEventFixture } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { downloadWorkbook } from './support/workbook.js';

/** What `podium compute` prints for a file: the independent check an auditor runs on the JSON export. */
async function podiumCompute(document: PodiumDocument): Promise<{
  rounds: {
    roundId: string;
    results: {
      presentationId: string;
      rounded: string | null;
      rank: number | null;
      sharedWith: string[];
      judges: { judgeId: string; total: string | null; status: string }[];
    }[];
  }[];
  standings: { entries: { presenterId: string; rounded: string; rank: number }[] };
}> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-xlsx-'));
  try {
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify(document));
    let printed = '';
    const code = await podium(['compute', file, '--resamples', '1'], (text) => (printed += text));
    expect(code).toBe(0);
    return JSON.parse(printed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A cell's value as the engine's decimal text would compare: numbers exactly, blanks as null. */
const decimal = (cell: ExcelJS.Cell) => (typeof cell.value === 'number' ? exact(String(cell.value)) : null);

describe('the Excel export', () => {
  let t: TestApp;
  let fx: EventFixture;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
    fx = await playedEventFixture(t, { talks: 6, judges: 7 });
    // A published result corrected after a preview, with a reason that looks like a formula.
    const at = `/api/events/${fx.eventId}/presentations/${fx.presentations[2].id}/judges/${fx.judges[3].id}`;
    const correction = {
      reason: '=HYPERLINK("http://example.com","纸质评分表")',
      values: [{ criterionId: fx.criteria[0].id, value: '61' }],
    };
    const { confirmation } = (await t.http.post(`${at}/override/preview`).set(admin()).send(correction).expect(200)).body;
    await t.http
      .post(`${at}/override`)
      .set(admin())
      .send({ ...correction, confirmation })
      .expect(200);
  });
  afterAll(() => t?.close());

  const download = (path: string) => downloadWorkbook(t, path, '专题学习会');

  it('holds every judge total, dropped mark, result, rank and 并列 exactly as podium compute gives them from the JSON export', async () => {
    const book = await download(`/api/events/${fx.eventId}/export.xlsx`);
    const document = (await t.http.get(`/api/events/${fx.eventId}/export`).set(admin()).expect(200)).body as PodiumDocument;
    const computed = await podiumCompute(document);
    const results = computed.rounds[0].results;

    const summary = book.worksheets[0];
    expect(summary.name).toContain('汇总');
    const header = (summary.getRow(2).values as unknown[]).slice(1) as string[];
    const judgeLabels = header.slice(6, 6 + document.judges.length);
    expect(new Set(judgeLabels)).toEqual(new Set(document.judges.map((j) => j.label)));
    const labelToId = new Map(document.judges.map((j) => [j.label, j.id]));
    const units = new Map(document.presenters.map((p) => [p.id, p.unit]));
    let checked = 0;
    results.forEach((result, i) => {
      const row = summary.getRow(3 + i);
      expect(row.getCell(1).value).toBe(result.rank);
      expect(row.getCell(2).value).toBe(result.sharedWith.length ? '并列' : '');
      expect(row.getCell(4).value).toBe(units.get(document.rounds[0].presentations.find((p) => p.id === result.presentationId)!.presenter));
      judgeLabels.forEach((label, k) => {
        const line = result.judges.find((l) => l.judgeId === labelToId.get(label))!;
        const cell = row.getCell(7 + k);
        expect([label, decimal(cell)?.toString() ?? null]).toEqual([label, line.total === null ? null : exact(line.total).toString()]);
        expect([label, cell.font?.strike === true]).toEqual([label, line.status.startsWith('dropped')]);
        checked++;
      });
      const final = row.getCell(7 + judgeLabels.length + 1);
      expect(decimal(final)?.toString()).toBe(exact(result.rounded!).toString());
      // Shown with the decimals the engine gave, not Excel's default.
      expect(final.numFmt).toBe(result.rounded!.includes('.') ? `0.${'0'.repeat(result.rounded!.split('.')[1].length)}` : '0');
    });
    expect(checked).toBe(6 * 7);

    const standings = book.getWorksheet('总成绩')!;
    computed.standings.entries.forEach((entry, i) => {
      const row = standings.getRow(3 + i);
      expect(row.getCell(1).value).toBe(entry.rank);
      expect(row.getCell(3).value).toBe(units.get(entry.presenterId));
      expect(decimal(row.getCell(6 + computed.rounds.length))?.toString()).toBe(exact(entry.rounded).toString());
    });
  });

  it('lists every revision with its reason, which stays text however it begins', async () => {
    const book = await download(`/api/events/${fx.eventId}/rounds/${fx.roundId}/export.xlsx`);
    const record = book.getWorksheet('修订记录')!;
    const rows = record.getRows(3, record.rowCount - 2) ?? [];
    // 6 talks × 7 judges, plus the one correction.
    expect(rows).toHaveLength(43);
    const corrected = rows.find((r) => r.getCell(8).value === '更正')!;
    expect(corrected.getCell(9).value).toBe('=HYPERLINK("http://example.com","纸质评分表")');
    expect(corrected.getCell(9).type).toBe(ExcelJS.ValueType.String);
    expect(decimal(corrected.getCell(6))?.toString()).toBe('61');
    // The detail sheet marks the corrected line and gives its reason.
    const detail = book.worksheets.find((ws) => ws.name.includes('明细'))!;
    const marked = detail.getRows(3, detail.rowCount - 2)!.filter((r) => r.getCell(detail.getRow(2).cellCount - 1).value === '更正');
    expect(marked).toHaveLength(1);
  });

  it('has a judge statistics sheet with the review’s figures for every judge', async () => {
    const book = await download(`/api/events/${fx.eventId}/export.xlsx`);
    const panel = book.getWorksheet('评委统计')!;
    const report = (await t.http.get(`/api/events/${fx.eventId}/report?resamples=1`).set(admin()).expect(200)).body as ReportDto;
    const judges = report.rounds[0].statistics.judges;
    const rows = panel.getRows(3, panel.rowCount - 2)!;
    expect(rows).toHaveLength(judges.length);
    for (const j of judges) {
      const row = rows.find((r) => r.getCell(2).value === j.label)!;
      expect(row.getCell(3).value).toBe(j.scored);
      expect(row.getCell(4).value).toBe(j.meanOffset === null ? null : Number(j.meanOffset.toFixed(2)));
      expect(row.getCell(7).value).toBe(j.outliers.length);
    }
    expect(rows[0].getCell(8).value).toEqual(expect.stringMatching(/^ICC\(2,1\) -?\d\.\d\d，Kendall W \d\.\d\d$/));
  });

  it('refuses a round of another event, and a stranger', async () => {
    await t.http.get(`/api/events/${fx.eventId}/rounds/00000000-0000-4000-8000-000000000000/export.xlsx`).set(admin()).expect(404);
    await t.http.get(`/api/events/${fx.eventId}/export.xlsx`).expect(401);
  });
});

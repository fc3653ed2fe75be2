import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { WorkbookProblemDto as WorkbookProblem } from '../contracts/rest.js';

/** One sheet of the setup template: its Chinese name, and each column's key and header. */
interface SheetSpec<K extends string> {
  name: string;
  hint: string;
  columns: readonly { key: K; header: string; hint: string; required?: boolean }[];
}

/** The setup template's sheets, in the order an organizer fills them. */
export const SETUP_SHEETS = {
  criteria: {
    name: '评分细则',
    hint: '每行一个评分项；满分、步长为数字，最低分默认 0，权重默认 1',
    columns: [
      { key: 'name', header: '评分项', hint: '如：思路举措', required: true },
      { key: 'maxScore', header: '满分', hint: '如：60', required: true },
      { key: 'step', header: '步长', hint: '如：0.5', required: true },
      { key: 'minScore', header: '最低分', hint: '可空，默认 0' },
      { key: 'weight', header: '权重', hint: '可空，默认 1' },
    ],
  },
  groups: {
    name: '评委组',
    hint: '可不填；分组加权时每组一行',
    columns: [
      { key: 'name', header: '评委组', hint: '如：市领导', required: true },
      { key: 'weight', header: '权重', hint: '可空，默认 1' },
    ],
  },
  judges: {
    name: '评委',
    hint: '每行一位评委；席位在大屏上显示',
    columns: [
      { key: 'seatLabel', header: '席位', hint: '如：A1', required: true },
      { key: 'displayName', header: '姓名', hint: '如：评委 张三', required: true },
      { key: 'group', header: '评委组', hint: '可空；须是「评委组」表或本活动已有的组' },
      { key: 'conflictUnits', header: '回避单位', hint: '可空；多个用顿号（、）分隔，须是汇报人的单位' },
    ],
  },
  presenters: {
    name: '汇报人',
    hint: '每行一位汇报人',
    columns: [
      { key: 'unit', header: '单位', hint: '如：红安县', required: true },
      { key: 'title', header: '职务', hint: '如：县委书记', required: true },
      { key: 'name', header: '姓名', hint: '可空' },
    ],
  },
  topics: {
    name: '专题',
    hint: '每行一个专题，按顺序',
    columns: [
      { key: 'topic', header: '专题', hint: '如：专题一：推动高质量发展', required: true },
      { key: 'lecturer', header: '主讲', hint: '可空，如：市委常委、常务副市长' },
    ],
  },
} as const satisfies Record<string, SheetSpec<string>>;

export type SetupSheet = keyof typeof SETUP_SHEETS;
type KeyOf<S extends SetupSheet> = (typeof SETUP_SHEETS)[S]['columns'][number]['key'];

/** A filled row of one sheet: its 1-based row number in the sheet, and its cells as text (empty cells left out). */
export interface SetupRow<S extends SetupSheet> {
  row: number;
  values: Partial<Record<KeyOf<S>, string>>;
}

export type SetupRows = { [S in SetupSheet]: SetupRow<S>[] };

export type { WorkbookProblem };

/** The template to download: every sheet with its headers, each header with a note saying what goes in. */
export function setupTemplate(eventName: string): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Podium';
  book.title = `${eventName} 设置导入模板`;
  for (const spec of Object.values(SETUP_SHEETS) as SheetSpec<string>[]) {
    const ws = book.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = ws.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    spec.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.note = `${c.required ? '必填' : '可空'}：${c.hint}`;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFFE9B3' : 'FFEFEFEF' } };
      ws.getColumn(i + 1).width = c.key === 'topic' ? 40 : Math.max(12, c.header.length * 2 + 4);
      // Everything typed below is text: a seat 01 stays 01, a step 0.5 stays 0.5.
      ws.getColumn(i + 1).numFmt = '@';
    });
  }
  return book;
}

/**
 * Reads a filled template. Tolerant of Excel's habits: numbers stored as text or as numbers,
 * spaces around a value, full-width digits; never of ambiguity: an unknown or repeated header, a
 * missing required column, a date or a formula error where text belongs are problems. Sheets not
 * in the template are ignored; a template sheet left out counts as empty.
 */
export async function readSetupWorkbook(content: Buffer): Promise<{ rows: SetupRows; problems: WorkbookProblem[] }> {
  const book = new ExcelJS.Workbook();
  const problems: WorkbookProblem[] = [];
  const rows = { criteria: [], groups: [], judges: [], presenters: [], topics: [] } as SetupRows;
  const notWorkbook = (problem: Pick<WorkbookProblem, 'kind' | 'params' | 'message'>) => ({
    rows,
    problems: [{ sheet: '', row: null, column: null, ...problem }],
  });
  const notExcel = {
    kind: 'not_excel' as const,
    params: {},
    message: 'this is not an Excel workbook (.xlsx); download the template and fill it in',
  };
  // What the file unpacks to is checked before it is unpacked: a small upload may inflate to gigabytes.
  let unpacked: number;
  try {
    unpacked = await unpackedSize(content);
  } catch {
    return notWorkbook(notExcel);
  }
  if (unpacked > MAX_UNPACKED_BYTES)
    return notWorkbook({
      kind: 'too_large',
      params: { mb: MAX_UNPACKED_BYTES / 1024 / 1024 },
      message: `the workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; a filled template is far smaller`,
    });
  try {
    await book.xlsx.load(content as unknown as Parameters<typeof book.xlsx.load>[0]);
  } catch {
    return notWorkbook(notExcel);
  }
  for (const [key, spec] of Object.entries(SETUP_SHEETS) as [SetupSheet, SheetSpec<string>][]) {
    const ws = book.getWorksheet(spec.name);
    if (!ws) continue;
    const columns = new Map<number, string>();
    const seen = new Set<string>();
    ws.getRow(1).eachCell((cell, col) => {
      const header = cellText(cell).text;
      if (!header) return;
      const column = spec.columns.find((c) => c.header === header);
      if (!column)
        problems.push({
          sheet: spec.name,
          row: 1,
          column: header,
          kind: 'unknown_column',
          params: { header },
          message: `unknown column "${header}"`,
        });
      else if (seen.has(column.key))
        problems.push({
          sheet: spec.name,
          row: 1,
          column: header,
          kind: 'duplicate_column',
          params: { header },
          message: `column "${header}" appears twice`,
        });
      else {
        seen.add(column.key);
        columns.set(col, column.key);
      }
    });
    for (const c of spec.columns.filter((c) => c.required && !seen.has(c.key))) {
      problems.push({
        sheet: spec.name,
        row: 1,
        column: c.header,
        kind: 'missing_column',
        params: { header: c.header },
        message: `the column "${c.header}" is missing`,
      });
    }
    if (ws.actualRowCount > MAX_ROWS + 1) {
      problems.push({
        sheet: spec.name,
        row: null,
        column: null,
        kind: 'too_many_rows',
        params: { max: MAX_ROWS },
        message: `more than ${MAX_ROWS} rows; an event holds far fewer`,
      });
      continue;
    }
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values: Record<string, string> = {};
      for (const [col, k] of columns) {
        const { text, problem } = cellText(row.getCell(col));
        const header = spec.columns.find((c) => c.key === k)!.header;
        if (problem) problems.push({ sheet: spec.name, row: n, column: header, ...problem });
        else if (text) values[k] = text;
      }
      if (Object.keys(values).length > 0) (rows[key] as SetupRow<SetupSheet>[]).push({ row: n, values });
    });
  }
  if (problems.length === 0 && Object.values(rows).every((r) => r.length === 0))
    problems.push({
      sheet: '',
      row: null,
      column: null,
      kind: 'empty',
      params: {},
      message: 'the workbook has nothing to import: fill in the template’s sheets',
    });
  return { rows, problems };
}

/** A filled template unpacks to well under a megabyte; this bounds what a hostile upload can cost. */
const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
/** More rows than any event may hold of anything (src/model/event-limits.ts: at most 300 talks). */
const MAX_ROWS = 500;

/** The workbook's size unpacked, read from its zip directory without unpacking anything. */
async function unpackedSize(content: Buffer): Promise<number> {
  const zip = await JSZip.loadAsync(content, { checkCRC32: false });
  let total = 0;
  zip.forEach((_, entry) => {
    // JSZip keeps each entry's declared size in its (untyped) compressed-object record.
    total += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  return total;
}

type CellProblem = Pick<WorkbookProblem, 'kind' | 'params' | 'message'>;
const cellProblem = (kind: WorkbookProblem['kind'], message: string, params: CellProblem['params'] = {}): CellProblem => ({
  kind,
  params,
  message,
});

/** A cell as the text it shows: numbers as written, full-width digits and spaces folded. */
function cellText(cell: ExcelJS.Cell): { text: string; problem?: CellProblem } {
  const value = cell.value;
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: fold(value) };
  if (typeof value === 'number') return { text: fold(numberText(value)) };
  if (typeof value === 'boolean')
    return { text: '', problem: cellProblem('boolean_cell', 'a true/false value where text or a number belongs') };
  if (value instanceof Date)
    return { text: '', problem: cellProblem('date_cell', 'a date where text or a number belongs (format the column as text)') };
  if ('richText' in value) return { text: fold(value.richText.map((r) => r.text).join('')) };
  if ('error' in value)
    return {
      text: '',
      problem: cellProblem('error_cell', `the cell shows an error (${String(value.error)})`, { error: String(value.error) }),
    };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'string') return { text: fold(result) };
    if (typeof result === 'number') return { text: fold(numberText(result)) };
    return { text: '', problem: cellProblem('formula_without_value', 'a formula without a value; type the value itself') };
  }
  if ('text' in value) return { text: fold(String((value as { text: unknown }).text)) };
  return { text: '', problem: cellProblem('unreadable_cell', 'a value that is neither text nor a number') };
}

/** A number as its shortest exact text (0.5, 60, not 60.000000001). */
function numberText(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/** Full-width digits and letters to ordinary ones, for values typed with a Chinese input method; spaces trimmed. */
function fold(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0E]/g, (ch) => ch.normalize('NFKC')).trim();
}

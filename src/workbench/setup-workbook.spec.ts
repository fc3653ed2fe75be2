import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readSetupWorkbook, setupTemplate } from './setup-workbook.js';

const bytes = async (book: ExcelJS.Workbook) => Buffer.from(await book.xlsx.writeBuffer());

describe('reading a filled setup template', () => {
  it('reads numbers stored as numbers or text, full-width digits and stray spaces as meant', async () => {
    const book = setupTemplate('测试');
    book.getWorksheet('评分细则')!.addRow([' 思路举措 ', '６０．５', 0.5]);
    const { rows, problems } = await readSetupWorkbook(await bytes(book));
    expect(problems).toEqual([]);
    expect(rows.criteria).toEqual([{ row: 2, values: { name: '思路举措', maxScore: '60.5', step: '0.5' } }]);
  });

  it('refuses a sheet of more rows than any event holds, without reading them one by one', async () => {
    const book = setupTemplate('测试');
    const sheet = book.getWorksheet('汇报人')!;
    for (let i = 0; i < 600; i++) sheet.addRow([`单位${i}`, '县委书记']);
    const { rows, problems } = await readSetupWorkbook(await bytes(book));
    expect(rows.presenters).toEqual([]);
    expect(problems).toEqual([
      {
        sheet: '汇报人',
        row: null,
        column: null,
        kind: 'too_many_rows',
        params: { max: 500 },
        message: 'more than 500 rows; an event holds far fewer',
      },
    ]);
  });

  it('refuses a small upload that would unpack to a huge one, before unpacking it', async () => {
    const zip = await JSZip.loadAsync(await bytes(setupTemplate('测试')));
    zip.file('xl/padding.xml', Buffer.alloc(30 * 1024 * 1024, 0x20));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { problems } = await readSetupWorkbook(bomb);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'too_large', params: { mb: 20 }, message: expect.stringContaining('unpacks to more than 20 MB') }),
    ]);
  });

  it('names an unknown or repeated header and a missing required column', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('评委').addRow(['席位', '席位', '电话']);
    const { problems } = await readSetupWorkbook(await bytes(book));
    expect(problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['评委', 1, '席位'],
      ['评委', 1, '电话'],
      ['评委', 1, '姓名'],
    ]);
  });
});

import ExcelJS from 'exceljs';
import type { TestApp } from './test-app.js';

/**
 * Downloads an Excel workbook from the API as the organizer `token` and opens it, checking that it
 * comes as one and under a file name containing `named` (percent-encoded, as RFC 6266 carries it).
 */
export async function downloadWorkbook(t: TestApp, path: string, named: string, token = t.adminToken): Promise<ExcelJS.Workbook> {
  const res = await t.http
    .get(path)
    .set({ Authorization: `Bearer ${token}` })
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toContain(encodeURIComponent(named));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as unknown as Parameters<typeof book.xlsx.load>[0]);
  return book;
}

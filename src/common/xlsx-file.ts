import { StreamableFile } from '@nestjs/common';

/** An Excel workbook as a download, its (Chinese) file name carried as RFC 6266 allows. */
export function xlsx({ name, content }: { name: string; content: Buffer }): StreamableFile {
  return new StreamableFile(content, {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    disposition: `attachment; filename="podium.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

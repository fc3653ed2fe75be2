import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { badRequest } from '../common/api-error.js';
import { Optional } from '../common/input-decorators.js';
import type { Organizer } from '../model/organizer.entity.js';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { SetupImport } from './setup-import.service.js';
import { setupTemplate } from './setup-workbook.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A filled template is a few dozen kilobytes; this leaves room for pictures pasted in by mistake. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export class SetupImportOptionsDto {
  /** Also put every presenter into every topic that has not finished (as POST …/programme/fill). */
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  fill?: boolean;
}

interface Upload {
  buffer: Buffer;
  size: number;
}

/** The organizer's workbench: setup in and out as Excel. */
@ApiTags('workbench')
@ApiBearerAuth()
@Controller('api/events/:eventId/setup')
export class WorkbenchController {
  constructor(
    private readonly access: EventAccess,
    private readonly setupImport: SetupImport,
  ) {}

  @Get('template.xlsx')
  @ApiOperation({ summary: 'The setup template: 评分细则, 评委组, 评委, 汇报人, 专题, with Chinese headers and notes' })
  async template(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    const event = await this.access.manage(actor, eventId);
    const content = Buffer.from(await setupTemplate(event.name).xlsx.writeBuffer());
    return new StreamableFile(content, {
      type: XLSX,
      disposition: `attachment; filename="podium-setup.xlsx"; filename*=UTF-8''${encodeURIComponent(`${event.name} 设置导入模板.xlsx`)}`,
    });
  }

  @Post('import/preview')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'What importing the filled template would do, with every problem by sheet, row and column; keeps nothing' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  preview(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @UploadedFile() file: Upload | undefined,
    @Body() options: SetupImportOptionsDto,
  ) {
    return this.setupImport.run(actor, eventId, uploaded(file), { apply: false, fill: options.fill ?? false });
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Import the filled template in one transaction: everything, or nothing and every problem named' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  import(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @UploadedFile() file: Upload | undefined,
    @Body() options: SetupImportOptionsDto,
  ) {
    return this.setupImport.run(actor, eventId, uploaded(file), { apply: true, fill: options.fill ?? false });
  }
}

function uploaded(file: Upload | undefined): Buffer {
  if (!file || file.size === 0) throw badRequest('bad_request', 'attach the filled template as the form field "file"');
  return file.buffer;
}

import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import type { ServerInfoDto } from '../contracts/rest.js';

/** What the console needs to know about this server (signed-in organizers). */
@ApiTags('health')
@ApiBearerAuth()
@Controller('api/server')
export class ServerInfoController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Where judge links and QR codes point, and whether tablets in the hall can reach it' })
  info(): ServerInfoDto {
    return {
      publicUrl: this.config.publicUrl,
      publicUrlSource: this.config.publicUrlSource,
      otherAddresses: this.config.lanAddresses.slice(this.config.publicUrlSource === 'detected' ? 1 : 0),
    };
  }
}

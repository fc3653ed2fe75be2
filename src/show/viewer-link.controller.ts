import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ViewerLinkDto } from '../contracts/rest.js';
import { Public } from '../organizers/auth.decorators.js';
import { ShowService } from './show.service.js';

/**
 * The address of the remote viewer page (分课堂), for anyone who holds the public code: the big
 * screen's QR code must point at the server's public URL, not at whatever address the screen used.
 */
@ApiTags('show')
@Controller('api/viewer-link')
export class ViewerLinkController {
  constructor(private readonly show: ShowService) {}

  @Public()
  @Get(':code')
  @ApiOperation({ summary: 'The public URL of the remote viewer page (/live/<code>) of the event with this public code' })
  link(@Param('code') code: string): Promise<ViewerLinkDto> {
    return this.show.viewerLink(code);
  }
}

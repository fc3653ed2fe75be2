import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Organizer } from '../model/organizer.entity.js';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import { CreateSignerDto } from './dto/signer.dto.js';
import { SignoffsService } from './signoffs.service.js';

/** The event's 计分员, 复核员 and 监督员, each with a secret link to their sign-off page. */
@ApiTags('signers')
@ApiBearerAuth()
@Controller('api/events/:eventId/signers')
export class SignersController {
  constructor(private readonly signoffs: SignoffsService) {}

  /** Every signer's current link, to show the QR codes again without re-issuing any. */
  @Get('links')
  links(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.signoffs.links(actor, eventId);
  }

  @Post()
  add(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: CreateSignerDto) {
    return this.signoffs.add(actor, eventId, dto);
  }

  /** Removes a signer who has not signed off on anything. */
  @Delete(':signerId')
  @HttpCode(204)
  remove(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('signerId', ParseUUIDPipe) signerId: string,
  ) {
    return this.signoffs.remove(actor, eventId, signerId);
  }

  /** Issues a new secret link (the old one stops working). */
  @Post(':signerId/link')
  issueLink(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('signerId', ParseUUIDPipe) signerId: string,
  ) {
    return this.signoffs.issueLink(actor, eventId, signerId);
  }

  @Delete(':signerId/link')
  revokeLink(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('signerId', ParseUUIDPipe) signerId: string,
  ) {
    return this.signoffs.revokeLink(actor, eventId, signerId);
  }
}

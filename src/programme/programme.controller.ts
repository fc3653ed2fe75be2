import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../model/organizer.entity.js';
import {
  CreatePresentationDto,
  DrawDto,
  CreatePresenterDto,
  CreateRoundDto,
  UpdatePresentationDto,
  UpdatePresenterDto,
  UpdateRoundDto,
} from './dto/programme.dto.js';
import { ProgrammeService } from './programme.service.js';

@ApiTags('programme')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class ProgrammeController {
  constructor(private readonly programme: ProgrammeService) {}

  @Post('rounds')
  addRound(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: CreateRoundDto) {
    return this.programme.addRound(actor, eventId, dto);
  }

  @Patch('rounds/:roundId')
  updateRound(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() dto: UpdateRoundDto,
  ) {
    return this.programme.updateRound(actor, eventId, roundId, dto);
  }

  @Post('rounds/:roundId/draw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Draw the speaking order (抽签) from a seed, recorded so that anyone can redo the draw' })
  draw(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() dto: DrawDto,
  ) {
    return this.programme.draw(actor, eventId, roundId, dto.seed);
  }

  @Post('presenters')
  addPresenter(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: CreatePresenterDto) {
    return this.programme.addPresenter(actor, eventId, dto);
  }

  @Patch('presenters/:presenterId')
  updatePresenter(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presenterId', ParseUUIDPipe) presenterId: string,
    @Body() dto: UpdatePresenterDto,
  ) {
    return this.programme.updatePresenter(actor, eventId, presenterId, dto);
  }

  @Post('rounds/:roundId/presentations')
  addPresentation(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() dto: CreatePresentationDto,
  ) {
    return this.programme.addPresentation(actor, eventId, roundId, dto);
  }

  @Patch('presentations/:presentationId')
  updatePresentation(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Body() dto: UpdatePresentationDto,
  ) {
    return this.programme.updatePresentation(actor, eventId, presentationId, dto);
  }
}

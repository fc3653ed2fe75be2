import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MoveDto } from '../common/move.dto.js';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../model/organizer.entity.js';
import {
  CreatePresentationDto,
  DrawDto,
  ExtendDto,
  CreatePresenterDto,
  FillProgrammeDto,
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

  /** More time for the talk in front of the hall, added on the server (two clicks are two minutes). */
  @Post('presentations/:presentationId/extend')
  @HttpCode(200)
  extendPresentation(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Body() dto: ExtendDto,
  ) {
    return this.programme.extendPresentation(actor, eventId, presentationId, dto.seconds);
  }

  @Delete('rounds/:roundId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a topic that has not started, with its talks' })
  removeRound(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
  ) {
    return this.programme.removeRound(actor, eventId, roundId);
  }

  @Post('rounds/:roundId/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a topic that has not started to another place' })
  moveRound(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() dto: MoveDto,
  ) {
    return this.programme.moveRound(actor, eventId, roundId, dto.position);
  }

  @Delete('presenters/:presenterId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a presenter who has not been on stage, with the talks planned for them' })
  removePresenter(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presenterId', ParseUUIDPipe) presenterId: string,
  ) {
    return this.programme.removePresenter(actor, eventId, presenterId);
  }

  @Delete('presentations/:presentationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a talk that has not started' })
  removePresentation(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
  ) {
    return this.programme.removePresentation(actor, eventId, presentationId);
  }

  @Post('programme/fill')
  @HttpCode(200)
  @ApiOperation({ summary: 'Every presenter into every topic that has not finished; optionally draw every order that has not started' })
  fill(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: FillProgrammeDto) {
    return this.programme.fill(actor, eventId, dto.draw ?? false);
  }
}

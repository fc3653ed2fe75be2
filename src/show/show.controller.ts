import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ReasonDto } from '../common/reason.dto.js';
import { ScreenModeDto } from './screen-mode.dto.js';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../model/organizer.entity.js';
import { ShowService } from './show.service.js';

/** The run of a show. Each command is refused with 409 and a reason when the current state does not allow it. */
@ApiTags('show')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class ShowController {
  constructor(private readonly show: ShowService) {}

  @Post('rounds/:roundId/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a round (topic): pending → live' })
  startRound(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
  ) {
    return this.show.moveRound(actor, eventId, roundId, 'start_round');
  }

  @Post('rounds/:roundId/finish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish a round: live → done' })
  finishRound(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
  ) {
    return this.show.moveRound(actor, eventId, roundId, 'finish_round');
  }

  @Post('presentations/:presentationId/stage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put the presenter on stage and start the timer: pending → on stage' })
  stage(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
  ) {
    return this.show.movePresentation(actor, eventId, presentationId, 'stage');
  }

  @Post('presentations/:presentationId/open-scoring')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open scoring: on stage → scoring open' })
  openScoring(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
  ) {
    return this.show.movePresentation(actor, eventId, presentationId, 'open_scoring');
  }

  @Post('presentations/:presentationId/close-scoring')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close (lock) scoring: judges can no longer submit or amend' })
  closeScoring(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
  ) {
    return this.show.movePresentation(actor, eventId, presentationId, 'close_scoring');
  }

  @Post('presentations/:presentationId/reopen-scoring')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen scoring that was closed but not yet revealed' })
  reopenScoring(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
  ) {
    return this.show.movePresentation(actor, eventId, presentationId, 'reopen_scoring');
  }

  @Post('presentations/:presentationId/reveal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reveal every score, the dropped ones, the result and the new rank on all screens' })
  reveal(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
  ) {
    return this.show.movePresentation(actor, eventId, presentationId, 'reveal');
  }

  @Post('presentations/:presentationId/no-result')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a talk that nobody eligible could score as no result (无成绩), with a reason, so the show goes on' })
  noResult(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.show.movePresentation(actor, eventId, presentationId, 'close_no_result', dto.reason);
  }

  @Post('screen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Switch the big screens: stage, round_board, standings or viewer_qr (a QR code opening the remote viewer page)',
  })
  screen(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: ScreenModeDto) {
    return this.show.setScreenMode(actor, eventId, dto.mode, dto.roundId);
  }

  @Post('lock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lock the event for good' })
  lock(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.show.lock(actor, eventId);
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Organizer } from '../model/organizer.entity.js';
import { CurrentOrganizer, Public } from '../organizers/auth.decorators.js';
import { BallotsService } from './ballots.service.js';
import {
  BallotCardInputDto,
  CastBallotDto,
  HallQueryDto,
  IssueCodesDto,
  OpenPollDto,
  PollDisplayDto,
  VoidCodeDto,
} from './dto/ballot.dto.js';

/** The organizer's side of attendee ballots (满意度测评): the card, the codes, the polls. */
@ApiTags('ballots')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class BallotsController {
  constructor(private readonly ballots: BallotsService) {}

  @Get('ballot-card')
  @ApiOperation({ summary: 'The evaluation card (评价表) of the event; null until set' })
  async card(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Res() res: Response) {
    // Written out, so that "none yet" is the JSON null and not an empty body.
    res.json(await this.ballots.card(actor, eventId));
  }

  @Put('ballot-card')
  @ApiOperation({ summary: 'Sets the evaluation card; refused once a poll of the event has been opened' })
  setCard(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: BallotCardInputDto) {
    return this.ballots.setCard(actor, eventId, dto);
  }

  @Get('ballot-codes')
  @ApiOperation({ summary: 'Codes issued and voided per hall' })
  halls(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.ballots.halls(actor, eventId);
  }

  @Post('ballot-codes')
  @ApiOperation({ summary: 'Issues more ballot codes for a hall (numbered after its last)' })
  issue(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: IssueCodesDto) {
    return this.ballots.issueCodes(actor, eventId, dto.hall, dto.count);
  }

  @Get('ballot-codes/print')
  @ApiOperation({ summary: "A hall's codes as printed (derived again from the ballot secret; never stored)" })
  print(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Query() query: HallQueryDto) {
    return this.ballots.printCodes(actor, eventId, query.hall);
  }

  @Post('ballot-codes/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Voids a code (lost, handed out twice): it casts nothing more' })
  voidCode(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: VoidCodeDto) {
    return this.ballots.voidCode(actor, eventId, dto.hall, dto.number);
  }

  @Get('polls')
  @ApiOperation({ summary: "The event's polls with their turnout and result" })
  polls(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.ballots.polls(actor, eventId);
  }

  @Post('polls')
  @ApiOperation({ summary: "Opens a poll on a round's lecture (or one of its talks); the screens show its turnout" })
  open(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: OpenPollDto) {
    return this.ballots.openPoll(actor, eventId, dto.roundId, dto.presentationId ?? null);
  }

  @Post('polls/:pollId/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Closes a poll for good: its ballots are final and no longer linked to their codes' })
  close(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('pollId', ParseUUIDPipe) pollId: string,
  ) {
    return this.ballots.closePoll(actor, eventId, pollId);
  }

  @Put('polls/:pollId/display')
  @ApiOperation({ summary: 'What the screens show of a poll: hidden, turnout, or result' })
  display(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('pollId', ParseUUIDPipe) pollId: string,
    @Body() dto: PollDisplayDto,
  ) {
    return this.ballots.setDisplay(actor, eventId, pollId, dto.display);
  }
}

/** An attendee's phone with a ballot code (/ballot/<code>), without an account. */
@ApiTags('ballots')
@Controller('api/ballot/:code')
export class BallotController {
  constructor(private readonly ballots: BallotsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: "The attendee's page: the card, the poll open now, and this code's ballot in it" })
  page(@Param('code') code: string, @Req() req: Request) {
    return this.ballots.page(code, req.ip ?? 'unknown');
  }

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Casts or changes this code’s ballot in the open poll (a re-sent idempotencyKey stores nothing)' })
  cast(@Param('code') code: string, @Body() dto: CastBallotDto, @Req() req: Request) {
    return this.ballots.cast(code, dto, req.ip ?? 'unknown');
  }
}

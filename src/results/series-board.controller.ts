import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SeriesBoardDto } from '../contracts/rest.js';
import type { Organizer } from '../model/organizer.entity.js';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import { RevealNextDto, SetSeriesBoardDto } from './dto/series-board.dto.js';
import { SeriesBoards } from './series-board.service.js';

/** The red and grey board (红灰榜) of a series on an event's screens: set up, revealed from the bottom up, taken down. */
@ApiTags('results')
@ApiBearerAuth()
@Controller('api/events/:eventId/series-board')
export class SeriesBoardController {
  constructor(private readonly boards: SeriesBoards) {}

  @Get()
  @ApiOperation({ summary: 'The red and grey board set up on this event, every row (null: none)' })
  get(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string): Promise<SeriesBoardDto> {
    return this.boards.get(actor, eventId);
  }

  @Put()
  @ApiOperation({
    summary: 'Set up the red and grey board of a series (events in order, cut lines) on this event’s screens, nothing revealed yet',
  })
  set(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Body() dto: SetSeriesBoardDto,
  ): Promise<SeriesBoardDto> {
    return this.boards.set(actor, eventId, dto);
  }

  @Post('reveal-next')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reveal the next row of the board, from the bottom up (滚榜), if as many rows are revealed as the console saw' })
  revealNext(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Body() dto: RevealNextDto,
  ): Promise<SeriesBoardDto> {
    return this.boards.reveal(actor, eventId, 'next', dto.expectedRevealed);
  }

  @Post('reveal-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reveal every row of the board still hidden' })
  revealAll(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string): Promise<SeriesBoardDto> {
    return this.boards.reveal(actor, eventId, 'all');
  }

  @Delete()
  @ApiOperation({ summary: 'Take the board down (screens showing it go back to the stage)' })
  clear(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string): Promise<SeriesBoardDto> {
    return this.boards.clear(actor, eventId);
  }
}

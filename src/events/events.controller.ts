import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MoveDto } from '../common/move.dto.js';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../model/organizer.entity.js';
import { CreateCriterionDto, CreateEventDto, CreateGroupDto, UpdateCriterionDto, UpdateEventDto, UpdateGroupDto } from './dto/event.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  list(@CurrentOrganizer() actor: Organizer) {
    return this.events.list(actor);
  }

  @Post()
  create(@CurrentOrganizer() actor: Organizer, @Body() dto: CreateEventDto) {
    return this.events.create(actor, dto);
  }

  @Get(':eventId')
  detail(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.events.detail(actor, eventId);
  }

  @Patch(':eventId')
  update(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: UpdateEventDto) {
    return this.events.update(actor, eventId, dto);
  }

  @Post(':eventId/groups')
  addGroup(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: CreateGroupDto) {
    return this.events.addGroup(actor, eventId, dto);
  }

  @Patch(':eventId/groups/:groupId')
  updateGroup(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Body() dto: UpdateGroupDto,
  ) {
    return this.events.updateGroup(actor, eventId, groupId, dto);
  }

  @Delete(':eventId/groups/:groupId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a judge group nobody is in, before scoring starts' })
  removeGroup(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('groupId', ParseUUIDPipe) groupId: string,
  ) {
    return this.events.removeGroup(actor, eventId, groupId);
  }

  @Post(':eventId/criteria/:criterionId/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a criterion to another place in the rubric (before anyone has scored)' })
  moveCriterion(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('criterionId', ParseUUIDPipe) criterionId: string,
    @Body() dto: MoveDto,
  ) {
    return this.events.moveCriterion(actor, eventId, criterionId, dto.position);
  }

  @Post(':eventId/criteria')
  addCriterion(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: CreateCriterionDto) {
    return this.events.addCriterion(actor, eventId, dto);
  }

  @Patch(':eventId/criteria/:criterionId')
  updateCriterion(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('criterionId', ParseUUIDPipe) criterionId: string,
    @Body() dto: UpdateCriterionDto,
  ) {
    return this.events.updateCriterion(actor, eventId, criterionId, dto);
  }

  @Delete(':eventId/criteria/:criterionId')
  @HttpCode(204)
  removeCriterion(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('criterionId', ParseUUIDPipe) criterionId: string,
  ) {
    return this.events.removeCriterion(actor, eventId, criterionId);
  }
}

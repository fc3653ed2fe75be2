import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { newPublicCode } from '../common/secret-token.js';
import { SIGNOFF_ROLES } from '../contracts/enums.js';
import type { CriterionDto, GroupDto } from '../contracts/rest.js';
import { declareActor } from '../database/audit-context.js';
import { ContestEvent } from '../model/event.entity.js';
import type { Organizer } from '../model/organizer.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { DEFAULT_RULE, DEFAULT_STANDINGS, mergeRule } from '../scoring/index.js';
import { EventChanges } from '../state/event-changes.service.js';
import { type EventDetailDto, eventDetail, type EventSummaryDto } from '../state/event-detail.js';
import type { EventState } from '../state/event-state.js';
import type {
  CreateCriterionDto,
  CreateEventDto,
  CreateGroupDto,
  UpdateCriterionDto,
  UpdateEventDto,
  UpdateGroupDto,
} from './dto/event.dto.js';
import {
  addCriterion,
  addGroup,
  moveCriterion,
  rankHonestyOf,
  removeCriterion,
  removeGroup,
  updateCriterion,
  updateEvent,
  updateGroup,
} from './event-operations.js';

@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(ContestEvent) private readonly events: Repository<ContestEvent>,
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
  ) {}

  async create(actor: Organizer, dto: CreateEventDto): Promise<EventDetailDto> {
    const event = await this.events.manager.transaction(async (tx) => {
      await declareActor(tx);
      return tx.save(
        tx.create(ContestEvent, {
          name: dto.name,
          defaultTimeLimitSeconds: dto.defaultTimeLimitSeconds,
          requiredSignoffs: SIGNOFF_ROLES.filter((role) => dto.requiredSignoffs?.includes(role)),
          rankHonesty: rankHonestyOf(dto.rankHonestyConfidence),
          rule: mergeRule(DEFAULT_RULE, dto.rule ?? {}),
          standings: { ...DEFAULT_STANDINGS, ...dto.standings },
          ownerId: actor.id,
          publicCode: newPublicCode(),
        }),
      );
    });
    return eventDetail(await this.changes.read(event.id));
  }

  async list(actor: Organizer): Promise<EventSummaryDto[]> {
    const events = await this.events.find({ where: actor.role === 'admin' ? {} : { ownerId: actor.id }, order: { createdAt: 'DESC' } });
    return events.map((e) => ({
      id: e.id,
      name: e.name,
      publicCode: e.publicCode,
      locked: e.lockedAt !== null,
      createdAt: e.createdAt.toISOString(),
    }));
  }

  async detail(actor: Organizer, eventId: string): Promise<EventDetailDto> {
    await this.access.manage(actor, eventId);
    return eventDetail(await this.read(eventId));
  }

  private read(eventId: string): Promise<EventState> {
    return this.changes.read(eventId);
  }

  async update(actor: Organizer, eventId: string, dto: UpdateEventDto): Promise<EventDetailDto> {
    await this.access.setup(actor, eventId, updateEvent(dto));
    return eventDetail(await this.read(eventId));
  }

  addGroup(actor: Organizer, eventId: string, dto: CreateGroupDto): Promise<GroupDto> {
    return this.access.setup(actor, eventId, addGroup(dto));
  }

  updateGroup(actor: Organizer, eventId: string, groupId: string, dto: UpdateGroupDto): Promise<GroupDto> {
    return this.access.setup(actor, eventId, updateGroup(groupId, dto));
  }

  addCriterion(actor: Organizer, eventId: string, dto: CreateCriterionDto): Promise<CriterionDto> {
    return this.access.setup(actor, eventId, addCriterion(dto));
  }

  updateCriterion(actor: Organizer, eventId: string, criterionId: string, dto: UpdateCriterionDto): Promise<CriterionDto> {
    return this.access.setup(actor, eventId, updateCriterion(criterionId, dto));
  }

  removeCriterion(actor: Organizer, eventId: string, criterionId: string): Promise<void> {
    return this.access.setup(actor, eventId, removeCriterion(criterionId));
  }

  moveCriterion(actor: Organizer, eventId: string, criterionId: string, position: number): Promise<CriterionDto[]> {
    return this.access.setup(actor, eventId, moveCriterion(criterionId, position));
  }

  removeGroup(actor: Organizer, eventId: string, groupId: string): Promise<void> {
    return this.access.setup(actor, eventId, removeGroup(groupId));
  }
}

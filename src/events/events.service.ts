import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { badRequest, conflict, notFound } from '../common/api-error.js';
import { declareActor } from '../audit/audit-context.js';
import { newPublicCode } from '../common/secret-token.js';
import { EventChanges } from '../state/event-changes.service.js';
import { criterionData, groupData } from '../state/event-state.loader.js';
import type { EventState } from '../state/event-state.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import { Round } from '../programme/round.entity.js';
import { checkRange, DEFAULT_RULE, DEFAULT_STANDINGS, mergeRule, ruleProblems } from '../scoring/index.js';
import { Score } from '../scores/score.entity.js';
import { Criterion } from './criterion.entity.js';
import type {
  CreateCriterionDto,
  CreateEventDto,
  CreateGroupDto,
  UpdateCriterionDto,
  UpdateEventDto,
  UpdateGroupDto,
} from './dto/event.dto.js';
import { EventAccess } from './event-access.service.js';
import { type EventDetailDto, eventDetail, type EventSummaryDto } from './event-detail.js';
import { ContestEvent } from './event.entity.js';
import { JudgeGroup } from './judge-group.entity.js';
import { assertNotScoredYet, changedFields } from './event-freeze.js';
import { assertRoomFor } from './event-limits.js';
import { findInEvent } from './event-owned.entity.js';

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

  read(eventId: string): Promise<EventState> {
    return this.changes.read(eventId);
  }

  async update(actor: Organizer, eventId: string, dto: UpdateEventDto): Promise<EventDetailDto> {
    await this.access.manage(actor, eventId);
    await this.changes.apply(eventId, 'setup', async (tx, event) => {
      const rule = dto.rule ? mergeRule(event.rule, dto.rule) : event.rule;
      const standings = { ...event.standings, ...dto.standings };
      const declared = JSON.stringify([rule, standings]) !== JSON.stringify([event.rule, event.standings]);
      if (declared && (await tx.existsBy(Round, { eventId, status: In(['live', 'done']) }))) {
        throw conflict('rule_frozen', 'the scoring rule is declared before the event starts and cannot change once a round has started');
      }
      const problems = ruleProblems(rule, {
        criteria: await tx.findBy(Criterion, { eventId }),
        groups: await tx.findBy(JudgeGroup, { eventId }),
      });
      if (problems.length > 0) throw badRequest('invalid_rule', problems.join('; '));
      await tx.update(
        ContestEvent,
        { id: eventId },
        {
          ...(dto.name !== undefined ? { name: dto.name } : {}),
          ...(dto.defaultTimeLimitSeconds !== undefined ? { defaultTimeLimitSeconds: dto.defaultTimeLimitSeconds } : {}),
          rule,
          standings,
        },
      );
    });
    return eventDetail(await this.read(eventId));
  }

  async addGroup(actor: Organizer, eventId: string, dto: CreateGroupDto): Promise<EventState['groups'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      await this.assertGroupNameFree(tx, eventId, dto.name);
      await assertRoomFor(tx, JudgeGroup, eventId, 'groups');
      return groupData(await tx.save(tx.create(JudgeGroup, { eventId, name: dto.name, weight: dto.weight ?? '1' })));
    });
  }

  async updateGroup(actor: Organizer, eventId: string, groupId: string, dto: UpdateGroupDto): Promise<EventState['groups'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      const group = await findInEvent(tx, JudgeGroup, eventId, groupId, 'judge group');
      if (changedFields(groupData(group), dto).length > 0) await assertNotScoredYet(tx, eventId, "a judge group's name and weight");
      if (dto.name !== undefined && dto.name !== group.name) await this.assertGroupNameFree(tx, eventId, dto.name);
      return groupData(await tx.save(Object.assign(group, dto)));
    });
  }

  async addCriterion(actor: Organizer, eventId: string, dto: CreateCriterionDto): Promise<EventState['criteria'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      await this.assertRubricOpen(tx, eventId);
      await assertRoomFor(tx, Criterion, eventId, 'criteria');
      const range = { minScore: dto.minScore ?? '0', maxScore: dto.maxScore, step: dto.step };
      this.assertRange(range);
      const position = ((await tx.maximum(Criterion, 'position', { eventId })) ?? 0) + 1;
      return criterionData(await tx.save(tx.create(Criterion, { eventId, position, name: dto.name, ...range, weight: dto.weight ?? '1' })));
    });
  }

  async updateCriterion(
    actor: Organizer,
    eventId: string,
    criterionId: string,
    dto: UpdateCriterionDto,
  ): Promise<EventState['criteria'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      await this.assertRubricOpen(tx, eventId);
      const criterion = await findInEvent(tx, Criterion, eventId, criterionId, 'criterion');
      Object.assign(criterion, dto);
      this.assertRange(criterion);
      return criterionData(await tx.save(criterion));
    });
  }

  async removeCriterion(actor: Organizer, eventId: string, criterionId: string): Promise<void> {
    await this.access.manage(actor, eventId);
    await this.changes.apply(eventId, 'setup', async (tx) => {
      await this.assertRubricOpen(tx, eventId);
      const result = await tx.delete(Criterion, { id: criterionId, eventId });
      if (!result.affected) throw notFound('criterion');
    });
  }

  private async assertGroupNameFree(tx: EntityManager, eventId: string, name: string): Promise<void> {
    if (await tx.existsBy(JudgeGroup, { eventId, name }))
      throw conflict('group_name_taken', `a judge group named "${name}" already exists in this event`);
  }

  private assertRange(range: { minScore: string; maxScore: string; step: string }): void {
    const problem = checkRange(range);
    if (problem) throw badRequest('invalid_rubric', problem);
  }

  /** Scores already given were checked against the rubric as it was; it cannot change under them. */
  private async assertRubricOpen(tx: EntityManager, eventId: string): Promise<void> {
    const scored = await tx
      .createQueryBuilder(Score, 's')
      .innerJoin('s.presentation', 'p')
      .where('p.event_id = :eventId', { eventId })
      .getExists();
    if (scored) throw conflict('rubric_frozen', 'the rubric cannot change once judges have scored');
  }
}

import { isDeepStrictEqual } from 'node:util';
import { type EntityManager, In } from 'typeorm';
import { badRequest, conflict, notFound } from '../common/api-error.js';
import type { CriterionDto, GroupDto } from '../contracts/rest.js';
import { Criterion } from '../model/criterion.entity.js';
import { ContestEvent } from '../model/event.entity.js';
import { assertNotScoredYet, changedFields } from '../model/event-freeze.js';
import { assertRoomFor } from '../model/event-limits.js';
import { findInEvent } from '../model/event-owned.entity.js';
import { JudgeGroup } from '../model/judge-group.entity.js';
import { Judge } from '../model/judge.entity.js';
import { moveInList, renumber } from '../model/positions.js';
import { Round } from '../model/round.entity.js';
import { Score } from '../model/score.entity.js';
import { checkRange, DEFAULT_RANK_HONESTY, mergeRule, type RankHonesty, ruleProblems } from '../scoring/index.js';
import { SIGNOFF_ROLES } from '../contracts/enums.js';
import type { SetupOperation } from '../state/event-changes.service.js';
import { criterionData, groupData } from '../state/event-state.loader.js';
import type { CreateCriterionDto, CreateGroupDto, UpdateCriterionDto, UpdateEventDto, UpdateGroupDto } from './dto/event.dto.js';

/** An event's own setup (its rule, judge groups and rubric), as operations on its transaction (EventChanges.apply). */

export const updateEvent =
  (dto: UpdateEventDto): SetupOperation<void> =>
  async (tx, event) => {
    const eventId = event.id;
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
    // The sign-offs a reveal waits for are part of the declared procedure: fixed once any talk is being scored.
    const requiredSignoffs = dto.requiredSignoffs && SIGNOFF_ROLES.filter((role) => dto.requiredSignoffs!.includes(role));
    if (requiredSignoffs && requiredSignoffs.join() !== event.requiredSignoffs.join())
      await assertNotScoredYet(tx, eventId, 'the sign-offs a reveal waits for');
    // So is rank honesty: whether the boards say 差异在评分误差内, and at what confidence.
    const rankHonesty = dto.rankHonestyConfidence === undefined ? undefined : rankHonestyOf(dto.rankHonestyConfidence);
    if (rankHonesty !== undefined && !isDeepStrictEqual(rankHonesty, event.rankHonesty))
      await assertNotScoredYet(tx, eventId, 'rank honesty (差异在评分误差内)');
    const changes = {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(requiredSignoffs ? { requiredSignoffs } : {}),
      ...(rankHonesty !== undefined ? { rankHonesty } : {}),
      ...(dto.defaultTimeLimitSeconds !== undefined ? { defaultTimeLimitSeconds: dto.defaultTimeLimitSeconds } : {}),
      rule,
      standings,
    };
    await tx.update(ContestEvent, { id: eventId }, changes);
    // Later operations of the same transaction see the event as it now is.
    Object.assign(event, changes);
  };

/** The declared rank honesty for a confidence (null: off): the default resamples and seed. */
export const rankHonestyOf = (confidence: number | null | undefined): RankHonesty | null =>
  confidence == null ? null : { ...DEFAULT_RANK_HONESTY, confidence };

export const addGroup =
  (dto: CreateGroupDto): SetupOperation<GroupDto> =>
  async (tx, { id: eventId }) => {
    await assertGroupNameFree(tx, eventId, dto.name);
    await assertRoomFor(tx, JudgeGroup, eventId, 'groups');
    const audience = dto.audience ?? false;
    return groupData(
      await tx.save(
        tx.create(JudgeGroup, {
          eventId,
          name: dto.name,
          weight: dto.weight ?? '1',
          audience,
          audienceHall: audience ? (dto.audienceHall ?? null) : null,
        }),
      ),
    );
  };

export const updateGroup =
  (groupId: string, dto: UpdateGroupDto): SetupOperation<GroupDto> =>
  async (tx, { id: eventId }) => {
    const group = await findInEvent(tx, JudgeGroup, eventId, groupId, 'judge group');
    if (changedFields(groupData(group), dto).length > 0) await assertNotScoredYet(tx, eventId, "a judge group's name, weight and audience");
    if (dto.name !== undefined && dto.name !== group.name) await assertGroupNameFree(tx, eventId, dto.name);
    const audience = dto.audience ?? group.audience;
    if (audience && !group.audience) {
      const members = await tx.countBy(Judge, { eventId, groupId });
      if (members > 0)
        throw conflict('still_referenced', `${members} judge(s) are in this group; an audience group (大众评委) has no judges`);
    }
    const audienceHall = audience ? (dto.audienceHall === undefined ? group.audienceHall : dto.audienceHall) : null;
    return groupData(await tx.save(Object.assign(group, dto, { audience, audienceHall })));
  };

export const addCriterion =
  (dto: CreateCriterionDto): SetupOperation<CriterionDto> =>
  async (tx, { id: eventId }) => {
    await assertRubricOpen(tx, eventId);
    await assertCriterionNameFree(tx, eventId, dto.name);
    await assertRoomFor(tx, Criterion, eventId, 'criteria');
    const range = { minScore: dto.minScore ?? '0', maxScore: dto.maxScore, step: dto.step };
    assertRange(range);
    const position = ((await tx.maximum(Criterion, 'position', { eventId })) ?? 0) + 1;
    return criterionData(await tx.save(tx.create(Criterion, { eventId, position, name: dto.name, ...range, weight: dto.weight ?? '1' })));
  };

export const updateCriterion =
  (criterionId: string, dto: UpdateCriterionDto): SetupOperation<CriterionDto> =>
  async (tx, { id: eventId }) => {
    await assertRubricOpen(tx, eventId);
    const criterion = await findInEvent(tx, Criterion, eventId, criterionId, 'criterion');
    if (dto.name !== undefined && dto.name !== criterion.name) await assertCriterionNameFree(tx, eventId, dto.name);
    Object.assign(criterion, dto);
    assertRange(criterion);
    return criterionData(await tx.save(criterion));
  };

export const removeCriterion =
  (criterionId: string): SetupOperation<void> =>
  async (tx, event) => {
    const eventId = event.id;
    await assertRubricOpen(tx, eventId);
    const criteria = await tx.find(Criterion, { where: { eventId }, order: { position: 'ASC' } });
    if (!criteria.some((c) => c.id === criterionId)) throw notFound('criterion');
    const rest = criteria.filter((c) => c.id !== criterionId);
    assertRuleStillValid(event, { criteria: rest, groups: await tx.findBy(JudgeGroup, { eventId }) }, 'criterion');
    await tx.delete(Criterion, { id: criterionId, eventId });
    await renumber(
      tx,
      Criterion,
      rest.map((c) => c.id),
    );
  };

/** Moves a criterion to `position` in the rubric (the tablets list them in this order). */
export const moveCriterion =
  (criterionId: string, position: number): SetupOperation<CriterionDto[]> =>
  async (tx, { id: eventId }) => {
    await assertRubricOpen(tx, eventId);
    return (await moveInList(tx, Criterion, { eventId }, criterionId, position, 'criterion')).map(criterionData);
  };

/** Removes a judge group nobody is in, before scoring starts, unless the declared rule needs it. */
export const removeGroup =
  (groupId: string): SetupOperation<void> =>
  async (tx, event) => {
    const eventId = event.id;
    await findInEvent(tx, JudgeGroup, eventId, groupId, 'judge group');
    await assertNotScoredYet(tx, eventId, "an event's judge groups");
    const members = await tx.countBy(Judge, { eventId, groupId });
    if (members > 0) throw conflict('still_referenced', `${members} judge(s) are in this group; move them to another group first`);
    const groups = (await tx.findBy(JudgeGroup, { eventId })).filter((g) => g.id !== groupId);
    assertRuleStillValid(event, { criteria: await tx.findBy(Criterion, { eventId }), groups }, 'judge group');
    await tx.delete(JudgeGroup, { id: groupId, eventId });
  };

/** The declared rule may name criteria (a tie-break) and groups (weights): what it names cannot go. */
function assertRuleStillValid(event: ContestEvent, left: Parameters<typeof ruleProblems>[1], what: string): void {
  const problems = ruleProblems(event.rule, left);
  if (problems.length > 0) throw conflict('still_referenced', `the scoring rule uses this ${what}: ${problems.join('; ')}`);
}

async function assertCriterionNameFree(tx: EntityManager, eventId: string, name: string): Promise<void> {
  if (await tx.existsBy(Criterion, { eventId, name }))
    throw conflict('already_exists', `the rubric already has a criterion named "${name}"`);
}

async function assertGroupNameFree(tx: EntityManager, eventId: string, name: string): Promise<void> {
  if (await tx.existsBy(JudgeGroup, { eventId, name }))
    throw conflict('group_name_taken', `a judge group named "${name}" already exists in this event`);
}

function assertRange(range: { minScore: string; maxScore: string; step: string }): void {
  const problem = checkRange(range);
  if (problem) throw badRequest('invalid_rubric', problem);
}

/** Scores already given were checked against the rubric as it was; it cannot change under them. */
async function assertRubricOpen(tx: EntityManager, eventId: string): Promise<void> {
  const scored = await tx
    .createQueryBuilder(Score, 's')
    .innerJoin('s.presentation', 'p')
    .where('p.event_id = :eventId', { eventId })
    .getExists();
  if (scored) throw conflict('rubric_frozen', 'the rubric cannot change once judges have scored');
}

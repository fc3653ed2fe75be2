import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../common/api-error.js';
import type { JudgeDto } from '../contracts/rest.js';
import { assertNotScoredYet, changedFields } from '../model/event-freeze.js';
import { assertRoomFor } from '../model/event-limits.js';
import { findInEvent } from '../model/event-owned.entity.js';
import { JudgeGroup } from '../model/judge-group.entity.js';
import { Judge } from '../model/judge.entity.js';
import { RetiredJudgeLink } from '../model/retired-judge-link.entity.js';
import { Score } from '../model/score.entity.js';
import type { SetupOperation } from '../state/event-changes.service.js';
import { judgeData } from '../state/event-state.loader.js';
import type { CreateJudgeDto, UpdateJudgeDto } from './dto/judge.dto.js';

/** The panel's changes, as operations on an event's transaction (EventChanges.apply); they compose. */

/** Adds a judge whose secret link hashes to `linkHash` (see newSecret). */
export const addJudge =
  (dto: CreateJudgeDto, linkHash: string): SetupOperation<JudgeDto> =>
  async (tx, { id: eventId }) => {
    await assertSeatFree(tx, eventId, dto.seatLabel);
    await assertGroup(tx, eventId, dto.groupId);
    await assertRoomFor(tx, Judge, eventId, 'judges');
    const created = tx.create(Judge, {
      eventId,
      displayName: dto.displayName,
      seatLabel: dto.seatLabel,
      groupId: dto.groupId ?? null,
      conflictUnits: dto.conflictUnits ?? [],
      linkHash,
      linkIssuedAt: new Date(),
    });
    return judgeData(await tx.save(created));
  };

export const updateJudge =
  (judgeId: string, dto: UpdateJudgeDto): SetupOperation<JudgeDto> =>
  async (tx, { id: eventId }) => {
    const judge = await findInEvent(tx, Judge, eventId, judgeId, 'judge');
    // Seat, name, group and conflicts all appear in or decide published results.
    if (changedFields(judge, dto).length > 0) await assertNotScoredYet(tx, eventId, "a judge's seat, name, group and conflicts");
    if (dto.seatLabel !== undefined && dto.seatLabel !== judge.seatLabel) await assertSeatFree(tx, eventId, dto.seatLabel);
    await assertGroup(tx, eventId, dto.groupId);
    return judgeData(await tx.save(Object.assign(judge, dto)));
  };

/** Gives a judge a new link (`linkHash`), or none (`null`: revoked); the old link stops working. */
export const setJudgeLink =
  (judgeId: string, linkHash: string | null): SetupOperation<JudgeDto> =>
  async (tx, { id: eventId }) => {
    const found = await findInEvent(tx, Judge, eventId, judgeId, 'judge');
    // The old link is kept as retired, so a tablet still holding it is told why it stopped working.
    if (found.linkHash)
      await tx.save(tx.create(RetiredJudgeLink, { linkHash: found.linkHash, judgeId, reason: linkHash ? 'reissued' : 'revoked' }));
    return judgeData(await tx.save(Object.assign(found, linkHash ? { linkHash, linkIssuedAt: new Date() } : { linkHash: null })));
  };

async function assertSeatFree(tx: EntityManager, eventId: string, seatLabel: string): Promise<void> {
  if (await tx.existsBy(Judge, { eventId, seatLabel }))
    throw conflict('seat_taken', `seat "${seatLabel}" already has a judge in this event`);
}

async function assertGroup(tx: EntityManager, eventId: string, groupId: string | null | undefined): Promise<void> {
  if (groupId && !(await tx.existsBy(JudgeGroup, { id: groupId, eventId }))) throw notFound('judge group');
}

/** Removes a judge before scoring starts (a judge who has scored keeps every score, and stays in the review). */
export const removeJudge =
  (judgeId: string): SetupOperation<void> =>
  async (tx, { id: eventId }) => {
    await findInEvent(tx, Judge, eventId, judgeId, 'judge');
    // Published results name every judge of the panel, scored or not (未评分, 回避): the panel is frozen with them.
    await assertNotScoredYet(tx, eventId, "the panel of judges (revoke the judge's link instead)");
    if (await tx.existsBy(Score, { judgeId }))
      throw conflict(
        'has_scores',
        'this judge has scored; their scores stay on record, so the judge cannot be removed (revoke the link instead)',
      );
    await tx.delete(Judge, { id: judgeId, eventId });
  };

import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../common/api-error.js';
import type { JudgeDto } from '../contracts/rest.js';
import { assertNotScoredYet, changedFields } from '../model/event-freeze.js';
import { assertRoomFor } from '../model/event-limits.js';
import { findInEvent } from '../model/event-owned.entity.js';
import { JudgeGroup } from '../model/judge-group.entity.js';
import { Judge } from '../model/judge.entity.js';
import { JudgeLink } from '../model/judge-link.entity.js';
import { RetiredJudgeLink } from '../model/retired-judge-link.entity.js';
import { Score } from '../model/score.entity.js';
import type { SetupOperation } from '../state/event-changes.service.js';
import { judgeData } from '../state/event-state.loader.js';
import type { CreateJudgeDto, UpdateJudgeDto } from './dto/judge.dto.js';

/** The panel's changes, as operations on an event's transaction (EventChanges.apply); they compose. */

/** A judge link's secret and its SHA-256 (see newSecret). */
export interface LinkSecret {
  token: string;
  hash: string;
}

/** Adds a judge with the secret link `link` (see newSecret). */
export const addJudge =
  (dto: CreateJudgeDto, link: LinkSecret): SetupOperation<JudgeDto> =>
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
      linkHash: link.hash,
      linkIssuedAt: new Date(),
    });
    const judge = await tx.save(created);
    await keepLink(tx, judge.id, link);
    return judgeData(judge);
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

/** Gives a judge a new link, or none (`null`: revoked); the old link stops working. */
export const setJudgeLink =
  (judgeId: string, link: LinkSecret | null): SetupOperation<JudgeDto> =>
  async (tx, { id: eventId }) => {
    const found = await findInEvent(tx, Judge, eventId, judgeId, 'judge');
    // The old link is kept as retired, so a tablet still holding it is told why it stopped working.
    if (found.linkHash)
      await tx.save(tx.create(RetiredJudgeLink, { linkHash: found.linkHash, judgeId, reason: link ? 'reissued' : 'revoked' }));
    await keepLink(tx, judgeId, link);
    return judgeData(await tx.save(Object.assign(found, link ? { linkHash: link.hash, linkIssuedAt: new Date() } : { linkHash: null })));
  };

/** Keeps a judge's current link for reprinting the QR sheet; a revoked link is forgotten. */
async function keepLink(tx: EntityManager, judgeId: string, link: LinkSecret | null): Promise<void> {
  if (link) await tx.upsert(JudgeLink, { judgeId, token: link.token }, ['judgeId']);
  else await tx.delete(JudgeLink, { judgeId });
}

/** The current links of an event's judges (those not revoked), for reprinting the QR sheet. */
export async function currentLinks(tx: EntityManager, eventId: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ judgeId: string; token: string }[]>(
    `SELECT l.judge_id AS "judgeId", l.token FROM judge_link l JOIN judge j ON j.id = l.judge_id
      WHERE j.event_id = $1 AND j.link_hash IS NOT NULL`,
    [eventId],
  );
  return new Map(rows.map((r) => [r.judgeId, r.token]));
}

async function assertSeatFree(tx: EntityManager, eventId: string, seatLabel: string): Promise<void> {
  if (await tx.existsBy(Judge, { eventId, seatLabel }))
    throw conflict('seat_taken', `seat "${seatLabel}" already has a judge in this event`);
}

async function assertGroup(tx: EntityManager, eventId: string, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const group = await tx.findOneBy(JudgeGroup, { id: groupId, eventId });
  if (!group) throw notFound('judge group');
  if (group.audience)
    throw conflict(
      'audience_group',
      `"${group.name}" is an audience group (大众评委): its value is the attendees' ballots, it has no judges`,
    );
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

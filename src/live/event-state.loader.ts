import type { EntityManager } from 'typeorm';
import { notFound } from '../common/api-error.js';
import { ContestEvent } from '../events/event.entity.js';
import { Criterion } from '../events/criterion.entity.js';
import { JudgeGroup } from '../events/judge-group.entity.js';
import { Judge } from '../judges/judge.entity.js';
import { Presentation } from '../programme/presentation.entity.js';
import { Presenter } from '../programme/presenter.entity.js';
import { Round } from '../programme/round.entity.js';
import { exact, toText } from '../scoring/index.js';
import type { EventState } from './event-state.js';
import type { OrganizerMark } from './live-events.js';

const canonical = (value: string) => toText(exact(value));

interface ScoreRow {
  id: string;
  presentation_id: string;
  judge_id: string;
  revision: number;
  total: string;
  created_at: Date;
  values: { criterionId: string; value: string }[] | null;
  voided: boolean;
  source: 'judge' | 'organizer';
  reason: string | null;
  after_reveal: boolean;
}

export async function loadEventState(tx: EntityManager, eventId: string): Promise<EventState> {
  const event = await tx.findOneBy(ContestEvent, { id: eventId });
  if (!event) throw notFound('event');
  // One after another: the queries share the transaction's single connection.
  const groups = await tx.find(JudgeGroup, { where: { eventId }, order: { name: 'ASC' } });
  const criteria = await tx.find(Criterion, { where: { eventId }, order: { position: 'ASC' } });
  const judges = await tx.find(Judge, { where: { eventId }, order: { seatLabel: 'ASC' } });
  const presenters = await tx.find(Presenter, { where: { eventId }, order: { unit: 'ASC' } });
  const rounds = await tx.find(Round, { where: { eventId }, order: { position: 'ASC' } });
  const presentations = await tx.find(Presentation, { where: { eventId }, order: { position: 'ASC' } });
  const scoreRows = await tx.query<ScoreRow[]>(
    `SELECT DISTINCT ON (s.presentation_id, s.judge_id)
              s.id, s.presentation_id, s.judge_id, s.revision, s.total::text AS total, s.created_at, s.voided, s.source, s.reason,
              s.after_reveal,
              (SELECT json_agg(json_build_object('criterionId', v.criterion_id, 'value', v.value::text))
                 FROM score_value v WHERE v.score_id = s.id) AS values
         FROM score s JOIN presentation p ON p.id = s.presentation_id
        WHERE p.event_id = $1
        ORDER BY s.presentation_id, s.judge_id, s.revision DESC`,
    [eventId],
  );
  return {
    event: {
      id: event.id,
      name: event.name,
      publicCode: event.publicCode,
      ownerId: event.ownerId,
      rule: event.rule,
      standings: event.standings,
      screenMode: event.screenMode,
      defaultTimeLimitSeconds: event.defaultTimeLimitSeconds,
      lockedAt: event.lockedAt,
      version: event.version,
    },
    groups: groups.map(groupData),
    criteria: criteria.map(criterionData),
    judges: judges.map(judgeData),
    presenters: presenters.map(presenterData),
    rounds: rounds.map(roundData),
    presentations: presentations.map(presentationData),
    entries: scoreRows
      .filter((s) => s.source === 'organizer')
      .map((s) => ({
        presentationId: s.presentation_id,
        judgeId: s.judge_id,
        mark: organizerMark(s.voided, s.revision > 1),
        reason: s.reason ?? '',
        at: new Date(s.created_at),
        afterReveal: s.after_reveal,
      })),
    // A voided latest revision means the judge has no score that counts.
    scores: scoreRows
      .filter((s) => !s.voided)
      .map((s) => ({
        id: s.id,
        presentationId: s.presentation_id,
        judgeId: s.judge_id,
        revision: s.revision,
        total: canonical(s.total),
        createdAt: new Date(s.created_at),
        values: (s.values ?? []).map((v) => ({ criterionId: v.criterionId, value: canonical(v.value) })),
      })),
  };
}

/** An organizer's entry is a void (作废), a correction of an earlier score (更正), or the first score of a judge who never scored (代录, from a signed paper sheet). */
export function organizerMark(voided: boolean, corrects: boolean): OrganizerMark {
  return voided ? 'voided' : corrects ? 'corrected' : 'proxy';
}

// Entity -> plain data, used here and for the responses of the setup API, so both agree.
export const groupData = (g: JudgeGroup): EventState['groups'][number] => ({ id: g.id, name: g.name, weight: canonical(g.weight) });
export const criterionData = (c: Criterion): EventState['criteria'][number] => ({
  id: c.id,
  position: c.position,
  name: c.name,
  minScore: canonical(c.minScore),
  maxScore: canonical(c.maxScore),
  step: canonical(c.step),
  weight: canonical(c.weight),
});
export const judgeData = (j: Judge): EventState['judges'][number] => ({
  id: j.id,
  displayName: j.displayName,
  seatLabel: j.seatLabel,
  groupId: j.groupId,
  conflictUnits: j.conflictUnits,
  linkActive: j.linkHash !== null,
});
export const presenterData = (p: Presenter): EventState['presenters'][number] => ({ id: p.id, name: p.name, title: p.title, unit: p.unit });
export const roundData = (r: Round): EventState['rounds'][number] => ({
  id: r.id,
  position: r.position,
  topic: r.topic,
  lecturer: r.lecturer,
  status: r.status,
  drawSeed: r.drawSeed,
});
export const presentationData = (p: Presentation): EventState['presentations'][number] => ({
  id: p.id,
  roundId: p.roundId,
  presenterId: p.presenterId,
  position: p.position,
  timeLimitSeconds: p.timeLimitSeconds,
  state: p.state,
  onStageAt: p.onStageAt,
  scoringOpenedAt: p.scoringOpenedAt,
  scoringClosedAt: p.scoringClosedAt,
  revealedAt: p.revealedAt,
  noResultAt: p.noResultAt,
  noResultReason: p.noResultReason,
});

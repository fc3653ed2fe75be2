import type { EntityManager } from 'typeorm';
import { notFound } from '../common/api-error.js';
import { ContestEvent } from '../model/event.entity.js';
import { Criterion } from '../model/criterion.entity.js';
import { JudgeGroup } from '../model/judge-group.entity.js';
import { Judge } from '../model/judge.entity.js';
import { Presentation } from '../model/presentation.entity.js';
import { Presenter } from '../model/presenter.entity.js';
import { Round } from '../model/round.entity.js';
import { Signer } from '../model/signer.entity.js';
import { Signoff } from '../model/signoff.entity.js';
import { exact, toText } from '../scoring/index.js';
import { loadAudience } from './audience-ballots.js';
import { shownBallot } from './ballot-tally.js';
import { countedScore, entryOf, type EventState, type LatestRevision } from './event-state.js';

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
  const signers = await tx.find(Signer, { where: { eventId }, order: { createdAt: 'ASC', id: 'ASC' } });
  const signoffs = await tx.find(Signoff, { where: { eventId }, order: { createdAt: 'ASC', id: 'ASC' } });
  const scoreRows = await tx.query<ScoreRow[]>(
    `SELECT DISTINCT ON (s.presentation_id, s.judge_id)
              s.id, s.presentation_id, s.judge_id, s.revision, s.total::text AS total, s.created_at, s.voided, s.source, s.reason,
              s.after_reveal,
              (SELECT json_agg(json_build_object('criterionId', v.criterion_id, 'value', v.value::text) ORDER BY c.position)
                 FROM score_value v JOIN criterion c ON c.id = v.criterion_id WHERE v.score_id = s.id) AS values
         FROM score s JOIN presentation p ON p.id = s.presentation_id
        WHERE p.event_id = $1
        ORDER BY s.presentation_id, s.judge_id, s.revision DESC`,
    [eventId],
  );
  const ballot = await shownBallot(tx, eventId);
  const audience = await loadAudience(tx, eventId, event.ballotCard);
  return {
    event: {
      id: event.id,
      name: event.name,
      publicCode: event.publicCode,
      ownerId: event.ownerId,
      rule: event.rule,
      standings: event.standings,
      screenMode: event.screenMode,
      screenRoundId: event.screenRoundId,
      seriesBoard: event.seriesBoard,
      defaultTimeLimitSeconds: event.defaultTimeLimitSeconds,
      requiredSignoffs: event.requiredSignoffs,
      rankHonesty: event.rankHonesty,
      tieMarks: event.tieMarks,
      lockedAt: event.lockedAt,
      version: event.version,
    },
    groups: groups.map(groupData),
    criteria: criteria.map(criterionData),
    judges: judges.map(judgeData),
    presenters: presenters.map(presenterData),
    rounds: rounds.map(roundData),
    presentations: presentations.map(presentationData),
    signers: signers.map(signerData),
    signoffs: signoffs.map(signoffData),
    audience,
    ballot,
    ...latestRevisions(
      scoreRows.map((s) => ({
        score: {
          id: s.id,
          presentationId: s.presentation_id,
          judgeId: s.judge_id,
          revision: s.revision,
          total: canonical(s.total),
          createdAt: new Date(s.created_at),
          values: (s.values ?? []).map((v) => ({ criterionId: v.criterionId, value: canonical(v.value) })),
        },
        voided: s.voided,
        source: s.source,
        reason: s.reason,
        afterReveal: s.after_reveal,
      })),
    ),
  };
}

/** Each judge's latest revision per talk, as the state keeps it: the organizer's entries, and the scores that count. */
function latestRevisions(rows: LatestRevision[]): Pick<EventState, 'entries' | 'scores'> {
  return {
    entries: rows.flatMap((row) => entryOf(row) ?? []),
    scores: rows.flatMap((row) => countedScore(row) ?? []),
  };
}

// Entity -> plain data, used here and for the responses of the setup API, so both agree.
export const groupData = (g: JudgeGroup): EventState['groups'][number] => ({
  id: g.id,
  name: g.name,
  weight: canonical(g.weight),
  audience: g.audience,
  audienceHall: g.audienceHall,
});
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
  kind: r.kind,
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
export const signerData = (s: Signer): EventState['signers'][number] => ({
  id: s.id,
  role: s.role,
  displayName: s.displayName,
  linkActive: s.linkHash !== null,
});
export const signoffData = (s: Signoff): EventState['signoffs'][number] => ({
  id: s.id,
  presentationId: s.presentationId,
  signerId: s.signerId,
  role: s.role,
  verdict: s.verdict,
  reason: s.reason,
  digest: s.digest,
  at: s.createdAt,
});

import type { ApiErrorBody, ValidationKind } from '../contracts/errors.js';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../common/api-error.js';
import { Criterion } from '../model/criterion.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import type { Organizer } from '../model/organizer.entity.js';
import { Derived, EventChanges, Unchanged } from '../state/event-changes.service.js';
import { indexOf } from '../state/event-index.js';
import type { EventState, LatestRevision } from '../state/event-state.js';
import type { OrganizerMark, ScoreReceipt } from '../contracts/live.js';
import { resultChanges } from '../state/result-changes.js';
import { isPublished } from '../state/round-results.js';
import type { CorrectionPreview, CorrectionReceipt } from './dto/correction.dto.js';
import { checkCriterionValue, exact, judgeTotal, toText, type ValueProblem } from '../scoring/index.js';
import { Score } from '../model/score.entity.js';
import type { SubmitScoreDto } from './submit-score.dto.js';

/** Who is scoring: established from the judge's secret link at the socket handshake. */
export interface JudgeSession {
  judgeId: string;
  eventId: string;
  /** The link's hash at handshake; a re-issued or revoked link no longer matches. */
  linkHash: string;
}

const PROBLEM_TEXT: Record<ValueProblem, string> = {
  not_decimal: 'is not a decimal number',
  below_minimum: 'is below the minimum',
  above_maximum: 'is above the maximum',
  off_step: 'is not on the step',
};
const PROBLEM_KIND: Record<ValueProblem, ValidationKind> = {
  not_decimal: 'isDecimalText',
  below_minimum: 'min',
  above_maximum: 'max',
  off_step: 'invalid',
};

@Injectable()
export class ScoresService {
  constructor(
    private readonly changes: EventChanges,
    private readonly access: EventAccess,
  ) {}

  /**
   * Stores a judge's score for the presentation being scored, or an amendment of it (the next
   * revision). Returns only after the commit, so an acknowledgement always means "in the
   * database". The same idempotency key returns the first receipt and stores nothing.
   */
  submit(session: JudgeSession, dto: SubmitScoreDto): Promise<ScoreReceipt> {
    return this.changes.apply(
      session.eventId,
      'score',
      async (tx, event, stateAtLock) => {
        // One statement for what a score needs of the database: the judge (whose link may have been
        // revoked or replaced since the tablet connected), a score already stored under this key, and
        // the judge's latest revision for the talk.
        const [judge] = await tx.query<{ linkHash: string | null; conflictUnits: string[]; replayId: string | null; latest: number }[]>(
          `SELECT j.link_hash AS "linkHash", j.conflict_units AS "conflictUnits",
                  (SELECT id FROM score WHERE judge_id = j.id AND idempotency_key = $3) AS "replayId",
                  (SELECT coalesce(max(revision), 0) FROM score WHERE presentation_id = $4 AND judge_id = j.id)::int AS latest
             FROM judge j WHERE j.id = $1 AND j.event_id = $2`,
          [session.judgeId, session.eventId, dto.idempotencyKey, dto.presentationId],
        );
        if (!judge || judge.linkHash !== session.linkHash)
          throw unauthorized('this judge link is no longer valid; ask the organizer for a new one', 'judge_link_invalid');
        const { replayId, latest } = judge;
        if (replayId) {
          const replay = await tx.findOneOrFail(Score, { where: { id: replayId }, relations: { values: true } });
          if (!sameSubmission(replay, dto))
            throw conflict('idempotency_key_reused', 'this idempotency key was already used for a different score');
          return new Unchanged(receipt(replay, true));
        }
        // Checked after the replay, so a tablet re-sending an already stored score still gets its receipt.
        if (event.lockedAt) throw conflict('event_locked', 'the event is locked; nothing can change any more');

        // The talk, its presenter and the rubric as of the locked version, from memory: a score reads no more of the event.
        const state = await stateAtLock();
        const index = indexOf(state);
        const presentation = index.presentations.get(dto.presentationId);
        if (!presentation) throw notFound('presentation in your event');
        if (presentation.state !== 'scoring_open') {
          throw conflict('scoring_not_open', `scoring is not open for this presentation (it is ${presentation.state.replace('_', ' ')})`);
        }
        const unit = index.presenters.get(presentation.presenterId)!.unit;
        if (judge.conflictUnits.includes(unit)) {
          throw forbidden('recused', `you are recused (回避) from scoring ${unit}: a conflict of interest is declared`);
        }
        const values = checkValues(state.criteria, dto);
        const total = judgeTotal(values, state.criteria);
        const revision = latest + 1;
        const score = await tx.save(
          tx.create(Score, {
            presentationId: presentation.id,
            judgeId: session.judgeId,
            revision,
            idempotencyKey: dto.idempotencyKey,
            total,
            source: 'judge',
            voided: false,
            reason: null,
            afterReveal: false,
            values: state.criteria.map((c) => ({ criterionId: c.id, value: values.get(c.id)! })),
          }),
        );
        return new Derived(receipt(score, false), stored(score, state));
      },
      // Scores arriving together are written in one transaction, each in a savepoint of its own.
      { allowLocked: true, groupable: true },
    );
  }

  /**
   * An organizer's entry for a judge's score after scoring has closed: a new revision with the
   * values from a signed paper sheet or a correction (override), or marked void, always with who
   * and why. Nothing is overwritten; the review shows every revision, and every screen marks the
   * line 代录, 更正 or 作废.
   *
   * Once the talk is revealed its result is published: the organizer must first preview what the
   * entry changes (every result and rank on the boards and in the standings) and send back that
   * preview's confirmation, so no published number changes without the organizer having seen
   * which. Before the reveal nothing is published, and the answer carries no total: it is sealed.
   */
  async correct(
    actor: Organizer,
    eventId: string,
    presentationId: string,
    judgeId: string,
    correction: Correction,
  ): Promise<CorrectionReceipt> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'score', async (tx, _event, stateAtLock) => {
      const state = await stateAtLock();
      const plan = planCorrection(state, presentationId, judgeId, correction);
      if (plan.published && correction.confirmation !== plan.confirmation) {
        throw correction.confirmation
          ? conflict(
              'correction_changed',
              'the published results this correction changes are no longer those previewed: preview it again and confirm',
            )
          : conflict(
              'correction_unconfirmed',
              'this talk is revealed: preview what the correction changes on the screens, then confirm it',
            );
      }
      const score = await tx.save(
        tx.create(Score, {
          presentationId,
          judgeId,
          revision: (await this.latestRevision(tx, presentationId, judgeId)) + 1,
          idempotencyKey: randomUUID(),
          total: plan.total,
          source: 'organizer',
          reason: correction.reason,
          voided: correction.kind === 'void',
          organizerId: actor.id,
          afterReveal: plan.published,
          values: [...plan.values].map(([criterionId, value]) => ({ criterionId, value })),
        }),
      );
      const answer: CorrectionReceipt = {
        scoreId: score.id,
        presentationId,
        judgeId,
        revision: score.revision,
        mark: plan.mark,
        total: plan.published ? toText(exact(score.total)) : null,
        receivedAt: score.createdAt.toISOString(),
        changes: plan.changes,
      };
      return new Derived(answer, stored(score, state));
    });
  }

  /** What an organizer's entry would change, without storing it: the published results and ranks it alters, and the confirmation to send with it. */
  async previewCorrection(
    actor: Organizer,
    eventId: string,
    presentationId: string,
    judgeId: string,
    correction: Correction,
  ): Promise<CorrectionPreview> {
    await this.access.manage(actor, eventId);
    const { mark, published, changes, confirmation } = planCorrection(
      await this.changes.read(eventId),
      presentationId,
      judgeId,
      correction,
    );
    return { mark, published, changes, confirmation };
  }

  private async latestRevision(tx: EntityManager, presentationId: string, judgeId: string): Promise<number> {
    return (await tx.maximum(Score, 'revision', { presentationId, judgeId })) ?? 0;
  }
}

export type Correction =
  | { kind: 'override'; values: SubmitScoreDto['values']; reason: string; confirmation?: string }
  | { kind: 'void'; reason: string; confirmation?: string };

/**
 * Checks an organizer's entry against the event as it stands and works out what it changes: the
 * values and total it stores, how it is marked, and (for a revealed talk) every published result
 * and rank it alters, with a confirmation that names exactly this entry and these changes.
 */
function planCorrection(state: EventState, presentationId: string, judgeId: string, correction: Correction) {
  const index = indexOf(state);
  const presentation = index.presentations.get(presentationId);
  if (!presentation) throw notFound('presentation');
  if (presentation.state !== 'scoring_closed' && presentation.state !== 'revealed') {
    throw conflict('not_correctable', 'a score can be corrected only after scoring has closed; until then the judge can amend it');
  }
  const judge = index.judges.get(judgeId);
  if (!judge) throw notFound('judge');
  if (state.event.lockedAt) throw conflict('event_locked', 'the event is locked; nothing can change any more');
  const unit = index.presenters.get(presentation.presenterId)!.unit;
  if (judge.conflictUnits.includes(unit)) throw forbidden('recused', `judge ${judge.seatLabel} is recused from ${unit}`);
  const counted = index.scoresByJudge.get(judgeId)?.get(presentationId);
  const entry = index.entriesByPresentation.get(presentationId)?.get(judgeId);
  let values: Map<string, string>;
  if (correction.kind === 'override') {
    values = checkValues(state.criteria, { values: correction.values } as SubmitScoreDto);
  } else {
    if (!counted) throw conflict('nothing_to_void', `judge ${judge.seatLabel} has no score here that counts`);
    values = new Map(counted.values.map((v) => [v.criterionId, v.value]));
  }
  const total = judgeTotal(
    values,
    state.criteria.map((c) => ({ id: c.id, weight: c.weight })),
  );
  // The first score of a judge who never scored is entered (代录); any later one corrects (更正).
  const replaces = counted !== undefined || entry !== undefined;
  const mark: OrganizerMark = correction.kind === 'void' ? 'voided' : replaces ? 'corrected' : 'proxy';
  const published = isPublished(state, presentation);
  if (!published) return { values, total, mark, published, changes: [], confirmation: null };
  const scores = state.scores.filter((s) => !(s.presentationId === presentationId && s.judgeId === judgeId));
  if (correction.kind === 'override') {
    scores.push({
      id: 'preview',
      presentationId,
      judgeId,
      revision: 0,
      total,
      createdAt: new Date(0),
      values: [...values].map(([criterionId, value]) => ({ criterionId, value })),
    });
  }
  const changes = resultChanges(state, { ...state, scores });
  // Names exactly this entry (what it replaces, what it stores, why) and what it changes. Only
  // given once the result is public: before, it would be a digest of sealed values.
  const entered = correction.kind === 'override' ? [...values].sort(([a], [b]) => a.localeCompare(b)) : null;
  const confirmation = createHash('sha256')
    .update(
      JSON.stringify([
        presentationId,
        judgeId,
        correction.kind,
        correction.reason,
        counted?.id ?? null,
        entry?.at.toISOString() ?? null,
        entered,
        changes,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  return { values, total, mark, published, changes, confirmation };
}

/** Exactly one value per criterion, each within its range and on its step; canonical text out. */
function checkValues(
  criteria: readonly Pick<Criterion, 'id' | 'name' | 'minScore' | 'maxScore' | 'step'>[],
  dto: SubmitScoreDto,
): Map<string, string> {
  if (criteria.length === 0) throw conflict('no_rubric', 'this event has no rubric yet');
  const given = new Map<string, string>();
  const fields: NonNullable<ApiErrorBody['fields']> = [];
  dto.values.forEach((v, i) => {
    if (given.has(v.criterionId))
      fields.push({ field: `values.${i}.criterionId`, problems: ['this criterion is scored twice'], kinds: ['invalid'] });
    given.set(v.criterionId, v.value);
  });
  for (const [i, v] of dto.values.entries()) {
    if (!criteria.some((c) => c.id === v.criterionId))
      fields.push({ field: `values.${i}.criterionId`, problems: ['not a criterion of this rubric'], kinds: ['invalid'] });
  }
  for (const criterion of criteria) {
    const index = dto.values.findIndex((v) => v.criterionId === criterion.id);
    const value = given.get(criterion.id);
    if (value === undefined) {
      fields.push({ field: 'values', problems: [`no value for "${criterion.name}"`], kinds: ['isDefined'] });
      continue;
    }
    const range = {
      minScore: toText(exact(criterion.minScore)),
      maxScore: toText(exact(criterion.maxScore)),
      step: toText(exact(criterion.step)),
    };
    const problem = checkCriterionValue(value, range);
    if (problem) {
      fields.push({
        field: `values.${index}.value`,
        problems: [`${value} for "${criterion.name}" ${PROBLEM_TEXT[problem]} (${range.minScore}-${range.maxScore}, step ${range.step})`],
        kinds: [PROBLEM_KIND[problem]],
      });
    }
  }
  if (fields.length > 0) throw badRequest('invalid_score', fields.flatMap((f) => f.problems).join('; '), fields);
  return new Map([...given].map(([id, value]) => [id, toText(exact(value))]));
}

/** The very score stored under this key: the same talk, and exactly the same value for exactly the same criteria. */
function sameSubmission(stored: Score, dto: SubmitScoreDto): boolean {
  const storedValues = new Map((stored.values ?? []).map((v) => [v.criterionId, exact(v.value)]));
  const given = new Set(dto.values.map((v) => v.criterionId));
  return (
    stored.presentationId === dto.presentationId &&
    given.size === dto.values.length &&
    given.size === storedValues.size &&
    dto.values.every((v) => storedValues.get(v.criterionId)?.equals(exact(v.value)) === true)
  );
}

/** A score just saved, as the event's state keeps its line (values in the rubric's order, as a fresh read gives them). */
function stored(score: Score, state: EventState): LatestRevision {
  const values = new Map((score.values ?? []).map((v) => [v.criterionId, v.value]));
  return {
    score: {
      id: score.id,
      presentationId: score.presentationId,
      judgeId: score.judgeId,
      revision: score.revision,
      total: toText(exact(score.total)),
      createdAt: score.createdAt,
      values: state.criteria.flatMap((c) => (values.has(c.id) ? [{ criterionId: c.id, value: toText(exact(values.get(c.id)!)) }] : [])),
    },
    voided: score.voided,
    source: score.source,
    reason: score.reason,
    afterReveal: score.afterReveal,
  };
}

function receipt(score: Score, replayed: boolean): ScoreReceipt {
  return {
    scoreId: score.id,
    presentationId: score.presentationId,
    idempotencyKey: score.idempotencyKey,
    revision: score.revision,
    total: toText(exact(score.total)),
    receivedAt: score.createdAt.toISOString(),
    replayed,
  };
}

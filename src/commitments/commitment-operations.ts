import { DataSource, type EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../common/api-error.js';
import { type AuditContext, declareActor } from '../database/audit-context.js';
import { Commitment } from '../model/commitment.entity.js';
import { CommitmentUpdate } from '../model/commitment-update.entity.js';
import { ContestEvent } from '../model/event.entity.js';
import { Presentation } from '../model/presentation.entity.js';
import { Presenter } from '../model/presenter.entity.js';
import type { CreateCommitmentDto, ReportProgressDto, UpdateCommitmentDto } from './dto/commitment.dto.js';

/**
 * Commitments are not part of any result, so they do not go through EventChanges (no version, no
 * broadcast): each change is a plain transaction, audited like every other (the actor declared
 * first). It holds the event's row in share mode, so it cannot interleave with locking the event.
 *
 * Locked events: what was committed (text, owner, deadline) is part of the event's record and
 * freezes with it; progress updates never do, since following up is exactly what happens after
 * the event (and after it is locked).
 */
export async function inEvent<T>(
  dataSource: DataSource,
  eventId: string,
  actor: AuditContext,
  work: (tx: EntityManager, event: ContestEvent) => Promise<T>,
  options: { allowLocked?: boolean } = {},
): Promise<T> {
  return dataSource.transaction(async (tx) => {
    await declareActor(tx, actor);
    const event = await tx
      .getRepository(ContestEvent)
      .createQueryBuilder('event')
      .setLock('pessimistic_read')
      .where('event.id = :eventId', { eventId })
      .getOne();
    if (!event) throw notFound('event');
    if (event.lockedAt && !options.allowLocked)
      throw conflict('event_locked', 'the event is locked: its commitments stay as recorded (progress can still be reported)');
    return work(tx, event);
  });
}

/**
 * Records a commitment after a talk of the event (of `unit`'s talks only, when the unit records
 * it): a talk not yet presented has nothing committed yet.
 */
export async function addCommitment(
  tx: EntityManager,
  eventId: string,
  dto: CreateCommitmentDto,
  createdBy: string,
  unit?: string,
): Promise<Commitment> {
  const talk = await tx.findOneBy(Presentation, { id: dto.presentationId, eventId });
  const presenter = talk && (await tx.findOneByOrFail(Presenter, { id: talk.presenterId }));
  if (!talk || !presenter || (unit !== undefined && presenter.unit !== unit)) throw notFound('talk');
  if (talk.state === 'pending')
    throw conflict('talk_not_presented', 'commitments are recorded after the talk: this presenter has not been on stage yet');
  return tx.save(
    tx.create(Commitment, {
      eventId,
      presentationId: talk.id,
      unit: presenter.unit,
      text: dto.text,
      owner: dto.owner,
      dueOn: dto.dueOn,
      createdBy,
    }),
  );
}

export async function editCommitment(tx: EntityManager, eventId: string, id: string, dto: UpdateCommitmentDto): Promise<void> {
  const commitment = await tx.findOneBy(Commitment, { id, eventId });
  if (!commitment) throw notFound('commitment');
  await tx.save(Object.assign(commitment, dto));
}

export async function removeCommitment(tx: EntityManager, eventId: string, id: string): Promise<void> {
  const { affected } = await tx.delete(Commitment, { id, eventId });
  if (!affected) throw notFound('commitment');
}

/**
 * Adds a progress report (never changes one: two reports at once both stay). Delivery needs its
 * evidence, and no report speaks of a day after `today`.
 */
export async function reportProgress(
  tx: EntityManager,
  commitment: Commitment,
  dto: ReportProgressDto,
  createdBy: string,
  today: string,
): Promise<void> {
  const evidence = dto.evidence ?? '';
  if (dto.status === 'done' && evidence === '')
    throw badRequest('evidence_required', 'a commitment reported done needs its evidence (a document, a meeting, a figure)');
  const reportedOn = dto.reportedOn ?? today;
  if (reportedOn > today) throw badRequest('date_in_future', `reportedOn ${reportedOn} is after today (${today})`);
  await tx.save(
    tx.create(CommitmentUpdate, {
      eventId: commitment.eventId,
      commitmentId: commitment.id,
      status: dto.status,
      progress: dto.progress,
      evidence,
      reportedOn,
      createdBy,
    }),
  );
}

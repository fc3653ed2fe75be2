import type { EntityManager } from 'typeorm';
import type { CommitmentStatus } from '../contracts/enums.js';
import type { CommitmentDto, CommitmentTalkDto, CommitmentUpdateDto } from '../contracts/rest.js';
import { followUp } from './follow-up.js';

/** Which commitments to read: one event's, one of them, or a unit's across an organizer's events. */
export type CommitmentFilter =
  { eventId: string } | { id: string } | { ownerId: string; units: string[]; createdBefore?: Date; notEventId?: string };

/** A commitment as read, before its updates and follow-up are added. */
type Row = Omit<CommitmentDto, 'status' | 'followUp' | 'doneOn' | 'updates' | 'by' | 'createdAt'> & { createdBy: string; createdAt: Date };

interface UpdateRow {
  id: string;
  commitmentId: string;
  status: CommitmentStatus;
  progress: string;
  evidence: string;
  reportedOn: string;
  createdBy: string;
  createdAt: Date;
}

const by = (actor: string): 'organizer' | 'unit' => (actor.startsWith('unit:') ? 'unit' : 'organizer');

function where(filter: CommitmentFilter): [string, unknown[]] {
  if ('eventId' in filter) return ['c.event_id = $1', [filter.eventId]];
  if ('id' in filter) return ['c.id = $1', [filter.id]];
  return [
    'e.owner_id = $1 AND c.unit = ANY($2) AND ($3::timestamptz IS NULL OR e.created_at < $3) AND ($4::uuid IS NULL OR e.id <> $4)',
    [filter.ownerId, filter.units, filter.createdBefore ?? null, filter.notEventId ?? null],
  ];
}

/**
 * Commitments with their talk, their updates (oldest first) and their follow-up on `asOf`: newest
 * event first, then by topic, speaking order and when recorded.
 */
export async function readCommitments(tx: EntityManager, filter: CommitmentFilter, asOf: string): Promise<CommitmentDto[]> {
  const [condition, params] = where(filter);
  const rows = await tx.query<Row[]>(
    `SELECT c.id, c.event_id AS "eventId", e.name AS "eventName", c.presentation_id AS "presentationId", r.id AS "roundId",
            r.position AS "roundPosition", r.topic, p.position AS "order", c.unit, pr.title AS "presenterTitle",
            pr.name AS "presenterName", c.text, c.owner, c.due_on::text AS "dueOn", c.created_by AS "createdBy", c.created_at AS "createdAt"
       FROM commitment c JOIN event e ON e.id = c.event_id JOIN presentation p ON p.id = c.presentation_id
       JOIN round r ON r.id = p.round_id JOIN presenter pr ON pr.id = p.presenter_id
      WHERE ${condition}
      ORDER BY e.created_at DESC, e.id, r.position, p.position, c.created_at, c.id`,
    params,
  );
  if (rows.length === 0) return [];
  const updates = await tx.query<UpdateRow[]>(
    `SELECT id, commitment_id AS "commitmentId", status, progress, evidence, reported_on::text AS "reportedOn",
            created_by AS "createdBy", created_at AS "createdAt"
       FROM commitment_update WHERE commitment_id = ANY($1) ORDER BY created_at, id`,
    [rows.map((r) => r.id)],
  );
  const updatesOf = new Map<string, CommitmentUpdateDto[]>();
  for (const u of updates) {
    const list = updatesOf.get(u.commitmentId) ?? [];
    list.push({
      id: u.id,
      status: u.status,
      progress: u.progress,
      evidence: u.evidence,
      reportedOn: u.reportedOn,
      by: by(u.createdBy),
      createdAt: u.createdAt.toISOString(),
    });
    updatesOf.set(u.commitmentId, list);
  }
  return rows.map(({ createdBy, createdAt, ...row }) => {
    const list = updatesOf.get(row.id) ?? [];
    const latest = list.at(-1);
    const status = latest?.status ?? null;
    const doneOn = status === 'done' ? latest!.reportedOn : null;
    return {
      ...row,
      status,
      doneOn,
      followUp: followUp({ dueOn: row.dueOn, status, doneOn }, asOf),
      updates: list,
      by: by(createdBy),
      createdAt: createdAt.toISOString(),
    };
  });
}

/** The talks of an event (of one unit), in the programme's order, and whether each has been presented. */
export async function readTalks(tx: EntityManager, eventId: string, unit?: string): Promise<CommitmentTalkDto[]> {
  return tx.query<CommitmentTalkDto[]>(
    `SELECT p.id AS "presentationId", r.id AS "roundId", r.position AS "roundPosition", r.topic, p.position AS "order",
            pr.unit, pr.title AS "presenterTitle", pr.name AS "presenterName", p.state <> 'pending' AS presented
       FROM presentation p JOIN round r ON r.id = p.round_id JOIN presenter pr ON pr.id = p.presenter_id
      WHERE p.event_id = $1 AND ($2::text IS NULL OR pr.unit = $2)
      ORDER BY r.position, p.position`,
    [eventId, unit ?? null],
  );
}

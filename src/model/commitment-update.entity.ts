import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../contracts/enums.js';
import { sqlIn } from './check.js';
import { Commitment } from './commitment.entity.js';
import { EventOwned } from './event-owned.entity.js';

/**
 * One progress report on a commitment (落实进展), with its evidence and the date it speaks of; only
 * ever added, never changed, so two units' staff reporting at once both stay on record. The
 * commitment's status is that of its latest update. Carries the event id so the audit log files it
 * in the event's chain like every other part of the event.
 */
@Entity('commitment_update')
@Check('ck_commitment_update_status', sqlIn('status', COMMITMENT_STATUSES))
export class CommitmentUpdate extends EventOwned {
  @Index('ix_commitment_update_commitment')
  @Column({ type: 'uuid' })
  commitmentId!: string;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'fk_commitment_update_commitment' })
  commitment?: Relation<Commitment>;

  @Column({ type: 'varchar', length: 16 })
  status!: CommitmentStatus;

  @Column({ type: 'text' })
  progress!: string;

  /** What shows it (a document number, a meeting, a link, a figure); may be empty while in progress. */
  @Column({ type: 'text', default: '' })
  evidence!: string;

  /** The date the progress is as of; for `done`, the date it was delivered. */
  @Column({ type: 'date' })
  reportedOn!: string;

  @Column({ type: 'varchar', length: 80 })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, type Relation, UpdateDateColumn } from 'typeorm';
import { EventOwned } from './event-owned.entity.js';
import { Presentation } from './presentation.entity.js';

/**
 * What a presenter committed to on stage (承诺): what, who owns it, by when. Recorded after the talk
 * by the organizer or the presenter's unit; followed up by progress updates (CommitmentUpdate).
 * Not part of any result: it does not go through the event's version (EventChanges).
 */
@Entity('commitment')
@Index('ix_commitment_event_unit', ['eventId', 'unit'])
export class Commitment extends EventOwned {
  @Index('ix_commitment_presentation')
  @Column({ type: 'uuid' })
  presentationId!: string;

  @ManyToOne(() => Presentation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'presentation_id', foreignKeyConstraintName: 'fk_commitment_presentation' })
  presentation?: Relation<Presentation>;

  /** The presenter's unit when it was recorded: the unit that answers for it, across events. */
  @Index('ix_commitment_unit')
  @Column({ type: 'varchar', length: 100 })
  unit!: string;

  @Column({ type: 'text' })
  text!: string;

  /** Who carries it out (a name or a post, e.g. 县委办主任). */
  @Column({ type: 'varchar', length: 100 })
  owner!: string;

  /** The deadline, a calendar date (overdue from the day after, in PODIUM_TIME_ZONE). */
  @Column({ type: 'date' })
  dueOn!: string;

  /** "organizer:<id>" or "unit:<link id>", as the audit log names actors. */
  @Column({ type: 'varchar', length: 80 })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { PRESENTATION_STATES, type PresentationState } from '../contracts/enums.js';
import { sqlIn } from './check.js';
import { Presenter } from './presenter.entity.js';
import { Round } from './round.entity.js';

/** One presenter's talk in one round, with its place in the speaking order. */
@Entity('presentation')
@Check('ck_presentation_state', sqlIn('state', PRESENTATION_STATES))
@Check('ck_presentation_no_result_reason', `state <> 'no_result' OR no_result_reason IS NOT NULL`)
@Unique('uq_presentation_round_presenter', ['roundId', 'presenterId'])
export class Presentation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_presentation_event')
  @Column({ type: 'uuid' })
  eventId!: string;

  @Column({ type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => Round, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: Relation<Round>;

  @Column({ type: 'uuid' })
  presenterId!: string;

  @ManyToOne(() => Presenter, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'presenter_id' })
  presenter?: Relation<Presenter>;

  /** Speaking order within the round, from 1. */
  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'int' })
  timeLimitSeconds!: number;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state!: PresentationState;

  @Column({ type: 'timestamptz', nullable: true })
  onStageAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  scoringOpenedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  scoringClosedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revealedAt!: Date | null;

  /** When the organizer closed the talk with no result (无成绩), and why. */
  @Column({ type: 'timestamptz', nullable: true })
  noResultAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  noResultReason!: string | null;
}

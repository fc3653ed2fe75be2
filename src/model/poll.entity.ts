import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { POLL_DISPLAYS, POLL_STATES, type PollDisplay, type PollState } from '../contracts/ballots.js';
import { sqlIn } from './check.js';
import { EventOwned } from './event-owned.entity.js';
import { Presentation } from './presentation.entity.js';
import { Round } from './round.entity.js';

/**
 * An attendee poll (满意度测评) on a round's lecture, or on one of its talks: open for ballots, then
 * closed for good. At most one poll of an event is open at a time.
 */
@Entity('poll')
@Check('ck_poll_state', sqlIn('state', POLL_STATES))
@Check('ck_poll_display', sqlIn('display', POLL_DISPLAYS))
@Index('uq_poll_open_per_event', ['eventId'], { unique: true, where: `state = 'open'` })
export class Poll extends EventOwned {
  @Index('ix_poll_round')
  @Column({ type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'fk_poll_round' })
  round?: Relation<Round>;

  /** Null: the round's lecture (专题辅导); else a talk of the round. */
  @Column({ type: 'uuid', nullable: true })
  presentationId!: string | null;

  @ManyToOne(() => Presentation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'presentation_id', foreignKeyConstraintName: 'fk_poll_presentation' })
  presentation?: Relation<Presentation>;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  state!: PollState;

  @Column({ type: 'varchar', length: 8, default: 'turnout' })
  display!: PollDisplay;

  @Column({ type: 'timestamptz' })
  openedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}

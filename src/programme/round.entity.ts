import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { ContestEvent } from '../events/event.entity.js';

import type { RoundStatus } from '../show/show-state-machine.js';

/** A topic (专题): one lecture, then the presenters in turn. */
@Entity('round')
@Check('ck_round_status', `status IN ('pending', 'live', 'done')`)
@Unique('uq_round_event_position', ['eventId', 'position'])
export class Round {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => ContestEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<ContestEvent>;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  lecturer!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: RoundStatus;
}

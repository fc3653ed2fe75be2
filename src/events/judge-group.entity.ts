import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { ContestEvent } from './event.entity.js';

/** A panel of judges (city leaders, experts, public representatives) with its weight. */
@Entity('judge_group')
@Unique('uq_judge_group_event_name', ['eventId', 'name'])
export class JudgeGroup {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => ContestEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<ContestEvent>;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'numeric', default: 1 })
  weight!: string;
}

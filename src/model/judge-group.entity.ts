import { Column, Entity, Unique } from 'typeorm';
import { EventOwned } from './event-owned.entity.js';

/** A panel of judges (city leaders, experts, public representatives) with its weight. */
@Entity('judge_group')
@Unique('uq_judge_group_event_name', ['eventId', 'name'])
export class JudgeGroup extends EventOwned {
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'numeric', default: 1 })
  weight!: string;
}

import { Column, Entity, Unique } from 'typeorm';
import { EventOwned } from './event-owned.entity.js';

/** One line of the rubric. A single overall score is a rubric of one criterion. */
@Entity('criterion')
@Unique('uq_criterion_event_position', ['eventId', 'position'])
export class Criterion extends EventOwned {
  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'numeric', default: 0 })
  minScore!: string;

  @Column({ type: 'numeric' })
  maxScore!: string;

  @Column({ type: 'numeric' })
  step!: string;

  @Column({ type: 'numeric', default: 1 })
  weight!: string;
}

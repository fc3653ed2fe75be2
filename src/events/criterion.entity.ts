import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { ContestEvent } from './event.entity.js';

/** One line of the rubric. A single overall score is a rubric of one criterion. */
@Entity('criterion')
@Unique('uq_criterion_event_position', ['eventId', 'position'])
export class Criterion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => ContestEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<ContestEvent>;

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

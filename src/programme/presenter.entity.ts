import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ContestEvent } from '../events/event.entity.js';

/** Who takes the lectern: a person's title and unit (e.g. 县委书记, 红安县). */
@Entity('presenter')
export class Presenter {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => ContestEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<ContestEvent>;

  @Column({ type: 'varchar', length: 100, default: '' })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** Judges in conflict with this unit are recused from the presenter's talks. */
  @Column({ type: 'varchar', length: 100 })
  unit!: string;
}

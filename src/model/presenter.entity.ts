import { Column, Entity } from 'typeorm';
import { EventOwned } from './event-owned.entity.js';

/** Who takes the lectern: a person's title and unit (e.g. 县委书记, 红安县). */
@Entity('presenter')
export class Presenter extends EventOwned {
  @Column({ type: 'varchar', length: 100, default: '' })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** Judges in conflict with this unit are recused from the presenter's talks. */
  @Column({ type: 'varchar', length: 100 })
  unit!: string;
}

import { Column, Entity, Unique } from 'typeorm';
import { EventOwned } from './event-owned.entity.js';

/**
 * A panel of judges (city leaders, experts, public representatives) with its weight; or the
 * audience (大众评委): a group without judges whose value on a talk is the mean of the attendees'
 * ballots on it, counted only when results are weighted by judge group.
 */
@Entity('judge_group')
@Unique('uq_judge_group_event_name', ['eventId', 'name'])
export class JudgeGroup extends EventOwned {
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'numeric', default: 1 })
  weight!: string;

  /** 大众评委: the attendees' ballots on a talk are this group's value (it has no judges). */
  @Column({ type: 'boolean', default: false })
  audience!: boolean;

  /** For an audience group: the hall whose ballots count (主会场, 分会场…); null: every hall. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  audienceHall!: string | null;
}

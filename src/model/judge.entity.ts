import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, type Relation, Unique } from 'typeorm';
import { JudgeGroup } from './judge-group.entity.js';
import { EventOwned } from './event-owned.entity.js';

@Entity('judge')
@Unique('uq_judge_event_seat', ['eventId', 'seatLabel'])
@Unique('uq_judge_link_hash', ['linkHash'])
export class Judge extends EventOwned {
  @Column({ type: 'uuid', nullable: true })
  groupId!: string | null;

  @ManyToOne(() => JudgeGroup, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'group_id' })
  group?: Relation<JudgeGroup>;

  @Column({ type: 'varchar', length: 100 })
  displayName!: string;

  /** Shown on the big screen instead of the name while scoring ("A3"). */
  @Column({ type: 'varchar', length: 16 })
  seatLabel!: string;

  /** Units this judge must not score (his or her own unit). */
  @Column({ type: 'varchar', array: true, default: '{}' })
  conflictUnits!: string[];

  /** SHA-256 of the secret link, by which a tablet is recognised; null once revoked. The link itself is kept apart (JudgeLink) for reprinting. */
  @Column({ type: 'char', length: 64, nullable: true })
  linkHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  linkIssuedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Judge } from './judge.entity.js';

/**
 * A judge's current link, kept so that the QR sheet can be printed again (after a reload, on
 * another organizer's laptop) without issuing new links, which would cut off tablets in use. Only
 * an organizer who manages the event reads it back. Not audited: the judge row's audit records
 * every change of link (by hash), and the link itself must never reach the audit trail or its
 * exports. Gone with a revoked link, and with its judge.
 */
@Entity('judge_link')
export class JudgeLink {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_judge_link' })
  judgeId!: string;

  @OneToOne(() => Judge, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'judge_id', foreignKeyConstraintName: 'fk_judge_link_judge' })
  judge?: Relation<Judge>;

  /** The secret itself (its SHA-256 is the judge's linkHash). */
  @Column({ type: 'varchar', length: 64 })
  token!: string;
}

import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Judge } from './judge.entity.js';

/**
 * A judge link that no longer works, kept (as its hash, never the link) so that a tablet still
 * holding it is told why: replaced by a new link, or revoked. Goes with its judge.
 */
@Entity('retired_judge_link')
@Check('ck_retired_judge_link_reason', `reason IN ('reissued', 'revoked')`)
export class RetiredJudgeLink {
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'pk_retired_judge_link' })
  linkHash!: string;

  @Column({ type: 'uuid' })
  judgeId!: string;

  @ManyToOne(() => Judge, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'judge_id', foreignKeyConstraintName: 'fk_retired_judge_link_judge' })
  judge?: Relation<Judge>;

  @Column({ type: 'varchar', length: 16 })
  reason!: 'reissued' | 'revoked';

  @CreateDateColumn({ type: 'timestamptz' })
  retiredAt!: Date;
}

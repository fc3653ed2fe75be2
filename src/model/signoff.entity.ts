import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { SIGNOFF_ROLES, SIGNOFF_VERDICTS, type SignoffRole, type SignoffVerdict } from '../contracts/enums.js';
import { sqlIn } from './check.js';
import { EventOwned } from './event-owned.entity.js';
import { Presentation } from './presentation.entity.js';
import { Signer } from './signer.entity.js';

/**
 * A signer's word on a talk's scores (确认, or 提出异议 with a reason), with a digest of the score
 * revisions it was given on: once a score changes, the digest no longer matches and the sign-off
 * no longer counts. Rows are only ever added (a new word is a new row), and audited in the event's chain.
 */
@Entity('signoff')
@Check('ck_signoff_role', sqlIn('role', SIGNOFF_ROLES))
@Check('ck_signoff_verdict', sqlIn('verdict', SIGNOFF_VERDICTS))
@Check('ck_signoff_objection_reason', `verdict = 'confirm' OR reason IS NOT NULL`)
export class Signoff extends EventOwned {
  @Index('ix_signoff_presentation')
  @Column({ type: 'uuid' })
  presentationId!: string;

  @ManyToOne(() => Presentation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'presentation_id', foreignKeyConstraintName: 'fk_signoff_presentation' })
  presentation?: Relation<Presentation>;

  @Column({ type: 'uuid' })
  signerId!: string;

  @ManyToOne(() => Signer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signer_id', foreignKeyConstraintName: 'fk_signoff_signer' })
  signer?: Relation<Signer>;

  /** The signer's role when signing (a role is part of what was attested). */
  @Column({ type: 'varchar', length: 16 })
  role!: SignoffRole;

  @Column({ type: 'varchar', length: 8 })
  verdict!: SignoffVerdict;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** SHA-256 over the talk's current score revisions at the time (see scoresDigest). */
  @Column({ type: 'char', length: 64 })
  digest!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

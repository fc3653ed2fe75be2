import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Signer } from './signer.entity.js';

/**
 * A signer's current link, kept so the console can show its QR code again without issuing a new
 * one. Not audited, for the reason JudgeLink is not: the signer row's audit records each change of
 * link by hash, and a link must never reach the audit trail. Gone with a revoked link.
 */
@Entity('signer_link')
export class SignerLink {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_signer_link' })
  signerId!: string;

  @OneToOne(() => Signer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signer_id', foreignKeyConstraintName: 'fk_signer_link_signer' })
  signer?: Relation<Signer>;

  @Column({ type: 'varchar', length: 64 })
  token!: string;
}

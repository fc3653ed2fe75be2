import { Check, Column, CreateDateColumn, Entity, Unique } from 'typeorm';
import { SIGNOFF_ROLES, type SignoffRole } from '../contracts/enums.js';
import { sqlIn } from './check.js';
import { EventOwned } from './event-owned.entity.js';

/**
 * A 计分员, 复核员 or 监督员 of an event: confirms each talk's computed result before it is read out,
 * from a secret link of their own (like a judge's, no account). Audited (the link's hash never
 * enters the log); a signer who has signed off stays on record: the link is revoked instead.
 */
@Entity('signer')
@Check('ck_signer_role', sqlIn('role', SIGNOFF_ROLES))
@Unique('uq_signer_link_hash', ['linkHash'])
export class Signer extends EventOwned {
  @Column({ type: 'varchar', length: 16 })
  role!: SignoffRole;

  @Column({ type: 'varchar', length: 100 })
  displayName!: string;

  /** SHA-256 of the secret link; null once revoked. The link itself is kept apart (SignerLink) for showing it again. */
  @Column({ type: 'char', length: 64, nullable: true })
  linkHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  linkIssuedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation, Unique } from 'typeorm';
import { EventOwned } from './event-owned.entity.js';

/**
 * A presenter's unit's secret link for one event (/unit/<token>), for following up its commitments
 * without an account. Looked up by the SHA-256 of the secret (never stored in the audit log); null
 * once revoked. The secret itself is kept apart (UnitLinkToken) for printing it again.
 */
@Entity('unit_link')
@Unique('uq_unit_link_event_unit', ['eventId', 'unit'])
export class UnitLink extends EventOwned {
  @Column({ type: 'varchar', length: 100 })
  unit!: string;

  @Index('ix_unit_link_hash')
  @Column({ type: 'char', length: 64, nullable: true })
  linkHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  linkIssuedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A unit link's current secret, for showing and printing it again (as judge_link keeps a judge's).
 * Not audited: the link must never reach the audit trail; gone with a revoked link.
 */
@Entity('unit_link_token')
export class UnitLinkToken {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_unit_link_token' })
  unitLinkId!: string;

  @OneToOne(() => UnitLink, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_link_id', foreignKeyConstraintName: 'fk_unit_link_token_unit_link' })
  unitLink?: Relation<UnitLink>;

  @Column({ type: 'varchar', length: 64 })
  token!: string;
}

import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ORGANIZER_ROLES, type OrganizerRole } from '../contracts/enums.js';
import { sqlIn } from './check.js';

export type { OrganizerRole };

@Entity('organizer')
@Check('ck_organizer_role', sqlIn('role', ORGANIZER_ROLES))
@Unique('uq_organizer_username', ['username'])
export class Organizer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 100 })
  displayName!: string;

  /** argon2id hash; the password itself is never stored. */
  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: OrganizerRole;

  /** When an admin disabled the account; while set, it cannot sign in and its sessions are refused. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

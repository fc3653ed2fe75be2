import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins for one username from one address, and when that address may try that name
 * again. Kept in the database, so every server instance agrees. Guessing from one address slows
 * only that address down: the owner signing in from elsewhere is never refused.
 */
@Entity('sign_in_throttle')
export class SignInThrottle {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_sign_in_throttle' })
  username!: string;

  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_sign_in_throttle' })
  address!: string;

  @Column({ type: 'int' })
  failures!: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt!: Date;
}

import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Poll } from './poll.entity.js';

/**
 * An attendee's ballot in a poll: one mark per indicator of the card (exact decimals) and their
 * sum. It names no code: while the poll is open, `voterKey` is a keyed hash of (poll, code) under
 * the ballot secret, so that the code can change its ballot; closing the poll erases it (and the
 * idempotency key), after which nothing stored links a ballot to a code. Not audited: the audit
 * log keeps every row image for good, keys included (docs/ballots.md).
 */
@Entity('ballot')
@Unique('uq_ballot_poll_voter', ['pollId', 'voterKey'])
@Check('ck_ballot_revision', 'revision >= 1')
export class Ballot {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  pollId!: string;

  @ManyToOne(() => Poll, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poll_id', foreignKeyConstraintName: 'fk_ballot_poll' })
  poll?: Relation<Poll>;

  /** The hall of the code that cast it, for turnout per hall. */
  @Column({ type: 'varchar', length: 50 })
  hall!: string;

  /** HMAC(ballot secret, poll:code hash) while the poll is open; null once it is closed. */
  @Column({ type: 'char', length: 64, nullable: true })
  voterKey!: string | null;

  /** The key of the phone's latest submission (a re-send stores nothing); null once the poll is closed. */
  @Column({ type: 'uuid', nullable: true })
  idempotencyKey!: string | null;

  /**
   * The keys of this code's earlier submissions of the ballot (each change comes with a new key): a
   * late copy of one (a re-send that waited in a queue) stores nothing. Erased with the rest at close.
   */
  @Column({ type: 'uuid', array: true, default: '{}' })
  earlierKeys!: string[];

  /** One mark per indicator, in the card's order. */
  @Column({ type: 'numeric', array: true })
  values!: string[];

  @Column({ type: 'numeric' })
  total!: string;

  /** 1 for the first ballot of the code, +1 with each change. */
  @Column({ type: 'int', default: 1 })
  revision!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

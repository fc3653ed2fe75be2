import { Column, CreateDateColumn, Entity, Unique } from 'typeorm';
import { EventOwned } from './event-owned.entity.js';

/**
 * A printed ballot code (测评码) of a hall: its number on the card and the SHA-256 of the code. The
 * code itself is never stored: it is derived from the ballot secret (src/ballots/ballot-secret.ts),
 * so the organizer can print it again. A voided code (lost, handed out twice) casts nothing more.
 * No ballot refers to a code (docs/ballots.md).
 */
@Entity('ballot_code')
@Unique('uq_ballot_code_hash', ['codeHash'])
@Unique('uq_ballot_code_event_hall_number', ['eventId', 'hall', 'number'])
export class BallotCode extends EventOwned {
  /** The hall the code was printed for (主会场, 分会场…). */
  @Column({ type: 'varchar', length: 50 })
  hall!: string;

  /** 1, 2, … within the hall, printed on the card. */
  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'char', length: 64 })
  codeHash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Organizer } from './organizer.entity.js';

/** A signed-in organizer: the bearer token is shown once; only its SHA-256 is kept. */
@Entity('organizer_session')
@Unique('uq_organizer_session_token_hash', ['tokenHash'])
export class OrganizerSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_organizer_session_organizer')
  @Column({ type: 'uuid' })
  organizerId!: string;

  @ManyToOne(() => Organizer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organizer_id' })
  organizer?: Relation<Organizer>;

  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

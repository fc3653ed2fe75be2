import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { SCORE_SOURCES, type ScoreSource } from '../contracts/enums.js';
import { sqlIn } from './check.js';
import { Judge } from './judge.entity.js';
import { Presentation } from './presentation.entity.js';
import { ScoreValue } from './score-value.entity.js';

/**
 * One submission of a judge for a presentation. Rows are only ever added: an amendment is the
 * next revision, and the highest revision is the judge's current score.
 */
@Entity('score')
@Check('ck_score_revision', 'revision >= 1')
@Check('ck_score_source', sqlIn('source', SCORE_SOURCES))
@Check('ck_score_organizer_reason', `source = 'judge' OR (reason IS NOT NULL AND organizer_id IS NOT NULL)`)
@Unique('uq_score_judge_idempotency_key', ['judgeId', 'idempotencyKey'])
@Unique('uq_score_presentation_judge_revision', ['presentationId', 'judgeId', 'revision'])
export class Score {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_score_presentation')
  @Column({ type: 'uuid' })
  presentationId!: string;

  @ManyToOne(() => Presentation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'presentation_id' })
  presentation?: Relation<Presentation>;

  @Column({ type: 'uuid' })
  judgeId!: string;

  @ManyToOne(() => Judge, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'judge_id' })
  judge?: Relation<Judge>;

  @Column({ type: 'int' })
  revision!: number;

  /** Chosen by the tablet, so a re-sent submission is recognised and stored once. */
  @Column({ type: 'uuid' })
  idempotencyKey!: string;

  /** Sum of the criterion values times their weights, exact. */
  @Column({ type: 'numeric' })
  total!: string;

  /** A judge's own submission, or an organizer's correction (override or void), which needs a reason. */
  @Column({ type: 'varchar', length: 16, default: 'judge' })
  source!: ScoreSource;

  /** Why an organizer changed this score; shown in the review. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** A voided score no longer counts; the judge is treated as not having scored. */
  @Column({ type: 'boolean', default: false })
  voided!: boolean;

  @Column({ type: 'uuid', nullable: true })
  organizerId!: string | null;

  /** An organizer's entry made after the talk's result was published: a correction of a public result (更正 on the screens). */
  @Column({ type: 'boolean', default: false })
  afterReveal!: boolean;

  @OneToMany(() => ScoreValue, (value) => value.score, { cascade: ['insert'] })
  values?: Relation<ScoreValue>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

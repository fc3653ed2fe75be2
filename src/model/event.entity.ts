import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { SCREEN_MODES, SIGNOFF_ROLES, type ScreenMode, type SignoffRole } from '../contracts/enums.js';
import type { BallotCardDto } from '../contracts/ballots.js';
import { sqlIn, sqlSubset } from './check.js';
import type { RankHonesty, ScoringRule, SeriesBoard, StandingsRule, TieMarks } from '../scoring/index.js';

export type { ScreenMode };
import { Organizer } from './organizer.entity.js';

@Entity('event')
@Check('ck_event_screen_mode', sqlIn('screen_mode', SCREEN_MODES))
@Check('ck_event_required_signoffs', sqlSubset('required_signoffs', SIGNOFF_ROLES))
@Unique('uq_event_public_code', ['publicCode'])
export class ContestEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Opens the read-only big screen and remote views; not a secret. */
  @Column({ type: 'varchar', length: 16 })
  publicCode!: string;

  @Index('ix_event_owner')
  @Column({ type: 'uuid' })
  ownerId!: string;

  @ManyToOne(() => Organizer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_id' })
  owner?: Relation<Organizer>;

  /** The declared scoring rule (see src/scoring/rule.ts); it cannot change once a round has started. */
  @Column({ type: 'jsonb' })
  rule!: ScoringRule;

  /** How round results combine into the event's overall standings. */
  @Column({ type: 'jsonb' })
  standings!: StandingsRule;

  /** What the big screens show: the stage (talk, progress, reveal), the round's board, or the overall standings. */
  @Column({ type: 'varchar', length: 16, default: 'stage' })
  screenMode!: ScreenMode;

  /**
   * With the round board on the screens: the topic whose board they show, chosen by the organizer
   * (topic 1's board while topic 2 runs); none, the current topic's.
   */
  @Column({ type: 'uuid', nullable: true })
  screenRoundId!: string | null;

  /**
   * The red and grey board (红灰榜) of a series of events this event's screens show in mode
   * red_grey_board: the series, the declared cut lines, how far it is revealed, and the series'
   * figures as last computed (see src/scoring/series-board.ts). None: no board set up.
   */
  @Column({ type: 'jsonb', nullable: true })
  seriesBoard!: SeriesBoard | null;

  /**
   * The sign-offs a reveal waits for (计分员, 复核员, 监督员), in SIGNOFF_ROLES order; none: a talk is
   * revealed as soon as its scoring is closed. Declared before scoring starts, like the rule.
   */
  @Column({ type: 'varchar', length: 16, array: true, default: '{}' })
  requiredSignoffs!: SignoffRole[];

  /** The evaluation card (评价表) attendees rate a lecture on (满意度测评); none until the organizer sets it. Frozen once a poll has opened. */
  @Column({ type: 'jsonb', nullable: true })
  ballotCard!: BallotCardDto | null;

  /**
   * Declared rank honesty on the event's own round boards and standings (差异在评分误差内): the
   * confidence, resamples and seed of the bootstrap; null: off. Declared before scoring starts.
   */
  @Column({ type: 'jsonb', nullable: true })
  rankHonesty!: RankHonesty | null;

  /**
   * Rank honesty's marks as last computed, with the digest of the published results they belong to
   * (see src/results/tie-marks.service.ts); the screens show them only while that digest is current.
   */
  @Column({ type: 'jsonb', nullable: true })
  tieMarks!: TieMarks | null;

  /** Time limit of a talk unless a presentation sets its own. */
  @Column({ type: 'int', default: 300 })
  defaultTimeLimitSeconds!: number;

  /** Once locked, nothing in the event changes any more. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;

  /**
   * Increases by one with every committed change, inside the same transaction. Live clients
   * compare it with the last version they applied to notice a missed message.
   */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import { Check, Column, Entity, Unique } from 'typeorm';

import { ROUND_KINDS, ROUND_STATUSES, type RoundKind, type RoundStatus } from '../contracts/enums.js';
import { sqlIn } from './check.js';
import { EventOwned } from './event-owned.entity.js';

/** A topic (专题): one lecture, then the presenters in turn. */
@Entity('round')
@Check('ck_round_status', sqlIn('status', ROUND_STATUSES))
@Check('ck_round_kind', sqlIn('kind', ROUND_KINDS))
@Unique('uq_round_event_position', ['eventId', 'position'])
export class Round extends EventOwned {
  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  lecturer!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: RoundStatus;

  /** A topic of the contest, or a calibration round (试评) whose scores never count and are never published. */
  @Column({ type: 'varchar', length: 16, default: 'contest' })
  kind!: RoundKind;

  /** The seed of the speaking-order draw (抽签), so that anyone can redo it; null if the order was set by hand. */
  @Column({
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  drawSeed!: number | null;
}

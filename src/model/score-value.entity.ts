import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Criterion } from './criterion.entity.js';
import { Score } from './score.entity.js';

@Entity('score_value')
@Unique('uq_score_value_score_criterion', ['scoreId', 'criterionId'])
export class ScoreValue {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  scoreId!: string;

  @ManyToOne(() => Score, (score) => score.values, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'score_id' })
  score?: Relation<Score>;

  @Column({ type: 'uuid' })
  criterionId!: string;

  @ManyToOne(() => Criterion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id' })
  criterion?: Relation<Criterion>;

  @Column({ type: 'numeric' })
  value!: string;
}

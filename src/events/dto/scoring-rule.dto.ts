import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDecimalText, Optional } from '../../common/input-decorators.js';
import type {
  Aggregation,
  RoundingMode,
  ScoringRule,
  SimpleAggregation,
  StandingsMethod,
  StandingsRule,
  TieBreak,
} from '../../scoring/index.js';

const SIMPLE = ['mean', 'sum', 'median', 'trimmed_mean', 'diving'] as const;
const TRIMMING = ['trimmed_mean', 'diving'];

/** The fields an aggregation may have; which ones it needs depends on its method. */
abstract class AggregationFieldsDto {
  method!: Aggregation['method'];

  @ApiPropertyOptional({ description: 'trimmed_mean and diving: how many highest and lowest totals to drop' })
  @ValidateIf((o: AggregationFieldsDto) => TRIMMING.includes(o.method) || o.trim !== undefined)
  @IsInt({ message: 'trim must be a whole number (trimmed_mean and diving need it)' })
  @Min(0)
  @Max(10)
  trim?: number;

  @ApiPropertyOptional({ description: 'diving: the multiplier of the sum', example: '0.6' })
  @ValidateIf((o: AggregationFieldsDto) => o.method === 'diving' || o.multiplier !== undefined)
  @IsDecimalText(4, '0.6')
  multiplier?: string;
}

export class SimpleAggregationDto extends AggregationFieldsDto {
  @ApiProperty({ enum: SIMPLE })
  @IsIn(SIMPLE, { message: `method must be one of ${SIMPLE.join(', ')}` })
  declare method: SimpleAggregation['method'];
}

export class GroupAggregationDto {
  @ApiProperty({ example: '专家学者' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  group!: string;

  @ApiProperty({ type: SimpleAggregationDto })
  @ValidateNested()
  @Type(() => SimpleAggregationDto)
  aggregation!: SimpleAggregationDto;
}

export class AggregationDto extends AggregationFieldsDto {
  @ApiProperty({ enum: [...SIMPLE, 'group_weighted'] })
  @IsIn([...SIMPLE, 'group_weighted'], { message: `method must be one of ${[...SIMPLE, 'group_weighted'].join(', ')}` })
  declare method: Aggregation['method'];

  @ApiPropertyOptional({ type: SimpleAggregationDto, description: 'group_weighted: the rule inside each group' })
  @ValidateIf((o: AggregationDto) => o.method === 'group_weighted' || o.within !== undefined)
  @ValidateNested()
  @Type(() => SimpleAggregationDto)
  within?: SimpleAggregationDto;

  @ApiPropertyOptional({ type: [GroupAggregationDto], description: 'group_weighted: a different rule for some groups' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GroupAggregationDto)
  byGroup?: GroupAggregationDto[];
}

export class RoundingDto {
  @IsInt()
  @Min(0)
  @Max(4)
  decimals!: number;

  @ApiProperty({ enum: ['half_up', 'half_even', 'down', 'up'] })
  @IsIn(['half_up', 'half_even', 'down', 'up'], { message: 'mode must be half_up, half_even, down or up' })
  mode!: RoundingMode;
}

const TIE_BREAKS = ['untrimmed_mean', 'lowest_score', 'highest_score', 'median', 'criterion'] as const;

export class TieBreakDto {
  @ApiProperty({ enum: TIE_BREAKS })
  @IsIn(TIE_BREAKS, { message: `by must be one of ${TIE_BREAKS.join(', ')}` })
  by!: TieBreak['by'];

  @ApiPropertyOptional({ description: 'criterion: the id or name of a criterion of the rubric' })
  @ValidateIf((o: TieBreakDto) => o.by === 'criterion' || o.criterion !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  criterion?: string;
}

/** A scoring rule as the API takes it; every part may be left out and keeps its current value. */
export class ScoringRuleDto {
  @ApiPropertyOptional({ type: AggregationDto })
  @Optional()
  @ValidateNested()
  @Type(() => AggregationDto)
  aggregation?: AggregationDto;

  @Optional()
  @IsBoolean()
  normalise?: boolean;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  minJudges?: number;

  @ApiPropertyOptional({ enum: ['untrimmed', 'no_result'] })
  @Optional()
  @IsIn(['untrimmed', 'no_result'], { message: 'tooFewToTrim must be untrimmed or no_result' })
  tooFewToTrim?: ScoringRule['tooFewToTrim'];

  @ApiPropertyOptional({ type: RoundingDto })
  @Optional()
  @ValidateNested()
  @Type(() => RoundingDto)
  rounding?: RoundingDto;

  @ApiPropertyOptional({ enum: ['rounded', 'exact'] })
  @Optional()
  @IsIn(['rounded', 'exact'], { message: 'rankOn must be rounded or exact' })
  rankOn?: ScoringRule['rankOn'];

  @ApiPropertyOptional({ enum: ['competition', 'dense'] })
  @Optional()
  @IsIn(['competition', 'dense'], { message: 'ranking must be competition or dense' })
  ranking?: ScoringRule['ranking'];

  @ApiPropertyOptional({ type: [TieBreakDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => TieBreakDto)
  tieBreak?: TieBreakDto[];
}

export class StandingsRuleDto {
  @ApiPropertyOptional({ enum: ['total', 'mean', 'rank_points'] })
  @Optional()
  @IsIn(['total', 'mean', 'rank_points'], { message: 'method must be total, mean or rank_points' })
  method?: StandingsMethod;

  @Optional()
  @IsBoolean()
  normalise?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['10', '8', '6', '5', '4', '3', '2', '1'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsDecimalText(4, '10', { each: true })
  points?: string[];

  @ApiPropertyOptional({ type: RoundingDto })
  @Optional()
  @ValidateNested()
  @Type(() => RoundingDto)
  rounding?: RoundingDto;

  @ApiPropertyOptional({ enum: ['competition', 'dense'] })
  @Optional()
  @IsIn(['competition', 'dense'], { message: 'ranking must be competition or dense' })
  ranking?: StandingsRule['ranking'];
}

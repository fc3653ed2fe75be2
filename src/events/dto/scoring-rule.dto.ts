import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDecimalText, IsOneOf, Optional } from '../../common/input-decorators.js';
import {
  AGGREGATION_METHODS,
  RANK_ON,
  RANKINGS,
  ROUNDING_MODES,
  SIMPLE_AGGREGATION_METHODS,
  STANDINGS_METHODS,
  TIE_BREAK_KINDS,
  TOO_FEW_TO_TRIM,
} from '../../contracts/enums.js';
import type {
  Aggregation,
  RoundingMode,
  ScoringRule,
  SimpleAggregation,
  StandingsMethod,
  StandingsRule,
  TieBreak,
} from '../../scoring/index.js';

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
  @ApiProperty({ enum: SIMPLE_AGGREGATION_METHODS })
  @IsOneOf(SIMPLE_AGGREGATION_METHODS, 'method')
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
  @ApiProperty({ enum: AGGREGATION_METHODS })
  @IsOneOf(AGGREGATION_METHODS, 'method')
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
  @IsOneOf(ROUNDING_MODES, 'mode')
  mode!: RoundingMode;
}

export class TieBreakDto {
  @ApiProperty({ enum: TIE_BREAK_KINDS })
  @IsOneOf(TIE_BREAK_KINDS, 'by')
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
  @IsOneOf(TOO_FEW_TO_TRIM, 'tooFewToTrim')
  tooFewToTrim?: ScoringRule['tooFewToTrim'];

  @ApiPropertyOptional({ type: RoundingDto })
  @Optional()
  @ValidateNested()
  @Type(() => RoundingDto)
  rounding?: RoundingDto;

  @ApiPropertyOptional({ enum: ['rounded', 'exact'] })
  @Optional()
  @IsOneOf(RANK_ON, 'rankOn')
  rankOn?: ScoringRule['rankOn'];

  @ApiPropertyOptional({ enum: ['competition', 'dense'] })
  @Optional()
  @IsOneOf(RANKINGS, 'ranking')
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
  @IsOneOf(STANDINGS_METHODS, 'method')
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
  @IsOneOf(RANKINGS, 'ranking')
  ranking?: StandingsRule['ranking'];
}

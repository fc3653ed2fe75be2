import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsDecimalText, Optional } from '../../common/input-decorators.js';
import type { AggregationMethod } from '../../scoring/index.js';

export class CreateEventDto {
  @ApiProperty({ example: '黄冈市县级领导干部专题学习会' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ enum: ['mean', 'trimmed_mean'], default: 'trimmed_mean' })
  @Optional()
  @IsIn(['mean', 'trimmed_mean'], { message: 'aggregation must be "mean" or "trimmed_mean"' })
  aggregation?: AggregationMethod;

  @ApiPropertyOptional({ default: 1, description: 'a trimmed mean drops this many highest and lowest totals' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10)
  trimK?: number;

  @ApiPropertyOptional({ default: 2, description: 'decimals of published results (rounded half up)' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(4)
  decimals?: number;

  @ApiPropertyOptional({ default: 300 })
  @Optional()
  @IsInt()
  @Min(10)
  @Max(7200)
  defaultTimeLimitSeconds?: number;
}

export class UpdateEventDto extends PartialType(CreateEventDto, { skipNullProperties: false }) {}

export class CreateGroupDto {
  @ApiProperty({ example: '市领导' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '1', description: 'weight of this group in a weighted mean' })
  @Optional()
  @IsDecimalText(4, '1')
  weight?: string;
}

export class UpdateGroupDto extends PartialType(CreateGroupDto, { skipNullProperties: false }) {}

export class CreateCriterionDto {
  @ApiProperty({ example: '思路举措' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsDecimalText(4, '30')
  maxScore!: string;

  @IsDecimalText(4, '0.5')
  step!: string;

  @Optional()
  @IsDecimalText(4, '0')
  minScore?: string;

  @Optional()
  @IsDecimalText(4, '1')
  weight?: string;
}

export class UpdateCriterionDto extends PartialType(CreateCriterionDto, { skipNullProperties: false }) {}

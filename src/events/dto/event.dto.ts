import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDecimalText, IsOneOf, Optional, PlainText } from '../../common/input-decorators.js';
import { SIGNOFF_ROLES, type SignoffRole } from '../../contracts/enums.js';
import { Type } from 'class-transformer';
import { ScoringRuleDto, StandingsRuleDto } from './scoring-rule.dto.js';

export class CreateEventDto {
  @ApiProperty({ example: '黄冈市县级领导干部专题学习会' })
  @PlainText()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    type: ScoringRuleDto,
    description: 'the declared scoring rule; unspecified parts keep their defaults (trimmed mean, k = 1, 2 decimals half up)',
  })
  @Optional()
  @ValidateNested()
  @Type(() => ScoringRuleDto)
  rule?: ScoringRuleDto;

  @ApiPropertyOptional({ type: StandingsRuleDto, description: 'how round results combine into the overall standings' })
  @Optional()
  @ValidateNested()
  @Type(() => StandingsRuleDto)
  standings?: StandingsRuleDto;

  @ApiPropertyOptional({ default: 300 })
  @Optional()
  @IsInt()
  @Min(10)
  @Max(7200)
  defaultTimeLimitSeconds?: number;

  @ApiPropertyOptional({
    enum: SIGNOFF_ROLES,
    isArray: true,
    default: [],
    description: 'the sign-offs each reveal waits for: scorer (计分员), reviewer (复核员), supervisor (监督员); fixed once scoring starts',
  })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @IsOneOf(SIGNOFF_ROLES, 'each of requiredSignoffs', { each: true })
  requiredSignoffs?: SignoffRole[];

  @ApiPropertyOptional({
    nullable: true,
    description:
      'rank honesty (declared): on the round boards and standings, mark neighbours as 差异在评分误差内 where they keep their order in fewer than this percent of 200 seeded bootstrap resamples of the judges; null or left out: off. Fixed once scoring starts',
    example: 95,
  })
  @Optional()
  @ValidateIf((_, value: unknown) => value !== null)
  @IsInt()
  @Min(50)
  @Max(99)
  rankHonestyConfidence?: number | null;
}

export class UpdateEventDto extends PartialType(CreateEventDto, { skipNullProperties: false }) {}

export class CreateGroupDto {
  @ApiProperty({ example: '市领导' })
  @PlainText()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '1', description: 'weight of this group in a weighted mean' })
  @Optional()
  @IsDecimalText(4, '1')
  weight?: string;

  @ApiPropertyOptional({ description: "大众评委: the group has no judges; the attendees' ballots on a talk are its value" })
  @Optional()
  @IsBoolean()
  audience?: boolean;

  @ApiPropertyOptional({
    example: '主会场',
    nullable: true,
    description: 'for an audience group: the hall whose ballots count (null: every hall), named as its ballot codes name it',
  })
  @IsOptional()
  @PlainText({ identity: true })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  audienceHall?: string | null;
}

export class UpdateGroupDto extends PartialType(CreateGroupDto, { skipNullProperties: false }) {}

export class CreateCriterionDto {
  @ApiProperty({ example: '思路举措' })
  @PlainText()
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

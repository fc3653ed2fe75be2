import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BALLOT_SCALES,
  type BallotCardDto,
  type BallotLevel,
  type BallotScale,
  type CastBallotPayload,
  POLL_DISPLAYS,
  type PollDisplay,
} from '../../contracts/ballots.js';
import { IsDecimalText, IsOneOf, PlainText } from '../../common/input-decorators.js';

export class BallotLevelDto implements BallotLevel {
  @ApiProperty({ example: '满意' })
  @PlainText()
  @IsString()
  @MaxLength(50)
  label!: string;

  @IsDecimalText(2, '80')
  value!: string;
}

/** The evaluation card (评价表); what the types allow is checked here, the rest (ranges, steps) by checkedCard. */
export class BallotCardInputDto implements BallotCardDto {
  @ApiProperty({ example: ['政治站位', '内容质量', '联系实际', '表达效果', '总体评价'] })
  @IsArray()
  @ArrayMaxSize(10)
  @PlainText()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  indicators!: string[];

  @ApiProperty({ enum: BALLOT_SCALES })
  @IsOneOf(BALLOT_SCALES, 'scale')
  scale!: BallotScale;

  @ApiPropertyOptional({ example: '20', nullable: true, type: String })
  @ValidateIf((_: object, v: unknown) => v !== null)
  @IsDecimalText(2, '20')
  max!: string | null;

  @ApiPropertyOptional({ example: '1', nullable: true, type: String })
  @ValidateIf((_: object, v: unknown) => v !== null)
  @IsDecimalText(2, '1')
  step!: string | null;

  @IsArray()
  @ArrayMaxSize(7)
  @ValidateNested({ each: true })
  @Type(() => BallotLevelDto)
  levels!: BallotLevelDto[];
}

export class IssueCodesDto {
  @ApiProperty({ example: '主会场', description: 'the hall the codes are for' })
  @PlainText({ identity: true })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  hall!: string;

  @ApiProperty({ example: 300, description: 'how many more codes to issue for the hall (1–5000)' })
  @IsInt()
  @Min(1)
  @Max(5000)
  count!: number;
}

export class VoidCodeDto {
  @PlainText({ identity: true })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  hall!: string;

  @ApiProperty({ description: 'the number printed on the card' })
  @IsInt()
  @Min(1)
  number!: number;
}

export class HallQueryDto {
  @PlainText({ identity: true })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  hall!: string;
}

export class OpenPollDto {
  @IsUUID('all', { message: 'roundId must be the id of a topic of this event' })
  roundId!: string;

  @ApiPropertyOptional({ description: 'a talk of the round (大众评委); none: the round’s lecture' })
  @ValidateIf((_: object, v: unknown) => v !== undefined && v !== null)
  @IsUUID('all', { message: 'presentationId must be the id of a talk of the round' })
  presentationId?: string | null;
}

export class PollDisplayDto {
  @ApiProperty({ enum: POLL_DISPLAYS })
  @IsOneOf(POLL_DISPLAYS, 'display')
  display!: PollDisplay;
}

/** A ballot, or its change: POST /api/ballot/:code. */
export class CastBallotDto implements CastBallotPayload {
  @IsUUID('all', { message: 'idempotencyKey must be a UUID chosen by the phone' })
  idempotencyKey!: string;

  @IsUUID('all', { message: 'pollId must be the id of the open poll' })
  pollId!: string;

  @IsArray()
  @ArrayMaxSize(10)
  @IsDecimalText(2, '18', { each: true })
  values!: string[];
}

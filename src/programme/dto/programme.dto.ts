import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsOneOf, Optional, PlainText } from '../../common/input-decorators.js';
import { ROUND_KINDS, type RoundKind } from '../../contracts/enums.js';
import { IsBoolean, IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateRoundDto {
  @ApiProperty({ example: '专题一：深入学习贯彻党的二十届四中全会精神' })
  @PlainText()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  topic!: string;

  @ApiPropertyOptional({ example: '市委常委、组织部部长' })
  @PlainText()
  @Optional()
  @IsString()
  @MaxLength(200)
  lecturer?: string;

  @ApiPropertyOptional({
    enum: ROUND_KINDS,
    default: 'contest',
    description: 'calibration: a 试评 round before the contest; its scores never count and are never published',
  })
  @Optional()
  @IsOneOf(ROUND_KINDS, 'kind')
  kind?: RoundKind;
}

export class UpdateRoundDto extends PartialType(CreateRoundDto, { skipNullProperties: false }) {}

export class CreatePresenterDto {
  @ApiProperty({ example: '县委书记' })
  @PlainText()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  title!: string;

  @ApiProperty({ example: '红安县' })
  @PlainText({ identity: true })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  unit!: string;

  @ApiPropertyOptional()
  @PlainText()
  @Optional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class UpdatePresenterDto extends PartialType(CreatePresenterDto, { skipNullProperties: false }) {}

export class CreatePresentationDto {
  @ApiProperty()
  @IsUUID('all', { message: 'presenterId must be the id of a presenter of this event' })
  presenterId!: string;

  @ApiPropertyOptional({ description: 'speaking order from 1; appended at the end when omitted' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1000)
  position?: number;

  @ApiPropertyOptional({ description: "the event's default when omitted" })
  @Optional()
  @IsInt()
  @Min(10)
  @Max(7200)
  timeLimitSeconds?: number;
}

export class DrawDto {
  @ApiPropertyOptional({ description: 'the seed to draw with; a random one is chosen and recorded when left out' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed?: number;
}

export class UpdatePresentationDto extends PartialType(PickType(CreatePresentationDto, ['position', 'timeLimitSeconds'] as const), {
  skipNullProperties: false,
}) {}

export class FillProgrammeDto {
  @ApiPropertyOptional({
    description: 'then draw the speaking order (抽签) of every topic that has not started, each from its own recorded seed',
  })
  @Optional()
  @IsBoolean()
  draw?: boolean;
}

export class ExtendDto {
  @ApiProperty({ example: 60, description: 'seconds added to the talk on stage (negative: taken off)' })
  @IsInt()
  @Min(-600)
  @Max(1800)
  seconds!: number;
}

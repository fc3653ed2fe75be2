import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Optional, PlainText } from '../../common/input-decorators.js';

export class CreateJudgeDto {
  @ApiProperty({ example: '评委 张三' })
  @PlainText()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ example: 'A1', description: 'shown on the big screen while scoring' })
  @PlainText({ identity: true })
  @Matches(/^[\p{L}\p{N}-]{1,16}$/u, { message: 'seatLabel must be 1-16 letters, digits or dashes' })
  seatLabel!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, value: unknown) => value !== null)
  @IsUUID('all', { message: 'groupId must be the id of a judge group of this event' })
  groupId?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['红安县'], description: 'units this judge must not score' })
  @Optional()
  @PlainText({ identity: true })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  conflictUnits?: string[];
}

export class UpdateJudgeDto extends PartialType(CreateJudgeDto, { skipNullProperties: false }) {}

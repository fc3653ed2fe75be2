import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../../contracts/enums.js';
import { IsDateText, IsOneOf, Optional, PlainText } from '../../common/input-decorators.js';
import { CreatePresenterDto } from '../../programme/dto/programme.dto.js';

export class CreateCommitmentDto {
  @ApiProperty({ description: 'the talk (presentation) after which it was committed' })
  @IsUUID('all', { message: 'presentationId must be the id of a talk of this event' })
  presentationId!: string;

  @ApiProperty({ example: '三个月内完成全县重点产业链招商图谱' })
  @PlainText()
  @IsString()
  @MinLength(1, { message: 'text must say what was committed to' })
  @MaxLength(2000)
  text!: string;

  @ApiProperty({ example: '县委办主任 王五', description: 'who carries it out: a name or a post' })
  @PlainText()
  @IsString()
  @MinLength(1, { message: 'owner must name who carries it out' })
  @MaxLength(100)
  owner!: string;

  @IsDateText()
  dueOn!: string;
}

/** Text, owner and deadline; the talk stays. */
export class UpdateCommitmentDto extends PartialType(PickType(CreateCommitmentDto, ['text', 'owner', 'dueOn'] as const), {
  skipNullProperties: false,
}) {}

/** A progress report (落实进展); `done` needs evidence. */
export class ReportProgressDto {
  @ApiProperty({ enum: COMMITMENT_STATUSES })
  @IsOneOf(COMMITMENT_STATUSES, 'status')
  status!: CommitmentStatus;

  @ApiProperty({ example: '已召开专题会议，完成产业链梳理' })
  @PlainText()
  @IsString()
  @MinLength(1, { message: 'progress must say what has been done' })
  @MaxLength(2000)
  progress!: string;

  @ApiPropertyOptional({ example: '县委办〔2026〕12号文件' })
  @Optional()
  @PlainText()
  @IsString()
  @MaxLength(2000)
  evidence?: string;

  @ApiPropertyOptional({ description: 'the date the progress is as of (for done: the delivery date); today if left out' })
  @Optional()
  @IsDateText()
  reportedOn?: string;
}

/** The unit, written as a presenter's unit is. */
export class IssueUnitLinkDto extends PickType(CreatePresenterDto, ['unit'] as const) {}

/** The day a follow-up is judged on (YYYY-MM-DD); today in PODIUM_TIME_ZONE if left out. */
export class AsOfQueryDto {
  @ApiPropertyOptional({ example: '2026-06-30' })
  @Optional()
  @IsDateText()
  asOf?: string;
}

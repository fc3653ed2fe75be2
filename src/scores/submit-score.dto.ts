import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import type { SubmitScorePayload } from '../live/live-events.js';

export class CriterionValueDto {
  @IsUUID('all', { message: 'criterionId must be the id of a criterion of the rubric' })
  criterionId!: string;

  // A string, never a JSON number: a number would already be a binary float when it arrives.
  @IsString({ message: 'value must be a decimal string such as "8.5", not a number' })
  @Matches(/^\d{1,6}(\.\d{1,4})?$/, { message: 'value must be a decimal string such as "8.5" (at most 4 decimals)' })
  value!: string;
}

export class SubmitScoreDto implements SubmitScorePayload {
  @IsUUID('all', { message: 'idempotencyKey must be a UUID chosen by the tablet' })
  idempotencyKey!: string;

  @IsUUID('all', { message: 'presentationId must be the id of the presentation being scored' })
  presentationId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionValueDto)
  values!: CriterionValueDto[];
}

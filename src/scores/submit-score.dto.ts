import { EVENT_LIMITS } from '../model/event-limits.js';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, ValidateNested } from 'class-validator';
import { IsDecimalText } from '../common/input-decorators.js';
import type { SubmitScorePayload } from '../contracts/live.js';

export class CriterionValueDto {
  @IsUUID('all', { message: 'criterionId must be the id of a criterion of the rubric' })
  criterionId!: string;

  // A string, never a JSON number: a number would already be a binary float when it arrives.
  @IsDecimalText(4, '8.5')
  value!: string;
}

export class SubmitScoreDto implements SubmitScorePayload {
  @IsUUID('all', { message: 'idempotencyKey must be a UUID chosen by the tablet' })
  idempotencyKey!: string;

  @IsUUID('all', { message: 'presentationId must be the id of the presentation being scored' })
  presentationId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_LIMITS.criteria)
  @ValidateNested({ each: true })
  @Type(() => CriterionValueDto)
  values!: CriterionValueDto[];
}

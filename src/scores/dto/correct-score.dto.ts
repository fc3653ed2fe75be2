import { ApiProperty } from '@nestjs/swagger';
import { EVENT_LIMITS } from '../../events/event-limits.js';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { ReasonDto } from '../../common/reason.dto.js';
import { CriterionValueDto } from '../submit-score.dto.js';

export class OverrideScoreDto extends ReasonDto {
  @ApiProperty({ type: [CriterionValueDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_LIMITS.criteria)
  @ValidateNested({ each: true })
  @Type(() => CriterionValueDto)
  values!: CriterionValueDto[];
}

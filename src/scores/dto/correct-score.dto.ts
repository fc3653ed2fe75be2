import { ApiProperty } from '@nestjs/swagger';
import { EVENT_LIMITS } from '../../model/event-limits.js';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, Matches, ValidateNested } from 'class-validator';
import { ReasonDto } from '../../common/reason.dto.js';
import { CriterionValueDto } from '../submit-score.dto.js';

/** A void, and the base of an override: why, and for a revealed talk the preview's confirmation. */
export class VoidScoreDto extends ReasonDto {
  @ApiProperty({
    required: false,
    description: "for a revealed talk: the `confirmation` of this entry's preview, so the published results it changes were seen",
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'confirmation must be the confirmation of a preview' })
  confirmation?: string;
}

export class OverrideScoreDto extends VoidScoreDto {
  @ApiProperty({ type: [CriterionValueDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_LIMITS.criteria)
  @ValidateNested({ each: true })
  @Type(() => CriterionValueDto)
  values!: CriterionValueDto[];
}

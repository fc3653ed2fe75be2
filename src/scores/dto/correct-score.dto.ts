import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CriterionValueDto } from '../submit-score.dto.js';

export class VoidScoreDto {
  @ApiProperty({ example: '评委误触，经本人确认作废', description: 'why; recorded and shown in the review' })
  @IsString()
  @MinLength(4, { message: 'reason must say why (at least 4 characters)' })
  @MaxLength(500)
  reason!: string;
}

export class OverrideScoreDto extends VoidScoreDto {
  @ApiProperty({ type: [CriterionValueDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionValueDto)
  values!: CriterionValueDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Every correction or exceptional step an organizer takes says why; the reason is recorded and shown in the review. */
export class ReasonDto {
  @ApiProperty({ example: '评委误触，经本人确认作废', description: 'why; recorded and shown in the review' })
  @IsString()
  @MinLength(4, { message: 'reason must say why (at least 4 characters)' })
  @MaxLength(500)
  reason!: string;
}

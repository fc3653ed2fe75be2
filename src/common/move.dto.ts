import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** A new place in a list (1 is the first). */
export class MoveDto {
  @ApiProperty({ example: 1, description: 'the new place, 1 being the first' })
  @IsInt()
  @Min(1)
  @Max(1000)
  position!: number;
}

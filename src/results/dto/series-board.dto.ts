import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Optional } from '../../common/input-decorators.js';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsUUID, Max, Min } from 'class-validator';

/** PUT /api/events/:eventId/series-board: the red and grey board this event's screens are to show. */
export class SetSeriesBoardDto {
  @ApiProperty({ type: [String], description: 'the events of the series, oldest first (e.g. one a month); the board ranks the last one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'events must be event ids' })
  events!: string[];

  @ApiProperty({ description: 'how many units from the top go on the red board (红榜)', example: 3 })
  @IsInt()
  @Min(0)
  @Max(1000)
  red!: number;

  @ApiProperty({ description: 'how many units from the bottom go on the grey board (灰榜)', example: 2 })
  @IsInt()
  @Min(0)
  @Max(1000)
  grey!: number;

  @ApiPropertyOptional({
    description:
      'rank honesty (declared): mark neighbours as 差异在评分误差内 where they keep their order in fewer than this percent of 200 seeded bootstrap resamples of the latest event’s judges; left out: off',
    example: 95,
  })
  @Optional()
  @IsInt()
  @Min(50)
  @Max(99)
  honestyConfidence?: number;
}

/** POST /api/events/:eventId/series-board/reveal-next: how many rows the console saw revealed (a double click reveals one row, not two). */
export class RevealNextDto {
  @ApiProperty({
    description: 'the rows revealed as the console last saw the board; another number: refused (board_moved), nothing revealed',
    example: 2,
  })
  @IsInt()
  @Min(0)
  @Max(1000)
  expectedRevealed!: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Optional } from '../common/input-decorators.js';
import { IsOneOf } from '../common/input-decorators.js';
import { SCREEN_MODES, type ScreenMode } from '../contracts/enums.js';

export class ScreenModeDto {
  @ApiProperty({ enum: SCREEN_MODES })
  @IsOneOf(SCREEN_MODES, 'mode')
  mode!: ScreenMode;

  @ApiPropertyOptional({
    description: "with round_board: the topic whose board to show (any topic, at any time); left out, the current topic's",
  })
  @Optional()
  @IsUUID('all', { message: 'roundId must be the id of a topic of this event' })
  roundId?: string;
}

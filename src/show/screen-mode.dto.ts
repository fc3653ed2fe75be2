import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { ScreenMode } from '../events/event.entity.js';

export class ScreenModeDto {
  @ApiProperty({ enum: ['stage', 'round_board', 'standings'] })
  @IsIn(['stage', 'round_board', 'standings'], { message: 'mode must be stage, round_board or standings' })
  mode!: ScreenMode;
}

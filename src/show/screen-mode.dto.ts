import { ApiProperty } from '@nestjs/swagger';
import { IsOneOf } from '../common/input-decorators.js';
import { SCREEN_MODES, type ScreenMode } from '../contracts/enums.js';

export class ScreenModeDto {
  @ApiProperty({ enum: SCREEN_MODES })
  @IsOneOf(SCREEN_MODES, 'mode')
  mode!: ScreenMode;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { SIGNOFF_ROLES, type SignoffRole } from '../../contracts/enums.js';
import { IsOneOf, PlainText } from '../../common/input-decorators.js';

export class CreateSignerDto {
  @ApiProperty({ enum: SIGNOFF_ROLES, description: 'scorer (计分员), reviewer (复核员) or supervisor (监督员)' })
  @IsOneOf(SIGNOFF_ROLES, 'role')
  role!: SignoffRole;

  @ApiProperty({ example: '纪检监察组 李四' })
  @PlainText()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;
}

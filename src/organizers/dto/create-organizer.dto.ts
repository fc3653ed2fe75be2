import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOneOf } from '../../common/input-decorators.js';
import { ORGANIZER_ROLES, type OrganizerRole } from '../../contracts/enums.js';

export class CreateOrganizerDto {
  @ApiProperty({ example: 'zuzhibu01' })
  @Matches(/^[a-z0-9_.-]{3,64}$/, { message: 'username must be 3-64 characters: lower-case letters, digits, _ . -' })
  username!: string;

  @ApiProperty({ example: '组织部 张三' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters long' })
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: ORGANIZER_ROLES })
  @IsOneOf(ORGANIZER_ROLES, 'role')
  role!: OrganizerRole;
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedRequest, CurrentOrganizer, Public } from './auth.decorators.js';
import { AdminOnly } from './admin-only.decorator.js';
import { AuthService } from './auth.service.js';
import { LoginRateGuard } from './login-rate.guard.js';
import { CreateOrganizerDto } from './dto/create-organizer.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { mapOrganizer, type OrganizerDto, type SessionDto } from './dto/organizer.dto.js';
import type { Organizer } from '../model/organizer.entity.js';
import { bearerToken } from './organizer-auth.guard.js';

@ApiTags('organizers')
@Controller('api')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(LoginRateGuard)
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<SessionDto> {
    return this.auth.login(dto.username, dto.password, request.ip ?? 'unknown');
  }

  @ApiBearerAuth()
  @Post('auth/logout')
  @HttpCode(204)
  logout(@Req() request: AuthenticatedRequest): Promise<void> {
    return this.auth.logout(bearerToken(request.headers.authorization) ?? '');
  }

  @ApiBearerAuth()
  @Get('auth/me')
  me(@CurrentOrganizer() organizer: Organizer): OrganizerDto {
    return mapOrganizer(organizer);
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Get('organizers')
  list(@CurrentOrganizer() organizer: Organizer): Promise<OrganizerDto[]> {
    return this.auth.listOrganizers(organizer);
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('organizers')
  create(@CurrentOrganizer() organizer: Organizer, @Body() dto: CreateOrganizerDto): Promise<OrganizerDto> {
    return this.auth.createOrganizer(organizer, dto);
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('organizers/:organizerId/disable')
  @HttpCode(200)
  disable(@CurrentOrganizer() organizer: Organizer, @Param('organizerId', ParseUUIDPipe) organizerId: string): Promise<OrganizerDto> {
    return this.auth.setDisabled(organizer, organizerId, true);
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('organizers/:organizerId/enable')
  @HttpCode(200)
  enable(@CurrentOrganizer() organizer: Organizer, @Param('organizerId', ParseUUIDPipe) organizerId: string): Promise<OrganizerDto> {
    return this.auth.setDisabled(organizer, organizerId, false);
  }
}

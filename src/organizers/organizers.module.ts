import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventAccess } from './event-access.service.js';
import { ContestEvent } from '../model/event.entity.js';
import { StateModule } from '../state/state.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { LoginRateGuard } from './login-rate.guard.js';
import { Organizer } from '../model/organizer.entity.js';
import { OrganizerAuthGuard } from './organizer-auth.guard.js';
import { OrganizerSession } from '../model/organizer-session.entity.js';
import { SignInThrottle } from '../model/sign-in-throttle.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organizer, OrganizerSession, SignInThrottle, ContestEvent]), StateModule],
  controllers: [AuthController],
  providers: [AuthService, EventAccess, PasswordHasher, LoginRateGuard, { provide: APP_GUARD, useClass: OrganizerAuthGuard }],
  exports: [AuthService, EventAccess],
})
export class OrganizersModule {}

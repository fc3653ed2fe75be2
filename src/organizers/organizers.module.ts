import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { StateModule } from '../state/state.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { LoginRateGuard } from './login-rate.guard.js';
import { Organizer } from './organizer.entity.js';
import { OrganizerAuthGuard } from './organizer-auth.guard.js';
import { OrganizerSession } from './organizer-session.entity.js';
import { SignInThrottle } from './sign-in-throttle.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organizer, OrganizerSession, SignInThrottle]), StateModule, EventsModule],
  controllers: [AuthController],
  providers: [AuthService, PasswordHasher, LoginRateGuard, { provide: APP_GUARD, useClass: OrganizerAuthGuard }],
  exports: [AuthService],
})
export class OrganizersModule {}

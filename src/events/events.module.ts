import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StateModule } from '../state/state.module.js';
import { Criterion } from '../model/criterion.entity.js';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { ContestEvent } from '../model/event.entity.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';
import { JudgeGroup } from '../model/judge-group.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([ContestEvent, JudgeGroup, Criterion]), StateModule, OrganizersModule],
  controllers: [EventsController],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}

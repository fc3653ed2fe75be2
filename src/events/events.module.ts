import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StateModule } from '../state/state.module.js';
import { Criterion } from './criterion.entity.js';
import { EventAccess } from './event-access.service.js';
import { ContestEvent } from './event.entity.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';
import { JudgeGroup } from './judge-group.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([ContestEvent, JudgeGroup, Criterion]), StateModule],
  controllers: [EventsController],
  providers: [EventsService, EventAccess],
  exports: [EventsService, EventAccess],
})
export class EventsModule {}

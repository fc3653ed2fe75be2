import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { StateModule } from '../state/state.module.js';
import { EngineJobs } from './engine-jobs.service.js';
import { ResultsController } from './results.controller.js';
import { ResultsService } from './results.service.js';

@Module({
  imports: [EventsModule, StateModule],
  controllers: [ResultsController],
  providers: [ResultsService, EngineJobs],
})
export class ResultsModule {}

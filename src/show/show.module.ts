import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { StateModule } from '../state/state.module.js';
import { ShowController } from './show.controller.js';
import { ShowService } from './show.service.js';

@Module({
  imports: [EventsModule, StateModule],
  controllers: [ShowController],
  providers: [ShowService],
})
export class ShowModule {}

import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { LiveModule } from '../live/live.module.js';
import { ShowController } from './show.controller.js';
import { ShowService } from './show.service.js';

@Module({
  imports: [EventsModule, LiveModule],
  controllers: [ShowController],
  providers: [ShowService],
})
export class ShowModule {}

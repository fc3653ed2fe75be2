import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { LiveModule } from '../live/live.module.js';
import { ProgrammeController } from './programme.controller.js';
import { ProgrammeService } from './programme.service.js';

@Module({
  imports: [EventsModule, LiveModule],
  controllers: [ProgrammeController],
  providers: [ProgrammeService],
  exports: [ProgrammeService],
})
export class ProgrammeModule {}

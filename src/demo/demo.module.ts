import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestEvent } from '../events/event.entity.js';
import { EventsModule } from '../events/events.module.js';
import { JudgesModule } from '../judges/judges.module.js';
import { Organizer } from '../organizers/organizer.entity.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { DemoService } from './demo.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ContestEvent, Organizer]), EventsModule, ProgrammeModule, JudgesModule],
  providers: [DemoService],
})
export class DemoModule {}

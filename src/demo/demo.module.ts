import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestEvent } from '../model/event.entity.js';
import { EventsModule } from '../events/events.module.js';
import { JudgesModule } from '../judges/judges.module.js';
import { Organizer } from '../model/organizer.entity.js';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { DemoService } from './demo.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ContestEvent, Organizer]), EventsModule, OrganizersModule, JudgesModule],
  providers: [DemoService],
})
export class DemoModule {}

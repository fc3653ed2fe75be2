import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { LiveModule } from '../live/live.module.js';
import { Judge } from './judge.entity.js';
import { JudgesController } from './judges.controller.js';
import { JudgesService } from './judges.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Judge]), EventsModule, LiveModule],
  controllers: [JudgesController],
  providers: [JudgesService],
  exports: [JudgesService],
})
export class JudgesModule {}

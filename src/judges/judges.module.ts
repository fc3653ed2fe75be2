import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { StateModule } from '../state/state.module.js';
import { Judge } from './judge.entity.js';
import { JudgesController } from './judges.controller.js';
import { JudgesService } from './judges.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Judge]), EventsModule, StateModule],
  controllers: [JudgesController],
  providers: [JudgesService],
  exports: [JudgesService],
})
export class JudgesModule {}

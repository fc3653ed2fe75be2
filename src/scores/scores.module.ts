import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { StateModule } from '../state/state.module.js';
import { ScoresController } from './scores.controller.js';
import { ScoreValue } from './score-value.entity.js';
import { Score } from './score.entity.js';
import { ScoresService } from './scores.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Score, ScoreValue]), StateModule, EventsModule],
  controllers: [ScoresController],
  providers: [ScoresService],
  exports: [ScoresService],
})
export class ScoresModule {}

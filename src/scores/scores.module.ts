import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { ScoresController } from './scores.controller.js';
import { ScoreValue } from '../model/score-value.entity.js';
import { Score } from '../model/score.entity.js';
import { ScoresService } from './scores.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Score, ScoreValue]), StateModule, OrganizersModule],
  controllers: [ScoresController],
  providers: [ScoresService],
  exports: [ScoresService],
})
export class ScoresModule {}

import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { EngineJobs } from './engine-jobs.service.js';
import { ResultsController } from './results.controller.js';
import { ResultsService } from './results.service.js';
import { SeriesBoardController } from './series-board.controller.js';
import { SeriesBoards } from './series-board.service.js';
import { TieMarksFollower } from './tie-marks.service.js';

@Module({
  imports: [OrganizersModule, StateModule, CommitmentsModule],
  controllers: [ResultsController, SeriesBoardController],
  providers: [ResultsService, EngineJobs, SeriesBoards, TieMarksFollower],
})
export class ResultsModule {}

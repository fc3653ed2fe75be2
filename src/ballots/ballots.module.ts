import { Module } from '@nestjs/common';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { BallotSecret } from './ballot-secret.js';
import { BallotTallies } from './ballot-tallies.service.js';
import { BallotController, BallotsController } from './ballots.controller.js';
import { BallotsService } from './ballots.service.js';

@Module({
  imports: [OrganizersModule, StateModule],
  controllers: [BallotsController, BallotController],
  providers: [BallotsService, BallotSecret, BallotTallies],
  exports: [BallotsService, BallotTallies],
})
export class BallotsModule {}

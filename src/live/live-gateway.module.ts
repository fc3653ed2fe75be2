import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BallotsModule } from '../ballots/ballots.module.js';
import { ContestEvent } from '../model/event.entity.js';
import { Judge } from '../model/judge.entity.js';
import { JudgesModule } from '../judges/judges.module.js';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { ScoresModule } from '../scores/scores.module.js';
import { SignoffsModule } from '../signoffs/signoffs.module.js';
import { LiveAdmission } from './live-admission.service.js';
import { LiveAuthService } from './live-auth.service.js';
import { StateModule } from '../state/state.module.js';
import { LiveGateway } from './live.gateway.js';
import { LivePublisher } from './live-publisher.service.js';
import { LiveRateGuard } from './live-rate.guard.js';
import { ClusterLink } from './cluster-link.service.js';

/** The socket.io endpoint: judges, screens, signers and control panels connect here. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ContestEvent, Judge]),
    StateModule,
    JudgesModule,
    OrganizersModule,
    ScoresModule,
    SignoffsModule,
    BallotsModule,
  ],
  providers: [LiveGateway, LiveAuthService, LiveAdmission, LiveRateGuard, LivePublisher, ClusterLink],
})
export class LiveGatewayModule {}

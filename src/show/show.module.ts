import { Module } from '@nestjs/common';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { ShowController } from './show.controller.js';
import { ShowService } from './show.service.js';

@Module({
  imports: [OrganizersModule, StateModule],
  controllers: [ShowController],
  providers: [ShowService],
})
export class ShowModule {}

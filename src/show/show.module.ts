import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestEvent } from '../model/event.entity.js';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { ShowController } from './show.controller.js';
import { ShowService } from './show.service.js';
import { ViewerLinkController } from './viewer-link.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([ContestEvent]), OrganizersModule, StateModule],
  controllers: [ShowController, ViewerLinkController],
  providers: [ShowService],
})
export class ShowModule {}

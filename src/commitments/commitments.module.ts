import { Module } from '@nestjs/common';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { CommitmentsController, UnitFollowUpController } from './commitments.controller.js';
import { CommitmentsService } from './commitments.service.js';

@Module({
  imports: [OrganizersModule],
  controllers: [CommitmentsController, UnitFollowUpController],
  providers: [CommitmentsService],
  exports: [CommitmentsService],
})
export class CommitmentsModule {}

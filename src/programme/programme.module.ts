import { Module } from '@nestjs/common';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { ProgrammeController } from './programme.controller.js';
import { ProgrammeService } from './programme.service.js';

@Module({
  imports: [OrganizersModule, StateModule],
  controllers: [ProgrammeController],
  providers: [ProgrammeService],
  exports: [ProgrammeService],
})
export class ProgrammeModule {}

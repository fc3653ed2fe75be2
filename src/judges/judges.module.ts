import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { Judge } from '../model/judge.entity.js';
import { JudgesController } from './judges.controller.js';
import { JudgesService } from './judges.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Judge]), OrganizersModule, StateModule],
  controllers: [JudgesController],
  providers: [JudgesService],
  exports: [JudgesService],
})
export class JudgesModule {}

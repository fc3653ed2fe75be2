import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Signer } from '../model/signer.entity.js';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { StateModule } from '../state/state.module.js';
import { SignersController } from './signers.controller.js';
import { SignoffsService } from './signoffs.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Signer]), OrganizersModule, StateModule],
  controllers: [SignersController],
  providers: [SignoffsService],
  exports: [SignoffsService],
})
export class SignoffsModule {}

import { Module } from '@nestjs/common';
import { JudgesModule } from '../judges/judges.module.js';
import { OrganizersModule } from '../organizers/organizers.module.js';
import { SetupImport } from './setup-import.service.js';
import { WorkbenchController } from './workbench.controller.js';

@Module({
  imports: [OrganizersModule, JudgesModule],
  controllers: [WorkbenchController],
  providers: [SetupImport],
})
export class WorkbenchModule {}

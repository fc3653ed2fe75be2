import { type DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { projectRoot } from './common/project-root.js';
import { AuditModule } from './audit/audit.module.js';
import { BallotsModule } from './ballots/ballots.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { CommitmentsModule } from './commitments/commitments.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { prepareDatabase } from './database/app-role.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DemoModule } from './demo/demo.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { JudgesModule } from './judges/judges.module.js';
import { LiveGatewayModule } from './live/live-gateway.module.js';
import type { Logs } from './observability/logs.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { OrganizersModule } from './organizers/organizers.module.js';
import { ProgrammeModule } from './programme/programme.module.js';
import { ResultsModule } from './results/results.module.js';
import { WorkbenchModule } from './workbench/workbench.module.js';
import { ShowModule } from './show/show.module.js';
import { SignoffsModule } from './signoffs/signoffs.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logs: Logs): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(logs),
        ClusterModule,
        // Migrations run as the owner (databaseUrl); the app's own pool connects as a role that owns nothing.
        TypeOrmModule.forRootAsync({ useFactory: async () => dataSourceOptions(await prepareDatabase(databaseUrl)) }),
        // The built client (npm run build); every non-API path falls back to its index.html.
        ServeStaticModule.forRoot({
          rootPath: join(projectRoot(), 'dist', 'client'),
          exclude: ['/api/{*path}', '/health', '/health/{*path}', '/metrics', '/socket.io/{*path}'],
        }),
        OrganizersModule,
        EventsModule,
        ProgrammeModule,
        JudgesModule,
        SignoffsModule,
        ShowModule,
        ResultsModule,
        WorkbenchModule,
        CommitmentsModule,
        BallotsModule,
        LiveGatewayModule,
        DemoModule,
        AuditModule,
        HealthModule,
      ],
    };
  }
}

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { LiveIoAdapter } from './live/live-io.adapter.js';
import { RedisLink } from './cluster/redis-link.js';
import { LiveMetrics } from './observability/live-metrics.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { httpLogging } from './observability/http-logging.js';
import { defaultLogLevel, Logs } from './observability/logs.js';
import { NestLogs } from './observability/nest-logger.js';

export interface AppOptions {
  /** Where the JSON log goes instead of standard output (tests read it back). */
  logDestination?: DestinationStream;
}

/** Builds the whole application; used by main.ts and by the e2e tests alike. */
export async function createApp(config: AppConfig, databaseUrl: string, options: AppOptions = {}): Promise<INestApplication> {
  const logs = new Logs({ level: defaultLogLevel(config.PODIUM_LOG_LEVEL), destination: options.logDestination });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, logs), {
    logger: new NestLogs(logs),
  });
  app.useBodyParser('json', { limit: '256kb' });
  // Behind reverse proxies, limits and the audit log see the client's address, not the proxy's.
  if (config.PODIUM_TRUST_PROXY > 0) app.set('trust proxy', config.PODIUM_TRUST_PROXY);
  // First, so that every request (refused ones too) has its id and its line.
  app.use(...httpLogging(logs));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Vue binds style attributes (reveal animation delays); no inline scripts are allowed.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          // The live channel is Podium's own origin ('self' covers its ws: and wss: too).
          connectSrc: ["'self'"],
          // Venues run on plain http on their LAN: do not force https.
          upgradeInsecureRequests: null,
        },
      },
      hsts: false,
    }),
  );
  // Cross-origin callers only when configured; Podium's own pages are same-origin.
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins });
  const redis = app.get(RedisLink);
  if (redis.clustered) {
    // The live channel of several instances is set up over Redis: wait for it (the load balancer sends no one here meanwhile).
    logs.child('RedisLink').info(`waiting for Redis at ${new URL(config.REDIS_URL!).host}`);
    await redis.connected;
  }
  app.useWebSocketAdapter(new LiveIoAdapter(app, config.corsOrigins, redis, app.get(LiveMetrics)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  const openApi = new DocumentBuilder()
    .setTitle('Podium API')
    .setDescription(
      'Live scoring and public rankings for presentation contests. Organizer routes need a bearer token from POST /api/auth/login.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs/json' });
  return app;
}

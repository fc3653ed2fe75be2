import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import { LiveIoAdapter } from './live/live-io.adapter.js';
import { RedisLink } from './cluster/redis-link.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';

/** Builds the whole application; used by main.ts and by the e2e tests alike. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    logger: process.env.NODE_ENV === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
  });
  app.useBodyParser('json', { limit: '256kb' });
  // Behind reverse proxies, limits and the audit log see the client's address, not the proxy's.
  if (config.PODIUM_TRUST_PROXY > 0) app.set('trust proxy', config.PODIUM_TRUST_PROXY);
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
  app.useWebSocketAdapter(new LiveIoAdapter(app, config.corsOrigins, app.get(RedisLink)));
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

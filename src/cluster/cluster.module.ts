import { Global, Module } from '@nestjs/common';
import { RedisLink } from './redis-link.js';

/** The Redis shared by several instances (REDIS_URL), injectable everywhere; nothing when Podium runs alone. */
@Global()
@Module({ providers: [RedisLink], exports: [RedisLink] })
export class ClusterModule {}

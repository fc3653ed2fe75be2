import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from '../model/entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    // The schema changes only through reviewed migrations in migrations/, applied at start.
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Submissions to one event wait for its row lock while holding a connection; leave room for the rest.
    extra: { max: 20, connectionTimeoutMillis: 10_000 },
  };
}

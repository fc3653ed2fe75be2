// Used only by the TypeORM CLI (npm run migration:generate / migration:run), never by the app.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

if (!process.env.DATABASE_URL) {
  throw new Error('DATABASE_URL must point at a scratch PostgreSQL database to generate migrations against');
}

export default new DataSource(dataSourceOptions(process.env.DATABASE_URL));

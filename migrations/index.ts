import { Initial1795330847870 } from './1795330847870-Initial.js';

// Every migration, oldest first. Listed explicitly so the same list works in the built app, in
// tests and in the TypeORM CLI, whatever the module loader.
export const MIGRATIONS = [Initial1795330847870];

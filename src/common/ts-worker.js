// Development and tests only: runs a TypeScript worker module through tsx, since a worker thread
// does not inherit the loader the main thread runs under. The build runs the compiled .js directly.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport(workerData.entry, import.meta.url);
export default worker.default;

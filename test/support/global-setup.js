// Jest loads global setup outside its module system, where `.js` imports of TypeScript sources
// do not resolve; tsx's loader makes the TypeScript setup importable here.
import { register } from 'tsx/esm/api';

const unregister = register();
const { globalSetup } = await import('./test-server.ts');
unregister();

export default globalSetup;

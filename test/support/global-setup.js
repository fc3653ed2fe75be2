// Jest loads global setup outside its module system, where `.js` imports of TypeScript sources
// do not resolve; tsx's loader makes the TypeScript setup importable here.
import { register } from 'tsx/esm/api';

export default async function globalSetup() {
  const unregister = register();
  try {
    const { globalSetup: setup } = await import('./test-server.ts');
    await setup();
  } finally {
    await unregister();
  }
}

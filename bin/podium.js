#!/usr/bin/env node
// The podium command (npx podium compute <file.json>). It runs the TypeScript sources through
// tsx, so it works on a fresh clone without a build.
import { register } from 'tsx/esm/api';

// `podium compute … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../src/cli/podium-cli.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The podium command (npx podium compute <file.json>). It runs the TypeScript sources through
// tsx, so it works on a fresh clone without a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/podium-cli.ts');
process.exitCode = await main(process.argv.slice(2));

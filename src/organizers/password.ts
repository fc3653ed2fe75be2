import { argon2id, argon2Verify } from 'hash-wasm';
import { randomBytes } from 'node:crypto';

// argon2id in WebAssembly: no native addon to build on a venue laptop, and the same hash format
// ($argon2id$v=19$...) as every other argon2 implementation. Parameters above OWASP's minimum.
const PARAMETERS = { iterations: 3, memorySize: 65_536, parallelism: 1, hashLength: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: randomBytes(16), ...PARAMETERS, outputType: 'encoded' });
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2Verify({ password, hash }).catch(() => false);
}

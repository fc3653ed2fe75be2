import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { WorkerPool, workerModule } from '../common/worker-pool.js';
import type { PasswordTask } from './password.worker.js';

/**
 * argon2id costs about 0.4 s of CPU per password by design; on one worker thread, so a burst of
 * sign-ins never stalls the live channel.
 */
@Injectable()
export class PasswordHasher implements OnModuleDestroy {
  private readonly pool = new WorkerPool<PasswordTask, string | boolean>(workerModule('password.worker', import.meta.url), {
    name: 'sign-ins',
    threads: 1,
    queue: 50,
    timeoutMs: 30_000,
  });
  private decoy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return this.pool.run({ kind: 'hash', password }) as Promise<string>;
  }

  /** With no hash (an unknown username), checks against a decoy, so timing does not reveal which accounts exist. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      // A decoy that failed (a busy pool) is made again next time, never kept as a failure.
      this.decoy ??= this.hash(randomBytes(16).toString('hex')).catch((error: unknown) => {
        this.decoy = null;
        throw error;
      });
      await this.pool.run({ kind: 'verify', hash: await this.decoy, password });
      return false;
    }
    return this.pool.run({ kind: 'verify', hash, password }) as Promise<boolean>;
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}

import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { AppConfig } from '../config/app-config.js';

/** A command that takes longer than this counts as Redis being away: the caller falls back to what this instance knows. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * The connections to the Redis shared by the instances (REDIS_URL), or none when Podium runs alone.
 * Two clients: one for the socket.io adapter, whose commands wait for Redis to come back (its
 * reading loop retries at once on an error, so failing fast would spin), and one for shared limits
 * and counts, whose commands fail at once while Redis is away (the limits then fall back to this
 * instance's own counts instead of making a judge or a screen wait).
 */
@Injectable()
export class RedisLink implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisLink.name);
  /** This instance's name among the others (in Redis keys and in the logs). */
  readonly instanceId = randomUUID().slice(0, 8);
  readonly prefix: string;
  /** For the socket.io adapter; null when Podium runs alone. */
  readonly adapterClient: RedisClientType | null;
  /** For limits and counts: commands fail fast while Redis is away. */
  private readonly client: RedisClientType | null;
  private lastError = '';
  /**
   * Settles when both clients have reached Redis once: an instance starts serving only then (its
   * adapter needs Redis to set up its own reading connections). Rejects on a failure retrying cannot mend.
   */
  readonly connected: Promise<void>;

  constructor(config: AppConfig) {
    this.prefix = config.PODIUM_REDIS_PREFIX;
    const url = config.REDIS_URL;
    const make = (name: string, failFast: boolean): RedisClientType | null => {
      if (!url) return null;
      const client: RedisClientType = createClient({
        url,
        name: `podium-${this.instanceId}-${name}`,
        disableOfflineQueue: failFast,
        socket: { connectTimeout: 5_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) },
      });
      client.on('error', (error: Error) => this.noteError(error));
      client.on('ready', () => {
        this.lastError = '';
        this.logger.log(`Redis ${name} connection ready (instance ${this.instanceId})`);
      });
      return client;
    };
    this.adapterClient = make('adapter', false);
    this.client = make('limits', true);
    // Connecting goes on again and again while Redis is away.
    this.connected = Promise.all([this.adapterClient?.connect(), this.client?.connect()]).then(() => undefined);
    this.connected.catch((error: unknown) => this.noteError(error as Error));
  }

  /** Whether instances share Redis at all (REDIS_URL is set). */
  get clustered(): boolean {
    return this.client !== null;
  }

  /** Whether Redis answers now (always true when Podium runs alone: nothing depends on it). */
  get up(): boolean {
    return !this.client || (this.client.isReady && !!this.adapterClient?.isReady);
  }

  /** A key of this deployment. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** Runs `command` on the limits client; null when Podium runs alone or Redis does not answer in time. */
  async run<T>(command: (client: RedisClientType) => Promise<T>): Promise<T | null> {
    const client = this.client;
    if (!client?.isReady) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        command(client),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.noteError(error as Error);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Logged once per new kind of failure, not once per retry. */
  private noteError(error: Error): void {
    if (error.message === this.lastError) return;
    this.lastError = error.message;
    this.logger.warn(`Redis: ${error.message}`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const client of [this.adapterClient, this.client]) {
      if (!client?.isOpen) continue;
      // A client still trying to reach Redis would go on trying (and keep the process alive): drop it at once.
      if (client.isReady) await client.close().catch(() => undefined);
      else client.destroy();
    }
  }
}

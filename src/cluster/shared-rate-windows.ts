import { RateWindows } from '../common/rate-windows.js';
import type { RedisLink } from './redis-link.js';

/**
 * RateWindows over every instance: with Redis, each key's window is one Redis counter (set with
 * its expiry on the first hit, counted with INCR), so an address gets its allowance once, not once
 * per instance. Alone, or while Redis does not answer, the instance's own windows count instead:
 * a limit is never lifted, at worst it is counted per instance for a while.
 */
export class SharedRateWindows {
  private readonly local: RateWindows;

  constructor(
    private readonly redis: RedisLink,
    /** Names the limit in Redis keys. */
    private readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.local = new RateWindows(limit, windowMs);
  }

  /** Counts one hit; 0 when within the limit, else the milliseconds until the key may try again. */
  async hit(key: string): Promise<number> {
    if (!this.redis.clustered) return this.local.hit(key);
    const redisKey = this.redis.key('rate', this.name, key);
    const counted = await this.redis.run(async (client) => {
      const [, count, ttl] = await client
        .multi()
        .set(redisKey, '0', { condition: 'NX', expiration: { type: 'PX', value: this.windowMs } })
        .incr(redisKey)
        .pTTL(redisKey)
        .exec();
      return { count: Number(count), ttl: Number(ttl) };
    });
    if (!counted) return this.local.hit(key);
    return counted.count > this.limit ? Math.max(1, counted.ttl) : 0;
  }
}

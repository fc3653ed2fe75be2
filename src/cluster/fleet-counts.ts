import type { RedisLink } from './redis-link.js';

/** How often an instance tells the others its counts, and after how long an instance that stopped telling no longer counts. */
export const FLEET_TICK_MS = 1_000;
const FLEET_EXPIRY_MS = 5_000;

/**
 * Counts of open connections per key (per address, per event) over every instance. Each instance
 * counts its own exactly and, once a second, writes them to Redis (a hash that expires unless
 * renewed, so a crashed instance's connections stop counting within seconds) and reads the
 * others'. A limit checks this instance's count now plus the others' as of their last tick: in a
 * crowd arriving at several instances at once, a limit may be passed by what the others admitted
 * within that second, never more. Alone, or while Redis does not answer, only this instance counts.
 */
export class FleetCounts {
  private readonly mine = new Map<string, number>();
  private others = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly redis: RedisLink,
    /** Names the counts in Redis keys. */
    private readonly name: string,
  ) {}

  count(key: string): number {
    return (this.mine.get(key) ?? 0) + (this.others.get(key) ?? 0);
  }

  add(key: string, delta: number): void {
    const next = (this.mine.get(key) ?? 0) + delta;
    if (next > 0) this.mine.set(key, next);
    else this.mine.delete(key);
  }

  /** Starts telling and reading the others (with Redis only). */
  start(): void {
    if (!this.redis.clustered || this.timer) return;
    this.timer = setInterval(() => void this.tick(), FLEET_TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // The others stop counting this instance's connections now, not when its hash expires.
    void this.redis.run((client) => client.del(this.hashKey(this.redis.instanceId)));
  }

  /** One exchange: write this instance's counts, renew them, and sum the live others'. */
  async tick(): Promise<void> {
    const now = Date.now();
    const registry = this.redis.key('fleet', this.name, 'instances');
    const own = this.hashKey(this.redis.instanceId);
    const counts = Object.fromEntries([...this.mine].map(([key, n]) => [key, String(n)]));
    const live = await this.redis.run(async (client) => {
      const write = client.multi().del(own);
      if (this.mine.size > 0) write.hSet(own, counts).pExpire(own, FLEET_EXPIRY_MS);
      await write
        .zAdd(registry, { score: now, value: this.redis.instanceId })
        .zRemRangeByScore(registry, 0, now - FLEET_EXPIRY_MS)
        .pExpire(registry, FLEET_EXPIRY_MS * 2)
        .exec();
      const instances = (await client.zRange(registry, 0, -1)).filter((id) => id !== this.redis.instanceId);
      return Promise.all(instances.map((id) => client.hGetAll(this.hashKey(id))));
    });
    // Redis away: only this instance counts (the others' last counts would go on refusing screens that have left).
    if (!live) {
      this.others = new Map();
      return;
    }
    const others = new Map<string, number>();
    for (const hash of live) for (const [key, n] of Object.entries(hash)) others.set(key, (others.get(key) ?? 0) + Number(n));
    this.others = others;
  }

  private hashKey(instanceId: string): string {
    return this.redis.key('fleet', this.name, instanceId);
  }
}

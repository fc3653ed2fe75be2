/**
 * Counts hits per key in fixed windows (per address, per connection, per event) and says when a
 * key is over its limit. Kept in memory per server instance; keys are forgotten when their window
 * has passed, so a crowd of one-off addresses cannot grow it without bound.
 */
export class RateWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one hit; returns 0 when within the limit, else the milliseconds until the key may try again. */
  hit(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (!window && this.windows.size >= this.maxKeys) this.forgetPast(now);
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    window.count++;
    // Kept in the order of the last hit, so that the table forgets the quietest keys first.
    this.windows.delete(key);
    this.windows.set(key, window);
    return window.count > this.limit ? window.start + this.windowMs - now : 0;
  }

  private forgetPast(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
    // Still full: every key is busy right now. The ones quiet the longest are forgotten first, a
    // tenth of them, so that a crowd of new addresses cannot wipe out the count of one guessing now.
    if (this.windows.size >= this.maxKeys) {
      let excess = this.windows.size - Math.floor(this.maxKeys * 0.9);
      for (const key of this.windows.keys()) {
        if (excess-- <= 0) break;
        this.windows.delete(key);
      }
    }
  }
}

/**
 * At most `limit` tasks of one kind at a time; the rest wait in line, up to `queue` of them, and
 * beyond that are refused at once. Used to keep a share of the database pool that public screens
 * can never take.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly queue: number,
  ) {}

  /** Runs `task` when a place is free; throws `onFull()` when the line is full. */
  async run<T>(task: () => Promise<T>, onFull: () => Error): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) throw onFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // The place passes straight to the next in line, so `running` never exceeds the limit.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

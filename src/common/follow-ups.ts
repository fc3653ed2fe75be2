/**
 * Background follow-ups of committed changes, per key (an event): one at a time per key, and a
 * request while one runs makes it run once more afterwards (so the last change is always followed).
 * A failure is reported, never thrown; shutdown stops new ones and waits for those under way.
 */
export class FollowUps {
  private readonly running = new Map<string, { again: boolean }>();
  /** Settles when no follow-up runs. */
  private idle: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly work: (key: string) => Promise<void>,
    private readonly failed: (key: string, error: unknown) => void,
  ) {}

  get closed(): boolean {
    return this.closing;
  }

  request(key: string): void {
    if (this.closing) return;
    const running = this.running.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const entry = { again: false };
    this.running.set(key, entry);
    const done = (async () => {
      try {
        do {
          entry.again = false;
          await this.work(key);
        } while (entry.again);
      } catch (error) {
        this.failed(key, error);
      } finally {
        this.running.delete(key);
      }
    })();
    this.idle = Promise.all([this.idle, done]).then(() => undefined);
  }

  /** Waits until every follow-up requested so far has run. */
  async settled(): Promise<void> {
    let last: Promise<void>;
    do {
      last = this.idle;
      await last;
    } while (last !== this.idle);
  }

  /** No new follow-up starts; those under way finish (or fail) first. */
  async close(): Promise<void> {
    this.closing = true;
    await this.settled();
  }
}

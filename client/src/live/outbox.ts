import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { LiveAck, LiveError, ScoreReceipt, SubmitScorePayload } from '@contracts';

/**
 * The outbox of a judge's tablet (scores) and of an attendee's phone (ballots). A confirmed score
 * or ballot is written here *before* it is sent, so a reload, a closed tab or a dropped Wi-Fi never
 * loses it; it is re-sent with the same idempotency key until the server acknowledges it (the
 * server stores it once, whatever the number of sends). The device never gives up on an entry by
 * itself: only a definitive refusal from the server (see `definitiveRefusal`) ends an entry without
 * a receipt, and the user is shown why.
 */
export type OutboxStatus = 'pending' | 'received' | 'refused';

/** What an outbox carries: anything sent with an idempotency key. */
export interface Keyed {
  idempotencyKey: string;
}

export interface OutboxEntry<P extends Keyed = SubmitScorePayload, R = ScoreReceipt> {
  payload: P;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  receipt?: R;
  /** Why the entry was refused for good (status `refused`). */
  error?: { code: string; message: string };
  /** Failed attempts in a row (busy server, outage, no answer); drives the backoff. */
  failures?: number;
  /** Not re-sent before this time (epoch ms), unless the connection has just come back. */
  nextAttemptAt?: number;
  /** Why the last attempt did not get through, while the entry is still pending. */
  lastError?: { code: string; message: string };
}

interface OutboxSchema<P extends Keyed, R> extends DBSchema {
  outbox: { key: string; value: OutboxEntry<P, R>; indexes: { byStatus: OutboxStatus } };
}

/**
 * Replies that end an entry: the score itself is wrong (400), the judge may not score this talk
 * (403), scoring is closed or the key was used for another score (409), the link is revoked or
 * ended (401), the talk does not exist (404), and the like. Sending the same score again gets the
 * same answer. Everything else (429 too many requests, 408, 5xx such as a database outage, an
 * unknown status) says "not now", and the score is kept and re-sent.
 */
const DEFINITIVE = new Set([400, 401, 403, 404, 409, 410, 413, 422]);

export function definitiveRefusal(error: Pick<LiveError, 'statusCode'>): boolean {
  return DEFINITIVE.has(error.statusCode);
}

export const RETRY_FIRST_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

/**
 * The wait before the next attempt after `failures` failed ones in a row: exponential from 1 s,
 * capped at 30 s, with jitter (half fixed, half random) so that tablets refused together by a
 * busy server do not all come back at the same instant.
 */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface FlushOptions {
  /** The clock, for tests. */
  now?: number;
  /** Send even if the backoff says to wait (the connection has just come back). */
  ignoreBackoff?: boolean;
  random?: () => number;
}

export class Outbox<P extends Keyed = SubmitScorePayload, R = ScoreReceipt> {
  private constructor(private readonly db: IDBPDatabase<OutboxSchema<P, R>>) {}

  /** One outbox per judge link (or ballot code), so two judges sharing a tablet never mix their scores. */
  static async open<P extends Keyed = SubmitScorePayload, R = ScoreReceipt>(name: string): Promise<Outbox<P, R>> {
    const db = await openDB<OutboxSchema<P, R>>(`podium-outbox-${name}`, 1, {
      upgrade(database) {
        const store = database.createObjectStore('outbox', { keyPath: 'payload.idempotencyKey' });
        store.createIndex('byStatus', 'status');
      },
    });
    return new Outbox<P, R>(db);
  }

  async add(payload: P): Promise<OutboxEntry<P, R>> {
    const entry: OutboxEntry<P, R> = { payload, createdAt: new Date().toISOString(), status: 'pending', attempts: 0 };
    await this.db.put('outbox', entry);
    return entry;
  }

  async pending(): Promise<OutboxEntry<P, R>[]> {
    const entries = await this.db.getAllFromIndex('outbox', 'byStatus', 'pending');
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async all(): Promise<OutboxEntry<P, R>[]> {
    return (await this.db.getAll('outbox')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** When the oldest pending entry is due again (epoch ms), or null when nothing waits. */
  async nextAttemptAt(): Promise<number | null> {
    const [first] = await this.pending();
    return first ? (first.nextAttemptAt ?? 0) : null;
  }

  private async update(key: string, change: Partial<OutboxEntry<P, R>>): Promise<OutboxEntry<P, R> | undefined> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const entry = await tx.store.get(key);
    if (entry) await tx.store.put({ ...entry, ...change });
    await tx.done;
    return entry && { ...entry, ...change };
  }

  /**
   * Sends every pending entry, oldest first, through `send` (the socket's score.submit with an
   * ack, or a ballot's POST). An ack marks it received; a definitive refusal (scoring closed, invalid score, recused,
   * revoked link…) marks it refused with the reason; anything else (no answer, 429, 5xx) leaves it
   * pending, to be re-sent after a backoff, and stops the flush so the order of the judge's
   * confirmations is kept. Returns the entries whose status changed.
   */
  async flush(send: (payload: P) => Promise<LiveAck<R>>, options: FlushOptions = {}): Promise<OutboxEntry<P, R>[]> {
    const changed: OutboxEntry<P, R>[] = [];
    for (const entry of await this.pending()) {
      const now = options.now ?? Date.now();
      if (!options.ignoreBackoff && entry.nextAttemptAt !== undefined && entry.nextAttemptAt > now) break;
      const key = entry.payload.idempotencyKey;
      await this.update(key, { attempts: entry.attempts + 1 });
      let reply: LiveAck<R>;
      try {
        reply = await send(entry.payload);
      } catch (error) {
        reply = { ok: false, error: { statusCode: 0, code: 'network', message: error instanceof Error ? error.message : String(error) } };
      }
      if (reply.ok) {
        const updated = await this.update(key, {
          status: 'received',
          receipt: reply.data,
          error: undefined,
          lastError: undefined,
          nextAttemptAt: undefined,
          failures: 0,
        });
        if (updated) changed.push(updated);
      } else if (definitiveRefusal(reply.error)) {
        const updated = await this.update(key, {
          status: 'refused',
          error: { code: reply.error.code, message: reply.error.message },
          nextAttemptAt: undefined,
        });
        if (updated) changed.push(updated);
      } else {
        const failures = (entry.failures ?? 0) + 1;
        await this.update(key, {
          failures,
          nextAttemptAt: (options.now ?? Date.now()) + retryDelay(failures, options.random),
          lastError: { code: reply.error.code, message: reply.error.message },
        });
        break; // not now: keep the order and try again after the backoff
      }
    }
    return changed;
  }

  close(): void {
    this.db.close();
  }
}

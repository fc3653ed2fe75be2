import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { LiveAck, ScoreReceipt, SubmitScorePayload } from '../../../src/live/live-events.js';

/**
 * The tablet's outbox. A confirmed score is written here *before* it is sent, so a reload, a
 * closed tab or a dropped Wi-Fi never loses it; it is re-sent with the same idempotency key
 * until the server acknowledges it (the server stores it once, whatever the number of sends).
 */
export type OutboxStatus = 'pending' | 'received' | 'refused';

export interface OutboxEntry {
  payload: SubmitScorePayload;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  receipt?: ScoreReceipt;
  error?: { code: string; message: string };
}

interface OutboxSchema extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { byStatus: OutboxStatus } };
}

export class Outbox {
  private constructor(private readonly db: IDBPDatabase<OutboxSchema>) {}

  /** One outbox per judge link, so two judges sharing a tablet never mix their scores. */
  static async open(name: string): Promise<Outbox> {
    const db = await openDB<OutboxSchema>(`podium-outbox-${name}`, 1, {
      upgrade(database) {
        const store = database.createObjectStore('outbox', { keyPath: 'payload.idempotencyKey' });
        store.createIndex('byStatus', 'status');
      },
    });
    return new Outbox(db);
  }

  async add(payload: SubmitScorePayload): Promise<OutboxEntry> {
    const entry: OutboxEntry = { payload, createdAt: new Date().toISOString(), status: 'pending', attempts: 0 };
    await this.db.put('outbox', entry);
    return entry;
  }

  async pending(): Promise<OutboxEntry[]> {
    const entries = await this.db.getAllFromIndex('outbox', 'byStatus', 'pending');
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async all(): Promise<OutboxEntry[]> {
    return (await this.db.getAll('outbox')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private async update(key: string, change: Partial<OutboxEntry>): Promise<OutboxEntry | undefined> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const entry = await tx.store.get(key);
    if (entry) await tx.store.put({ ...entry, ...change });
    await tx.done;
    return entry && { ...entry, ...change };
  }

  /**
   * Sends every pending entry, oldest first, through `send` (the socket's score.submit with an
   * ack). An ack marks it received; a refusal (4xx: scoring closed, out of range…) marks it
   * refused with the reason; a failure to reach the server (timeout, 5xx) leaves it pending for
   * the next flush. Returns the entries whose status changed.
   */
  async flush(send: (payload: SubmitScorePayload) => Promise<LiveAck<ScoreReceipt>>): Promise<OutboxEntry[]> {
    const changed: OutboxEntry[] = [];
    for (const entry of await this.pending()) {
      const key = entry.payload.idempotencyKey;
      await this.update(key, { attempts: entry.attempts + 1 });
      let reply: LiveAck<ScoreReceipt>;
      try {
        reply = await send(entry.payload);
      } catch {
        break; // not reachable now; keep the order and try again on the next flush
      }
      if (reply.ok) {
        const updated = await this.update(key, { status: 'received', receipt: reply.data, error: undefined });
        if (updated) changed.push(updated);
      } else if (reply.error.statusCode < 500) {
        const updated = await this.update(key, { status: 'refused', error: { code: reply.error.code, message: reply.error.message } });
        if (updated) changed.push(updated);
      } else {
        break;
      }
    }
    return changed;
  }

  close(): void {
    this.db.close();
  }
}

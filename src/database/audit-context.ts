import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallHandler } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';

/** Who is acting, and from where, for the audit log: set at the edge (HTTP or socket), read where data changes. */
export interface AuditContext {
  /** "organizer:<id>", "judge:<id>" or "system". */
  actor: string;
  /** "http <address>" or "socket <id> <address>". */
  connection: string;
}

const storage = new AsyncLocalStorage<AuditContext>();

/**
 * Tells the database who is acting in this transaction; the audit trigger records it with every
 * change (migrations/…-AuditLog.ts).
 */
export async function declareActor(tx: EntityManager, context: AuditContext = currentAuditContext()): Promise<void> {
  await tx.query("SELECT set_config('podium.actor', $1, true), set_config('podium.connection', $2, true)", [
    context.actor,
    context.connection,
  ]);
}

/** Who is acting here (a change queued now may run later, in another's transaction: it keeps this). */
export function currentAuditContext(): AuditContext {
  return storage.getStore() ?? { actor: 'system', connection: '' };
}

/** Runs a Nest handler (HTTP or socket) and everything it awaits as `context` (for the interceptors at the edge). */
export function handleAs(context: AuditContext, next: CallHandler): Observable<unknown> {
  return new Observable((subscriber) => storage.run(context, () => next.handle().subscribe(subscriber)));
}

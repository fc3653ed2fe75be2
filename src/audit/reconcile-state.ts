/** Every table whose changes the audit trigger records (migrations/…-AuditLog.ts, …-AuditOwnerRole.ts, …-Signoffs.ts, …-Ballots.ts). */
export const AUDITED_TABLES = [
  'event',
  'judge_group',
  'criterion',
  'round',
  'presenter',
  'presentation',
  'judge',
  'score',
  'score_value',
  'organizer',
  'sign_in_throttle',
  'commitment',
  'commitment_update',
  'unit_link',
  'signer',
  'signoff',
  'poll',
  'ballot_code',
] as const;

/** Rows named per table and kind of problem; the rest are counted. */
const LISTED = 5;

/** Guards of the log itself, which must stay enabled too. */
const LOG_GUARDS = ['audit_log_append_only', 'audit_log_no_truncate'];

export interface StateProblem {
  problem: 'trigger_disabled' | 'changed_outside' | 'deleted_outside' | 'added_outside';
  table: string;
  row: string | null;
  detail: string;
}

interface Mismatch {
  key: string;
  operation: string | null;
  chain: string | null;
  seq: string | null;
  present: boolean;
  diff: Record<string, [unknown, unknown]> | null;
}

type Query = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * The database against its log: every audited row must equal the image its last audit record
 * left (only the columns both know, secrets aside), and every row the log says exists must exist.
 * A change made without the trigger, however it was done, leaves them apart. Both sides are
 * rendered in this one session, so time zones agree.
 */
export async function reconcileState(query: Query): Promise<StateProblem[]> {
  const problems: StateProblem[] = [];
  const expected: [string, string][] = [
    ...AUDITED_TABLES.map((table): [string, string] => [table, `audit_${table}`]),
    ...LOG_GUARDS.map((g): [string, string] => ['audit_log', g]),
  ];
  const found = await query<{ table: string; trigger: string; enabled: string }>(
    `SELECT c.relname AS table, t.tgname AS trigger, t.tgenabled AS enabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname = ANY($1)`,
    [expected.map(([, trigger]) => trigger)],
  );
  for (const [table, trigger] of expected) {
    const state = found.find((f) => f.table === table && f.trigger === trigger)?.enabled;
    // 'O' fires normally, 'A' even under session_replication_role = replica; 'D' and 'R' do not fire.
    if (state === 'O' || state === 'A') continue;
    const what = state === undefined ? 'is missing (dropped)' : 'is disabled';
    problems.push({
      problem: 'trigger_disabled',
      table,
      row: null,
      detail: `trigger ${trigger} on ${table} ${what}: changes to ${table} are not guarded or recorded`,
    });
  }
  for (const table of AUDITED_TABLES) {
    const rows = await query<Mismatch>(
      `WITH latest AS (
         SELECT DISTINCT ON (payload->>'row') payload->>'row' AS key, payload->>'operation' AS operation, payload->'after' AS after, chain, seq
           FROM audit_log WHERE payload->>'table' = $1 ORDER BY payload->>'row', id DESC
       ), current AS (
         SELECT podium_audit_row_key($1, to_jsonb(t)) AS key, to_jsonb(t) - 'password_hash' - 'link_hash' - 'code_hash' AS image FROM "${table}" t
       ), paired AS (
         SELECT coalesce(c.key, l.key) AS key, l.operation, l.chain, l.seq::text AS seq, c.key IS NOT NULL AS present,
                CASE WHEN c.key IS NOT NULL AND l.operation IS DISTINCT FROM 'DELETE' AND l.key IS NOT NULL THEN
                  (SELECT jsonb_object_agg(a.k, jsonb_build_array(a.v, c.image->a.k))
                     FROM jsonb_each(to_jsonb(jsonb_populate_record(NULL::"${table}", l.after))) AS a(k, v)
                    WHERE l.after ? a.k AND c.image ? a.k AND a.v IS DISTINCT FROM c.image->a.k) END AS diff
           FROM current c FULL JOIN latest l ON l.key = c.key
       )
       SELECT * FROM paired
        WHERE (present AND (operation IS NULL OR operation = 'DELETE')) OR (NOT present AND operation <> 'DELETE') OR diff IS NOT NULL
        ORDER BY key`,
      [table],
    );
    const shown = { added_outside: 0, deleted_outside: 0 };
    const more = { added_outside: 0, deleted_outside: 0 };
    for (const r of rows) {
      // A deleted chain or a truncated log leaves every row of it unrecorded: name a few, count the rest.
      const kind = !r.present ? 'deleted_outside' : r.operation === null || r.operation === 'DELETE' ? 'added_outside' : null;
      if (kind && shown[kind]++ >= LISTED) {
        more[kind]++;
        continue;
      }
      const last = r.chain === null ? '' : `its last audit record (chain ${r.chain}, #${r.seq}, ${r.operation})`;
      if (r.present && r.operation === null) {
        problems.push({
          problem: 'added_outside',
          table,
          row: r.key,
          detail: `row ${table} ${r.key} is not in the audit log: added without the audit trigger, or its records were deleted`,
        });
      } else if (r.present && r.operation === 'DELETE') {
        problems.push({
          problem: 'added_outside',
          table,
          row: r.key,
          detail: `row ${table} ${r.key} exists, but ${last} says it was deleted: added again without the audit trigger, or later records were deleted`,
        });
      } else if (!r.present) {
        problems.push({
          problem: 'deleted_outside',
          table,
          row: r.key,
          detail: `row ${table} ${r.key} is gone, but ${last} says it exists: deleted without the audit trigger (or TRUNCATE)`,
        });
      } else {
        const changes = Object.entries(r.diff ?? {}).map(
          ([column, [logged, now]]) => `${column} ${JSON.stringify(logged)} → ${JSON.stringify(now)}`,
        );
        problems.push({
          problem: 'changed_outside',
          table,
          row: r.key,
          detail: `row ${table} ${r.key} differs from ${last}: ${changes.join(', ')} (changed without the audit trigger, or later records were deleted)`,
        });
      }
    }
    if (more.added_outside)
      problems.push({
        problem: 'added_outside',
        table,
        row: null,
        detail: `… and ${more.added_outside} more rows of ${table} not in the audit log`,
      });
    if (more.deleted_outside)
      problems.push({
        problem: 'deleted_outside',
        table,
        row: null,
        detail: `… and ${more.deleted_outside} more rows of ${table} gone though the audit log says they exist`,
      });
  }
  return problems;
}

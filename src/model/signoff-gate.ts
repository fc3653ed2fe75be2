/**
 * Sign-offs before a reveal, as pure rules: where each role an event requires stands on a talk's
 * current scores, and whether the reveal may go ahead. A sign-off counts only for the scores it was
 * given on (its digest): once a score changes, it must be given again.
 */
import { SIGNOFF_ROLES, type SignoffRole, type SignoffVerdict } from '../contracts/enums.js';

export interface SignoffRecord {
  role: SignoffRole;
  verdict: SignoffVerdict;
  digest: string;
  at: Date;
}

export interface RoleStanding<S extends SignoffRecord> {
  role: SignoffRole;
  status: 'missing' | 'confirmed' | 'objected';
  /** The latest sign-off of the role on the current scores, which the status rests on. */
  by: S | null;
}

export interface SignoffStanding<S extends SignoffRecord> {
  roles: RoleStanding<S>[];
  /** Required roles with no word on the current scores. */
  missing: SignoffRole[];
  /** Required roles whose latest word on the current scores is an objection. */
  objecting: SignoffRole[];
  complete: boolean;
}

/**
 * Each required role's latest word on the scores with `digest` (an objection stands until a
 * signer of that role confirms after it, or the scores change); roles in SIGNOFF_ROLES order.
 */
export function signoffStanding<S extends SignoffRecord>(
  required: readonly SignoffRole[],
  signoffs: readonly S[],
  digest: string,
): SignoffStanding<S> {
  const roles = SIGNOFF_ROLES.filter((role) => required.includes(role)).map((role): RoleStanding<S> => {
    let by: S | null = null;
    for (const s of signoffs) if (s.role === role && s.digest === digest && (!by || s.at.getTime() >= by.at.getTime())) by = s;
    return { role, status: !by ? 'missing' : by.verdict === 'confirm' ? 'confirmed' : 'objected', by };
  });
  const missing = roles.filter((r) => r.status === 'missing').map((r) => r.role);
  const objecting = roles.filter((r) => r.status === 'objected').map((r) => r.role);
  return { roles, missing, objecting, complete: missing.length === 0 && objecting.length === 0 };
}

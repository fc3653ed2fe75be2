import { badRequest } from '../common/api-error.js';
import { AnchorFormatError, type AuditAnchor, parseAnchor } from './audit-anchor.js';

/** A chain head given in a request ("<chain>:<seq>:<hash>"), or a 400 invalid_anchor saying what is wrong. */
export function anchorParam(text: string): AuditAnchor {
  try {
    return parseAnchor(text);
  } catch (error) {
    if (error instanceof AnchorFormatError) throw badRequest('invalid_anchor', error.message);
    throw error;
  }
}

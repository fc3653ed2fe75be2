import type { SignoffRole } from './enums.js';

/**
 * Every code a refusal can carry, over REST and on the live channel. The client translates each
 * (client/src/i18n/messages.ts is typed against this list, so a code without a message in every
 * language fails the type check); `message` says in plain English what was wrong.
 */
export const ERROR_CODES = [
  // Input
  'bad_request',
  'validation_failed',
  'forbidden_key',
  'too_deep',
  'payload_too_large',
  'not_found',
  'invalid_rule',
  'invalid_rule_spec',
  'invalid_rubric',
  'invalid_score',
  'invalid_anchor',
  'no_rubric',
  'idempotency_key_reused',
  'invalid_import',
  // Sign-in and sessions
  'unauthorized',
  'forbidden',
  'session_expired',
  'session_ended',
  'account_disabled',
  'admin_only',
  'judges_only',
  'judge_link_invalid',
  'signer_link_invalid',
  'signers_only',
  'link_revoked',
  'link_reissued',
  'unit_link_invalid',
  'screen_code_unknown',
  'event_id_missing',
  'role_missing',
  'too_many_attempts',
  'username_taken',
  'cannot_disable_self',
  'last_admin',
  // The show
  'conflict',
  'illegal_transition',
  'round_not_live',
  'another_presentation_active',
  'another_round_live',
  'round_unfinished',
  'round_started',
  'round_done',
  'presentation_active',
  'presentation_started',
  'already_in_round',
  'scoring_not_open',
  'recused',
  'no_scores',
  'has_scores',
  'event_locked',
  // The red and grey board of a series
  'invalid_series_board',
  'no_series_board',
  'board_revealed',
  'board_moved',
  // Sign-offs before a reveal (计分员, 复核员, 监督员)
  'signoffs_missing',
  'signoff_objection',
  'signoff_not_open',
  'signoff_stale',
  'has_signoffs',
  // Attendee ballots (满意度测评)
  'invalid_ballot_card',
  'no_ballot_card',
  'card_frozen',
  'ballot_code_invalid',
  'invalid_ballot',
  'poll_open',
  'poll_closed',
  'has_ballots',
  // Setup and what is frozen
  'already_exists',
  'still_referenced',
  'group_name_taken',
  'audience_group',
  'seat_taken',
  'limit_reached',
  'rule_frozen',
  'rubric_frozen',
  'results_frozen',
  // Commitments
  'talk_not_presented',
  'date_in_future',
  'evidence_required',
  // Corrections
  'not_correctable',
  'nothing_to_void',
  'correction_unconfirmed',
  'correction_changed',
  // Load and outages
  'too_many_requests',
  'too_many_connections',
  'too_many_screens',
  'server_busy',
  'job_timeout',
  'database_unavailable',
  'internal_error',
  // Set by a client when the server cannot be reached at all; never sent by the server.
  'network',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What is wrong with one field of invalid input, as a stable kind the client words in the user's
 * language (class-validator's constraint names; anything else is `invalid`).
 */
export const VALIDATION_KINDS = [
  'isDefined',
  'isString',
  'minLength',
  'maxLength',
  'isInt',
  'isNumber',
  'min',
  'max',
  'isBoolean',
  'isArray',
  'arrayMinSize',
  'arrayMaxSize',
  'isUuid',
  'isIn',
  'isDecimalText',
  'isDateText',
  'matches',
  'nestedValidation',
  'whitelistValidation',
  'invalid',
] as const;
export type ValidationKind = (typeof VALIDATION_KINDS)[number];

/** The body of every refusal, over REST and in socket acks alike. */
export interface ApiErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** For invalid input: each offending field (dotted path) with what is wrong with it, in words and as kinds. */
  fields?: { field: string; problems: string[]; kinds: ValidationKind[] }[];
  /** For a reveal that waits for sign-offs (signoffs_missing, signoff_objection): the roles it waits for. */
  roles?: SignoffRole[];
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets (judge links, organizer sessions): 256 random bits, looked up only by their
 * SHA-256 (a judge's current link is also kept, apart, for reprinting its QR code). A fast hash is
 * enough here because the secret itself is random, not a password.
 */
export function newSecret(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecret(token) };
}

export function hashSecret(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short public code without look-alike characters (no 0/O, 1/I), read aloud or typed from a slide. */
export function newPublicCode(length = 8): string {
  return [...randomBytes(length)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

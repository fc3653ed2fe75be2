import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';

/** The look-alike-free alphabet of public codes (src/common/secret-token.ts): 32 characters, 5 bits each. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Characters of a ballot code: 60 bits, typed from the card when the QR code cannot be scanned. */
export const BALLOT_CODE_LENGTH = 12;

/** A code as typed or scanned: upper case, without spaces or dashes. */
export function normalCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

/** Whether `text` (normalised) has the shape of a ballot code, before any look-up. */
export function looksLikeCode(text: string): boolean {
  return text.length === BALLOT_CODE_LENGTH && [...text].every((c) => ALPHABET.includes(c));
}

/**
 * The ballot secret (docs/ballots.md): PODIUM_BALLOT_SECRET, else a random one kept in
 * PODIUM_DATA_DIR/ballot-secret (created on first use, readable by its owner only). Ballot codes
 * are derived from it, so they can be printed again without being stored; and while a poll is
 * open, a ballot is found again by a key derived from it and the code's hash. Losing it makes the
 * printed codes unknown to the server; it is never written to the database.
 */
@Injectable()
export class BallotSecret {
  private key: Buffer | null = null;

  constructor(private readonly config: AppConfig) {}

  private secret(): Buffer {
    if (this.key) return this.key;
    const configured = this.config.PODIUM_BALLOT_SECRET;
    if (configured) return (this.key = Buffer.from(configured, 'utf8'));
    const dir = resolve(this.config.PODIUM_DATA_DIR);
    const file = join(dir, 'ballot-secret');
    try {
      this.key = Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (raced) {
        // Another process of this data directory wrote it first: use theirs.
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      }
      this.key = Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
    }
    // An emptied or truncated file would make every code follow from the event's id alone.
    if (this.key.length < 32)
      throw new Error(`${file} holds no usable ballot secret (32 characters or more); delete it to have a new one made`);
    return this.key;
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.secret()).update(text, 'utf8').digest();
  }

  /** The code printed on card `number` of `hall` (always the same for the same secret). */
  code(eventId: string, hall: string, number: number): string {
    const mac = this.mac(`code:${eventId}:${hall}:${number}`);
    return [...mac.subarray(0, BALLOT_CODE_LENGTH)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  }

  /** What the database keeps of a code: its SHA-256. */
  codeHash(code: string): string {
    return hashSecret(code);
  }

  /**
   * The name a code's request count goes by in the rate windows (in Redis with several instances):
   * keyed, so that it is not the code's stored hash and a window's times cannot be matched with a ballot's.
   */
  rateKey(codeHash: string): string {
    return this.mac(`rate:${codeHash}`).toString('hex');
  }

  /** The key a ballot is found by while its poll is open: no one without the secret can tell which code it belongs to. */
  voterKey(pollId: string, codeHash: string): string {
    return this.mac(`voter:${pollId}:${codeHash}`).toString('hex');
  }
}

import { hashPassword, verifyPassword } from './password.js';

/** argon2id run off the main thread (see PasswordHasher). */
export type PasswordTask = { kind: 'hash'; password: string } | { kind: 'verify'; hash: string; password: string };

export default function run(task: PasswordTask): Promise<string | boolean> {
  return task.kind === 'hash' ? hashPassword(task.password) : verifyPassword(task.hash, task.password);
}

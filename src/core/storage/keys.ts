import { randomBytes } from 'node:crypto';

/** Storage keys: 32 random hex characters, never anything the user typed. */
export const KEY_PATTERN = /^[a-f0-9]{32}$/;

export function newKey(): string {
  return randomBytes(16).toString('hex');
}

export function assertKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error('invalid storage key');
}

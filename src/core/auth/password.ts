import argon2 from 'argon2';
import { COMMON_PASSWORDS } from './common-passwords';

/** OWASP's argon2id minimum (ASVS 6.2): m = 19 MiB, t = 2, p = 1. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
/** Long enough for any passphrase; the cap only keeps hashing cost bounded. Never truncated. */
export const PASSWORD_MAX = 256;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain.normalize('NFC'), HASH_OPTIONS);
}

export async function verifyPassword(hash: string | undefined | null, plain: string): Promise<boolean> {
  if (!hash) {
    // Spend the same time as a real check so an unknown account cannot be told apart by timing.
    await argon2.hash(plain.normalize('NFC'), HASH_OPTIONS);
    return false;
  }
  try {
    return await argon2.verify(hash, plain.normalize('NFC'));
  } catch {
    return false;
  }
}

/** Returns an i18n key describing why the password is refused, or null when it is acceptable. */
export function passwordProblem(plain: string, context: { email?: string; name?: string } = {}): string | null {
  // Spaces inside a passphrase are welcome; a password of spaces only is no password.
  if (plain.trim().length === 0) return 'password.blank';
  const length = [...plain].length;
  if (length < PASSWORD_MIN) return 'password.tooShort';
  if (length > PASSWORD_MAX) return 'password.tooLong';
  const lower = plain.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'password.tooCommon';
  if (context.email && lower === context.email.toLowerCase()) return 'password.likeEmail';
  if (context.email && lower === context.email.toLowerCase().split('@')[0] && lower.length < 12) return 'password.likeEmail';
  return null;
}

import { createHash, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { PasswordToken } from './password-token.model';

export const TOKEN_LIFETIME_HOURS = 72;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Spends every unused set-password token of the user (a new link, a deactivation). */
export async function revokeTokens(userId: string, now = new Date()): Promise<void> {
  await PasswordToken.updateMany({ user: userId, usedAt: null }, { $set: { usedAt: now } });
}

/** A new one-time set-password token for the user; older unused ones stop working. */
export async function issueToken(userId: string, purpose: 'invite' | 'reset', now = new Date()): Promise<string> {
  await revokeTokens(userId, now);
  const token = randomBytes(32).toString('base64url');
  await PasswordToken.create({
    user: userId,
    tokenHash: hashToken(token),
    purpose,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_HOURS * 3600 * 1000),
  });
  return token;
}

/** The token's record when it is usable now (known, unused, unexpired), else null. Does not consume it. */
export async function findUsableToken(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return PasswordToken.findOne({ tokenHash: hashToken(token), usedAt: null, expiresAt: mongoose.trusted({ $gt: now }) }).lean();
}

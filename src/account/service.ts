import { writeIf } from '../core/db/safe-write';
import mongoose from 'mongoose';
import { audit, type Actor } from '../core/audit';
import { hashPassword, passwordProblem, verifyPassword } from '../core/auth/password';
import { endSessionsOf } from '../core/auth/sessions';
import type { LoginThrottle } from '../core/auth/throttle';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import { User, toSessionUser } from '../users/model';
import type { SessionUser } from '../core/auth/session-user';
import { PasswordToken } from '../users/password-token.model';
import { findUsableToken } from '../users/tokens';

/**
 * Checks e-mail and password under login throttling. Returns null for bad credentials
 * (one answer for unknown e-mail, wrong password and inactive account).
 */
export async function verifyLogin(throttle: LoginThrottle, email: string, password: string, ip: string): Promise<{ user: SessionUser; epoch: number } | null> {
  const normalised = email.trim().toLowerCase().slice(0, 254);
  await throttle.assertAllowed(normalised, ip);
  const user = typeof password === 'string' && password.length <= 1024 ? await User.findOne({ email: normalised }).lean() : null;
  const ok = await verifyPassword(user?.active ? user.passwordHash : undefined, typeof password === 'string' ? password.slice(0, 1024) : '');
  if (!user || !ok || !user.active) {
    await throttle.recordFailure(normalised, ip);
    return null;
  }
  await throttle.recordSuccess(normalised, ip);
  await User.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } });
  return { user: toSessionUser(user), epoch: user.sessionEpoch ?? 0 };
}

export async function updatePreferences(actor: SessionUser, input: { name: string; locale: 'fr' | 'en' }): Promise<void> {
  const result = await User.updateOne({ _id: actor.id, active: true }, { $set: { name: input.name, locale: input.locale } });
  if (result.matchedCount === 0) throw new NotFound();
  await audit(actor, { action: 'account.updated', entityType: 'User', entityId: actor.id, summary: 'name / language' });
}

export async function setLocale(userId: string, locale: 'fr' | 'en'): Promise<void> {
  await User.updateOne({ _id: userId }, { $set: { locale } });
}

/**
 * Changes the password after checking the current one; every other session of the user ends.
 * Returns the new session epoch for the current session.
 */
export async function changePassword(actor: SessionUser, currentSessionId: string, input: { currentPassword: string; newPassword: string }): Promise<number> {
  const user = await User.findOne({ _id: actor.id, active: true });
  if (!user) throw new NotFound();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationFailed({ currentPassword: fieldError('account.wrongPassword') });
  }
  const problem = passwordProblem(input.newPassword, { email: user.email, name: user.name });
  if (problem) throw new ValidationFailed({ newPassword: fieldError(problem) });
  user.passwordHash = await hashPassword(input.newPassword);
  user.passwordChangedAt = new Date();
  user.sessionEpoch = (user.sessionEpoch ?? 0) + 1;
  try {
    await user.save();
  } catch (err) {
    if (err instanceof mongoose.Error.VersionError) throw new Conflict('errors.staleEdit');
    throw err;
  }
  await endSessionsOf(actor.id, currentSessionId);
  await audit(actor, { action: 'account.passwordChanged', entityType: 'User', entityId: actor.id });
  return user.sessionEpoch;
}

/** Who a set-password link is for, while it is usable; NotFound otherwise (unknown, used or expired). */
export async function describeToken(token: string): Promise<{ email: string; name: string; purpose: string }> {
  const record = await findUsableToken(token);
  if (!record) throw new NotFound();
  const user = await User.findOne({ _id: record.user, active: true }).lean();
  if (!user) throw new NotFound();
  return { email: user.email, name: user.name, purpose: record.purpose };
}

/** Sets the password through a one-time link; the link is spent even if two requests race. */
export async function redeemToken(token: string, newPassword: string): Promise<Actor> {
  const preview = await findUsableToken(token);
  if (!preview) throw new NotFound();
  const user = await User.findOne({ _id: preview.user, active: true });
  if (!user) throw new NotFound();
  const problem = passwordProblem(newPassword, { email: user.email, name: user.name });
  if (problem) throw new ValidationFailed({ newPassword: fieldError(problem) });
  const hash = await hashPassword(newPassword);
  // Single use even when two requests race: "unused" is in the write's filter (writeIf), one wins.
  await writeIf(PasswordToken, { _id: preview._id, usedAt: null, expiresAt: mongoose.trusted({ $gt: new Date() }) }, { $set: { usedAt: new Date() } }, { lockKey: `token:${String(preview._id)}` }).catch((err: unknown) => {
    throw err instanceof Conflict ? new NotFound() : err;
  });
  await User.updateOne(
    { _id: user._id },
    { $set: { passwordHash: hash, passwordChangedAt: new Date() }, $inc: { sessionEpoch: 1 } },
  );
  await endSessionsOf(String(user._id));
  const actor = { id: String(user._id), name: user.name };
  await audit(actor, { action: 'account.passwordSet', entityType: 'User', entityId: actor.id, summary: preview.purpose });
  return actor;
}

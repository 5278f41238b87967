import type { Db } from 'mongodb';
import { ActionThrottle } from '../core/auth/throttle';
import { TooManyRequests } from '../core/errors';
import { User } from '../users/model';
import { sendLink, type LinkDeps } from '../users/service';
import { issueToken } from '../users/tokens';

/** Requests per address and per IP within an hour: enough for a person, not for a mail bomb. */
export const RESET_PER_ADDRESS = 3;
export const RESET_PER_IP = 20;

export interface ResetThrottles {
  byAddress: ActionThrottle;
  byIp: ActionThrottle;
}

export function resetThrottles(db: Db): ResetThrottles {
  return { byAddress: new ActionThrottle(db, 'reset-addr', RESET_PER_ADDRESS, 3600), byIp: new ActionThrottle(db, 'reset-ip', RESET_PER_IP, 3600) };
}

/**
 * "Forgot password": when an active account uses the address, a one-time set-password link (the
 * same links as the managers send, 72 h, the older ones revoked) goes to that address. The caller
 * gives the same answer whether or not the address exists. Too many requests from one IP are
 * refused (429); past the cap for one address nothing more is sent, silently (the answer would
 * otherwise say the address exists).
 */
export async function requestPasswordReset(email: string, ip: string, throttles: ResetThrottles, deps: LinkDeps): Promise<void> {
  if (!(await throttles.byIp.take(ip))) throw new TooManyRequests(3600);
  const address = email.trim().toLowerCase();
  if (!(await throttles.byAddress.take(address))) return;
  const user = await User.findOne({ email: address, active: true }, { email: 1, name: 1, locale: 1 }).lean();
  if (!user) return;
  const token = await issueToken(String(user._id), 'reset');
  await sendLink(user, token, 'reset', deps);
}

/** For the server's operator (`npm run user:reset -- email`): a set-password link for the account. */
export async function operatorResetLink(email: string, baseUrl: string): Promise<{ link: string; name: string; role: string } | 'unknown' | 'inactive'> {
  const user = await User.findOne({ email: email.trim().toLowerCase() }).lean();
  if (!user) return 'unknown';
  // A deactivated account stays so: a manager reactivates it (Users), then this command works.
  if (!user.active) return 'inactive';
  const token = await issueToken(String(user._id), 'reset');
  return { link: `${baseUrl.replace(/\/+$/, '')}/set-password/${token}`, name: user.name, role: user.role };
}

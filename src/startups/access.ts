import mongoose from 'mongoose';
import { NotFound } from '../core/errors';
import { startupScope } from '../core/policy';
import type { SessionUser } from '../users/model';
import { Startup } from './model';

/**
 * The startup `id` as this user may reach it (never findById then check): unknown, malformed
 * or out-of-reach ids are all NotFound. Every feature that works on one startup starts here.
 */
export async function findStartupFor(user: SessionUser, id: string) {
  if (!mongoose.isValidObjectId(id) || !/^[a-f0-9]{24}$/i.test(id)) throw new NotFound();
  const scope = await startupScope(user);
  if (!scope) throw new NotFound();
  // $and, not a spread: the scope may itself constrain _id (own or assigned startups).
  const startup = await Startup.findOne({ $and: [scope, { _id: id }] });
  if (!startup) throw new NotFound();
  return startup;
}

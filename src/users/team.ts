import mongoose from 'mongoose';
import { rolesFor, rolesLinkedTo, type Action } from '../core/policy';
import { User } from './model';

/** The startup's team: active users linked to it (founders). */
export async function teamOf(startupId: string): Promise<string[]> {
  const team = await User.find({ role: mongoose.trusted({ $in: rolesLinkedTo('startups') }), active: true, startups: new mongoose.Types.ObjectId(startupId) }, { _id: 1 }).lean();
  return team.map((u) => String(u._id));
}

/** Active users whose role may do `action` whatever the record (the managers who decide). */
export async function usersWho(action: Action): Promise<string[]> {
  const users = await User.find({ role: mongoose.trusted({ $in: rolesFor(action, 'all') }), active: true }, { _id: 1 }).lean();
  return users.map((u) => String(u._id));
}

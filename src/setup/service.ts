import { audit } from '../core/audit';
import { hashPassword, passwordProblem } from '../core/auth/password';
import { NotFound, ValidationFailed, fieldError } from '../core/errors';
import { DEFAULT_STAGES, Programme } from '../programmes/model';
import type { SessionUser } from '../core/auth/session-user';
import { User, toSessionUser } from '../users/model';
import { Setting } from './model';
import type { SetupInput } from './schemas';
import { rolesFor } from '../core/policy';

/** The first-run setup is open only while no user exists. */
export async function needsSetup(): Promise<boolean> {
  return (await User.countDocuments({}).limit(1)) === 0;
}

/** Creates the programme and the first manager. Of two concurrent setups only one succeeds. */
export async function runSetup(input: SetupInput): Promise<{ userId: string; user: SessionUser; epoch: number }> {
  if (!(await needsSetup())) throw new NotFound();
  const problem = passwordProblem(input.newPassword, { email: input.email, name: input.name });
  if (problem) throw new ValidationFailed({ newPassword: fieldError(problem) });
  const passwordHash = await hashPassword(input.newPassword);
  try {
    await Setting.create({ _id: 'setup', value: { at: new Date() } });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new NotFound();
    throw err;
  }
  try {
    const programme = await Programme.create({ name: input.programmeName, stages: DEFAULT_STAGES });
    const user = await User.create({ email: input.email, name: input.name, role: rolesFor('users.manage')[0], locale: input.locale, passwordHash, passwordChangedAt: new Date() });
    const actor = { id: String(user._id), name: user.name };
    await audit(actor, { action: 'setup.completed', entityType: 'Programme', entityId: String(programme._id), summary: programme.name });
    // The route signs the new manager in: they just chose this password, typing it again proves nothing.
    return { userId: actor.id, user: toSessionUser(user), epoch: user.sessionEpoch ?? 0 };
  } catch (err) {
    // Leave the setup open again rather than half done.
    await User.deleteMany({ email: input.email });
    await Programme.deleteMany({ name: input.programmeName });
    await Setting.deleteOne({ _id: 'setup' });
    throw err;
  }
}

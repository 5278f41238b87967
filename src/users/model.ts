import { Schema, model, type HydratedDocument, type InferSchemaType, Types } from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { ROLES, type Role } from '../core/policy';

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 254 },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    /** argon2id; absent until the user sets a password through their one-time link. */
    passwordHash: { type: String },
    role: { type: String, required: true, enum: ROLES },
    locale: { type: String, enum: ['fr', 'en'], default: 'fr' },
    /** Founder: the startups whose team they belong to. */
    startups: { type: [{ type: Schema.Types.ObjectId, ref: 'Startup' }], default: [] },
    /** Partner: their organisation. */
    organisation: { type: Schema.Types.ObjectId, ref: 'PartnerOrganisation' },
    active: { type: Boolean, default: true },
    /** Bumped to end every other session of the user (password change, deactivation). */
    sessionEpoch: { type: Number, default: 0 },
    lastLoginAt: { type: Date },
    /**
     * The bell's number, kept with the user so that no page counts notifications: raised when
     * notifications are created for the user, lowered when they are read (notifications/service.ts).
     */
    unreadNotifications: { type: Number, default: 0, min: 0 },
    passwordChangedAt: { type: Date },
  },
  { timestamps: true, optimisticConcurrency: true },
);

userSchema.index({ role: 1, active: 1 });
userSchema.index({ name: 1 });

export type UserFields = InferSchemaType<typeof userSchema>;
export type UserDoc = HydratedDocument<UserFields>;
export const User = model('User', userSchema);

export function toSessionUser(user: {
  _id: Types.ObjectId;
  email: string;
  name: string;
  role: string;
  locale?: string | null;
  startups?: Types.ObjectId[] | null;
  organisation?: Types.ObjectId | null;
  unreadNotifications?: number | null;
}): SessionUser {
  return {
    id: String(user._id),
    email: user.email,
    name: user.name,
    role: user.role as Role,
    locale: user.locale === 'en' ? 'en' : 'fr',
    startups: (user.startups ?? []).map(String),
    organisation: user.organisation ? String(user.organisation) : undefined,
    unreadNotifications: Math.max(0, user.unreadNotifications ?? 0),
  };
}

/** The signed-in user of a session (passport's loader): null when unknown, inactive, or signed out since (epoch). */
export async function loadSessionUser(id: string, epoch: number): Promise<SessionUser | null> {
  // By _id alone (the embedded server's index serves only that), the rest checked here.
  const user = await User.findOne({ _id: id }).lean();
  if (!user?.active || (user.sessionEpoch ?? 0) !== epoch) return null;
  return toSessionUser(user);
}

import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { writeIf } from '../core/db/safe-write';
import { isObjectId } from '../core/db/ids';
import { Conflict, NotFound } from '../core/errors';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { can, coachRoles, requireCan } from '../core/policy';
import { MentorAssignment } from '../startups/assignment.model';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { MentorProfile, type Expertise } from './model';
import type { DirectoryQuery, ProfileInput } from './schemas';
import { mentorLoads, type MentorLoad } from './stats';

export interface MentorRow {
  id: string;
  name: string;
  email: string;
  expertise: Expertise[];
  languages: string[];
  availability: string;
  capacityStartups: number;
  capacityHours: number;
  load: MentorLoad;
  /** Places left (startups): capacity minus the startups coached now. */
  free: number;
}

const NO_LOAD: MentorLoad = { startups: 0, quarterHours: 0, rating: null, ratings: 0 };

/** The active mentors with their profiles (defaults when none saved yet) and loads. */
export async function mentorRows(): Promise<MentorRow[]> {
  const users = await User.find({ role: mongoose.trusted({ $in: coachRoles() }), active: true }, { name: 1, email: 1 }).lean();
  const ids = users.map((u) => String(u._id));
  const [profiles, loads] = await Promise.all([MentorProfile.find({ _id: mongoose.trusted({ $in: users.map((u) => u._id) }) }).lean(), mentorLoads(ids)]);
  const byId = new Map(profiles.map((p) => [String(p._id), p]));
  return users
    .map((u) => {
      const p = byId.get(String(u._id));
      const load = loads.get(String(u._id)) ?? NO_LOAD;
      const capacityStartups = p?.capacityStartups ?? 3;
      return {
        id: String(u._id),
        name: u.name,
        email: u.email,
        expertise: (p?.expertise ?? []) as Expertise[],
        languages: p?.languages ?? ['fr'],
        availability: p?.availability ?? '',
        capacityStartups,
        capacityHours: p?.capacityHours ?? 8,
        load,
        free: Math.max(0, capacityStartups - load.startups),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The directory (managers): search by name, filters by expertise, language and free places. */
export async function listMentors(user: SessionUser, query: DirectoryQuery): Promise<Paged<MentorRow> & { all: MentorRow[] }> {
  requireCan(user, 'mentoring.manage');
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : undefined;
  const all = (await mentorRows()).filter(
    (m) => (!search || search.test(m.name)) && (!query.expertise || m.expertise.includes(query.expertise)) && (!query.language || m.languages.includes(query.language)) && (!query.free || m.free > 0),
  );
  const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return { ...paged(all.slice((page - 1) * PER_PAGE, page * PER_PAGE), all.length, page), all };
}

/** A mentor the user may see the page of: managers any mentor, a mentor themself; 404 otherwise. */
async function mentorUser(user: SessionUser, mentorId: string) {
  requireCan(user, 'mentoring.profile');
  if (!isObjectId(mentorId) || (!can(user, 'mentoring.manage') && mentorId !== user.id)) throw new NotFound();
  const mentor = await User.findOne({ _id: mentorId }).lean();
  if (!mentor || !coachRoles().includes(mentor.role as never)) throw new NotFound();
  return mentor;
}

/** A mentor's page: profile, load, the startups coached now and before. */
export async function mentorPage(user: SessionUser, mentorId: string) {
  const mentor = await mentorUser(user, mentorId);
  const [profile, loads, assignments] = await Promise.all([MentorProfile.findOne({ _id: mentor._id }).lean(), mentorLoads([mentorId]), MentorAssignment.find({ mentor: mentor._id }).sort({ from: -1 }).lean()]);
  const startups = assignments.length ? await Startup.find({ _id: mongoose.trusted({ $in: [...new Set(assignments.map((a) => String(a.startup)))] }) }, { name: 1 }).lean() : [];
  const names = new Map(startups.map((s) => [String(s._id), s.name]));
  const now = Date.now();
  return {
    mentor: { id: String(mentor._id), name: mentor.name, email: mentor.email, active: mentor.active },
    profile: {
      expertise: profile?.expertise ?? [],
      languages: profile?.languages ?? ['fr'],
      bio: profile?.bio ?? '',
      availability: profile?.availability ?? '',
      capacityStartups: profile?.capacityStartups ?? 3,
      capacityHours: profile?.capacityHours ?? 8,
      version: profile?.__v ?? 0,
    },
    load: loads.get(mentorId) ?? NO_LOAD,
    assignments: assignments.map((a) => ({
      id: String(a._id),
      startupId: String(a.startup),
      startupName: names.get(String(a.startup)) ?? '',
      from: a.from,
      to: a.to ?? undefined,
      current: a.from.getTime() <= now && (!a.to || a.to.getTime() >= now),
    })),
    canEdit: true,
    canManage: can(user, 'mentoring.manage'),
  };
}

/**
 * Saves a mentor's profile (managers any mentor's, a mentor their own). The first save creates it;
 * later saves only from the version the form showed (writeIf).
 */
export async function saveProfile(user: SessionUser, mentorId: string, input: ProfileInput): Promise<void> {
  const mentor = await mentorUser(user, mentorId);
  const fields = { expertise: [...new Set(input.expertise)], languages: [...new Set(input.languages)], bio: input.bio, availability: input.availability, capacityStartups: input.capacityStartups, capacityHours: input.capacityHours };
  const existing = await MentorProfile.findOne({ _id: mentor._id }, { _id: 1 }).lean();
  if (!existing) {
    if (input.version !== 0) throw new Conflict('errors.staleEdit');
    try {
      // Stored profiles start at version 1, so a form drawn before this first save (version 0) is
      // stale afterwards. Mongoose always writes 0 on a create: the driver inserts it (fields checked by the form's schema).
      const now = new Date();
      await MentorProfile.collection.insertOne({ _id: mentor._id, ...fields, __v: 1, createdAt: now, updatedAt: now });
    } catch (err) {
      if ((err as { code?: number } | null)?.code === 11000) throw new Conflict('errors.staleEdit');
      throw err;
    }
  } else {
    await writeIf(MentorProfile, { _id: mentor._id, __v: input.version }, { $set: fields, $inc: { __v: 1 } });
  }
  await audit(user, { action: 'mentoring.profileSaved', entityType: 'User', entityId: mentorId, summary: `${mentor.name}: ${fields.expertise.join(', ')}` });
}

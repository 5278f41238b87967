import type { Storage } from '../core/storage';
import { seedCheckins } from './checkins';
import { seedDocuments } from './documents';
import { seedMilestones, seedTracks } from './milestones';
import { seedReadiness } from './readiness';
import { MentorAssignment } from '../startups/assignment.model';
import { Startup } from '../startups/model';
import { seedStartupProfiles } from './startups';
import { User } from '../users/model';
import { seedDemo, DEMO_USERS } from './demo';
import { seedMentoring } from './mentoring';
import { seedHosting } from './hosting';

/** Startups the demo mentor coaches (so the mentor's pages have something to show). */
export const DEMO_MENTOR_STARTUPS = ['cardiosense', 'oncolytix'];

async function seedMentorAssignments(): Promise<number> {
  const mentorEmail = DEMO_USERS.find((u) => u.role === 'mentor')?.email;
  const mentor = mentorEmail ? await User.findOne({ email: mentorEmail }).lean() : null;
  if (!mentor) return 0;
  let created = 0;
  for (const slug of DEMO_MENTOR_STARTUPS) {
    const startup = await Startup.findOne({ slug }).lean();
    if (!startup || (await MentorAssignment.exists({ mentor: mentor._id, startup: startup._id }))) continue;
    await MentorAssignment.create({ mentor: mentor._id, startup: startup._id, from: new Date('2026-03-02') });
    created += 1;
  }
  return created;
}

/**
 * The whole demo programme: users, cohorts and startups, then each feature's demo data
 * (profiles and stage histories, mentor assignments, readiness assessments, dossiers, mentoring,
 * hosting). Idempotent.
 */
export async function seedAll(storage?: Storage): Promise<{ created: number; users: typeof DEMO_USERS }> {
  const base = await seedDemo();
  const profiles = await seedStartupProfiles();
  const assignments = await seedMentorAssignments();
  const readiness = await seedReadiness();
  const documents = await seedDocuments(storage);
  // Milestones link dossier documents as evidence; check-ins report on open milestones.
  const tracks = await seedTracks();
  const milestones = await seedMilestones();
  const checkins = await seedCheckins();
  const mentoring = await seedMentoring();
  const hosting = await seedHosting();
  const created = base.created + profiles + assignments + readiness.assessments + readiness.targets + documents.created + tracks + milestones + checkins + mentoring + hosting;
  return { created, users: base.users };
}

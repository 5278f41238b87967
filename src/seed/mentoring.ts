import type { Types } from 'mongoose';
import { fromParisWallTime, parisWallTime } from '../core/time';
import { ActionItem, MentoringSession, MentorProfile, OfficeHourSlot, type Expertise } from '../mentoring/model';
import { MentorAssignment } from '../startups/assignment.model';
import { Startup } from '../startups/model';
import { User } from '../users/model';

/** Demo mentors beside the one who signs in (invited, no password): the directory and the suggestions need a few. */
const MENTORS: { email: string; name: string; expertise: Expertise[]; languages: ('fr' | 'en' | 'de')[]; bio: string; availability: string; capacityStartups: number; capacityHours: number }[] = [
  { email: 'mentor@demo.boost', name: 'Sophie Lefèvre', expertise: ['clinical', 'go_to_market', 'digital_health'], languages: ['fr', 'en'], bio: 'Ancienne directrice médicale d’un fabricant de dispositifs connectés ; a conduit trois investigations cliniques.', availability: 'Mardis et jeudis, en visio de préférence', capacityStartups: 3, capacityHours: 8 },
  { email: 'marc.dubois@demo.boost', name: 'Marc Dubois', expertise: ['regulatory', 'quality'], languages: ['fr'], bio: 'Consultant affaires réglementaires, marquage CE sous MDR et IVDR, systèmes qualité ISO 13485.', availability: 'Lundis matin', capacityStartups: 2, capacityHours: 6 },
  { email: 'nadia.haddad@demo.boost', name: 'Nadia Haddad', expertise: ['fundraising', 'market_access'], languages: ['fr', 'en'], bio: 'Business angel santé, ancienne responsable accès au marché dans un laboratoire.', availability: 'Vendredis', capacityStartups: 4, capacityHours: 10 },
  { email: 'pierre.lambert@demo.boost', name: 'Pierre Lambert', expertise: ['ip', 'bioproduction'], languages: ['fr', 'de'], bio: 'Conseil en propriété industrielle, biotechnologies et procédés de production.', availability: 'Sur rendez-vous', capacityStartups: 2, capacityHours: 4 },
];

/** Who coaches whom (slugs); `ended` periods are history. */
const ASSIGNMENTS: { mentor: string; startup: string; fromDaysAgo: number; ended?: number }[] = [
  { mentor: 'marc.dubois@demo.boost', startup: 'diagnoflash', fromDaysAgo: 200 },
  { mentor: 'marc.dubois@demo.boost', startup: 'cardiosense', fromDaysAgo: 120 },
  { mentor: 'nadia.haddad@demo.boost', startup: 'seniorlink', fromDaysAgo: 150 },
  { mentor: 'pierre.lambert@demo.boost', startup: 'biocell-factory', fromDaysAgo: 300, ended: 60 },
  { mentor: 'pierre.lambert@demo.boost', startup: 'oncolytix', fromDaysAgo: 90 },
];

/** A Paris day `days` from today at a wall-clock time. */
function at(days: number, time: string): Date {
  const day = parisWallTime(new Date(Date.now() + days * 86_400_000)).day;
  return fromParisWallTime(day, time) as Date;
}

interface SessionSeed {
  mentor: string;
  startup: string;
  days: number;
  time: string;
  minutes: number;
  topic: string;
  status: 'scheduled' | 'completed' | 'cancelled' | 'no_show';
  notes?: string;
  feedback?: number;
  preparation?: number;
  items?: { text: string; owner: 'startup' | 'coach'; dueDays: number; done?: boolean }[];
  cancelReason?: string;
}

/** Sessions past and to come, relative to today: held ones with notes, items and ratings, one to record, some planned. */
const SESSIONS: SessionSeed[] = [
  { mentor: 'mentor@demo.boost', startup: 'cardiosense', days: -56, time: '10:00', minutes: 60, topic: 'Plan d’investigation clinique', status: 'completed', notes: 'Protocole trop ambitieux pour un premier essai : réduire à un seul centre et 40 patients.', feedback: 5, preparation: 4, items: [{ text: 'Réécrire le synopsis du protocole', owner: 'startup', dueDays: -40, done: true }] },
  { mentor: 'mentor@demo.boost', startup: 'cardiosense', days: -28, time: '14:00', minutes: 90, topic: 'Choix du centre investigateur', status: 'completed', notes: 'Deux CHU intéressés ; préparer la grille de comparaison.', feedback: 4, preparation: 3, items: [{ text: 'Comparer les deux centres (coûts, délais, recrutement)', owner: 'startup', dueDays: 1 }, { text: 'Présenter l’équipe au CHU Horizon', owner: 'coach', dueDays: 5 }] },
  { mentor: 'mentor@demo.boost', startup: 'cardiosense', days: -1, time: '11:00', minutes: 60, topic: 'Budget de l’étude clinique', status: 'scheduled' },
  { mentor: 'mentor@demo.boost', startup: 'cardiosense', days: 2, time: '09:30', minutes: 60, topic: 'Relecture du dossier CPP', status: 'scheduled' },
  { mentor: 'mentor@demo.boost', startup: 'oncolytix', days: -35, time: '16:00', minutes: 45, topic: 'Positionnement face aux concurrents', status: 'no_show' },
  { mentor: 'mentor@demo.boost', startup: 'oncolytix', days: -14, time: '10:00', minutes: 60, topic: 'Stratégie d’accès au marché', status: 'completed', notes: 'Bien avancé sur la cible ; reste à chiffrer le service médical rendu attendu.', feedback: 4, preparation: 5, items: [{ text: 'Chiffrer le marché adressable en France', owner: 'startup', dueDays: 10 }] },
  { mentor: 'mentor@demo.boost', startup: 'oncolytix', days: 6, time: '15:00', minutes: 60, topic: 'Préparation du comité d’investissement', status: 'cancelled', cancelReason: 'Comité reporté au mois prochain.' },
  { mentor: 'marc.dubois@demo.boost', startup: 'cardiosense', days: -21, time: '09:00', minutes: 120, topic: 'Classification MDR du patch', status: 'completed', notes: 'Classe IIa confirmée (règle 10) ; organisme notifié à contacter.', feedback: 5, items: [{ text: 'Contacter deux organismes notifiés', owner: 'startup', dueDays: -3 }] },
  { mentor: 'marc.dubois@demo.boost', startup: 'diagnoflash', days: 8, time: '10:00', minutes: 60, topic: 'Performance analytique IVDR', status: 'scheduled' },
  { mentor: 'nadia.haddad@demo.boost', startup: 'seniorlink', days: -70, time: '11:00', minutes: 60, topic: 'Préparation de la levée d’amorçage', status: 'completed', feedback: 3, preparation: 2 },
];

type Ids = Map<string, Types.ObjectId>;

async function ensureMentors(): Promise<{ ids: Ids; names: Map<string, string>; created: number }> {
  const ids: Ids = new Map();
  const names = new Map<string, string>();
  let created = 0;
  for (const m of MENTORS) {
    let user = await User.findOne({ email: m.email }).lean();
    if (!user) {
      user = (await User.create({ email: m.email, name: m.name, role: 'mentor' })).toObject();
      created += 1;
    }
    ids.set(m.email, user._id);
    names.set(m.email, user.name);
    if (!(await MentorProfile.exists({ _id: user._id }))) {
      await MentorProfile.create({ _id: user._id, expertise: m.expertise, languages: m.languages, bio: m.bio, availability: m.availability, capacityStartups: m.capacityStartups, capacityHours: m.capacityHours });
      created += 1;
    }
  }
  return { ids, names, created };
}

/**
 * The mentoring demo: mentors with profiles, assignments (one of them ended), sessions held and
 * planned with notes, action items and ratings, office hours of the demo mentor (one booked by the
 * demo founder). Idempotent: records are found by their natural keys (mentor, startup, topic).
 */
export async function seedMentoring(): Promise<number> {
  const { ids, names, created: people } = await ensureMentors();
  let created = people;
  const startups = new Map((await Startup.find({}, { slug: 1 }).lean()).map((s) => [s.slug, s._id]));
  for (const a of ASSIGNMENTS) {
    const mentor = ids.get(a.mentor);
    const startup = startups.get(a.startup);
    if (!mentor || !startup || (await MentorAssignment.exists({ mentor, startup }))) continue;
    await MentorAssignment.create({ mentor, startup, from: at(-a.fromDaysAgo, '00:00'), to: a.ended ? at(-a.ended, '23:59') : undefined, assignedByName: 'Claire Martin', endedByName: a.ended ? 'Claire Martin' : undefined });
    created += 1;
  }
  const founder = await User.findOne({ email: 'founder@demo.boost' }).lean();
  for (const s of SESSIONS) {
    const mentor = ids.get(s.mentor);
    const startup = startups.get(s.startup);
    if (!mentor || !startup || (await MentoringSession.exists({ mentor, startup, topic: s.topic }))) continue;
    const start = at(s.days, s.time);
    const rating = (value: number | undefined, by: { _id: Types.ObjectId; name: string } | null) => (value && by ? { rating: value, comment: '', by: by._id, byName: by.name, at: new Date(start.getTime() + 86_400_000) } : undefined);
    const session = await MentoringSession.create({
      startup,
      mentor,
      mentorName: names.get(s.mentor),
      start,
      end: new Date(start.getTime() + s.minutes * 60_000),
      durationMinutes: s.minutes,
      place: 'Pépinière Santé, salle 2',
      topic: s.topic,
      status: s.status,
      actualMinutes: s.status === 'completed' ? s.minutes : undefined,
      recordedAt: s.status === 'completed' || s.status === 'no_show' ? new Date(start.getTime() + s.minutes * 60_000) : undefined,
      notes: s.notes ?? '',
      cancelReason: s.cancelReason ?? '',
      feedback: s.startup === 'cardiosense' ? rating(s.feedback, founder) : rating(s.feedback, { _id: mentor, name: 'Équipe' }),
      preparation: rating(s.preparation, { _id: mentor, name: names.get(s.mentor) ?? '' }),
      plannedByName: names.get(s.mentor),
    });
    created += 1;
    for (const item of s.items ?? []) {
      await ActionItem.create({ session: session._id, startup, mentor, text: item.text, owner: item.owner, due: at(item.dueDays, '23:59'), done: Boolean(item.done), doneAt: item.done ? at(item.dueDays - 2, '18:00') : undefined, doneByName: item.done ? (founder?.name ?? '') : undefined });
      created += 1;
    }
  }
  created += await seedOfficeHours(ids.get('mentor@demo.boost'), names.get('mentor@demo.boost') ?? '', startups.get('cardiosense'), founder);
  return created;
}

/** The demo mentor's office hours: Thursday-like slots over the next three weeks, the first one booked by the demo founder. */
async function seedOfficeHours(mentor: Types.ObjectId | undefined, mentorName: string, startup: Types.ObjectId | undefined, founder: { _id: Types.ObjectId; name: string } | null): Promise<number> {
  if (!mentor || !startup || !founder || (await OfficeHourSlot.exists({ mentor }))) return 0;
  let created = 0;
  for (const [index, days] of [3, 10, 17].entries()) {
    for (const time of ['14:00', '14:30', '15:00']) {
      const start = at(days, time);
      const end = new Date(start.getTime() + 30 * 60_000);
      const slot = await OfficeHourSlot.create({ mentor, mentorName, start, end, durationMinutes: 30, videoLink: 'https://visio.example.org/sophie-lefevre' });
      created += 1;
      if (index === 0 && time === '14:00') {
        const session = await MentoringSession.create({ startup, mentor, mentorName, start, end, durationMinutes: 30, videoLink: slot.videoLink, topic: 'Questions sur le recrutement des patients', slot: slot._id, plannedBy: founder._id, plannedByName: founder.name });
        await OfficeHourSlot.updateOne({ _id: slot._id }, { $set: { status: 'booked', startup, bookedBy: founder._id, bookedByName: founder.name, session: session._id } });
        created += 1;
      }
    }
  }
  return created;
}

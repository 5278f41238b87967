import { Types } from 'mongoose';
import { DEFAULT_STAGES } from '../../programmes/model';
import type { PARTNER_KINDS } from '../../partners/model';
import { AREAS } from '../../startups/model';
import type { Role } from '../../core/policy';
import { BENCH_USERS, type DatasetSpec } from '../datasets';
import { DAY, Random, addDays, apportion } from '../random';
import { partnerName } from './referral-texts';

/**
 * The skeleton of a dataset, decided in memory before anything is written: cohorts, people and
 * startups with their time in the programme. Ids are made here, so records can refer to each other
 * without reading anything back.
 */
export interface Person {
  _id: Types.ObjectId;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
  invited: boolean;
  startups: Types.ObjectId[];
  organisation?: Types.ObjectId;
}

export interface CohortPlan {
  _id: Types.ObjectId;
  name: string;
  startDate: Date;
  endDate: Date;
  status: 'planned' | 'active' | 'closed';
}

export interface StartupPlan {
  _id: Types.ObjectId;
  index: number;
  name: string;
  slug: string;
  cohort: CohortPlan;
  status: 'applicant' | 'active' | 'alumni' | 'withdrawn';
  area: (typeof AREAS)[number];
  /** Stage keys from the first to the current one. */
  path: string[];
  /** Time in the programme: from the cohort's start to today (active) or to when it left. */
  windowStart: Date;
  windowEnd: Date;
  founders: Person[];
  /** Mentors assigned over time: [mentor, from, to (undefined = still)]. */
  mentors: { mentor: Person; from: Date; to?: Date }[];
  featured: boolean;
  /** Share of the history (milestones, activity…) this startup gets. */
  weight: number;
}

export interface Plan {
  spec: DatasetSpec;
  now: Date;
  programmeId: Types.ObjectId;
  cohorts: CohortPlan[];
  organisations: { _id: Types.ObjectId; name: string; kind: (typeof PARTNER_KINDS)[number] }[];
  people: Person[];
  managers: Person[];
  mentors: Person[];
  startups: StartupPlan[];
  bench: Record<'manager' | 'founder' | 'mentor' | 'partner' | 'observer', Person>;
  featured: StartupPlan;
}

const PREFIXES = ['Cardio', 'Onco', 'Bio', 'Neuro', 'Derm', 'Gen', 'Immuno', 'Pneumo', 'Ortho', 'Med', 'Vita', 'Nephro', 'Hema', 'Pharma', 'Senior', 'Diag', 'Micro', 'Cell', 'Opti', 'Sano'];
const SUFFIXES = ['Sense', 'Track', 'Lab', 'Care', 'Link', 'Flash', 'Print', 'Nova', 'Logic', 'Scan', 'Cure', 'Tech', 'Gen', 'Path', 'Wave', 'Vision', 'Pulse', 'Factory', 'Data', 'Soft'];
const FIRST = ['Claire', 'Karim', 'Sophie', 'Thomas', 'Isabelle', 'Nadia', 'Julien', 'Léa', 'Marc', 'Chloé', 'Hugo', 'Inès', 'Paul', 'Sarah', 'Yanis', 'Emma', 'Louis', 'Amina', 'Antoine', 'Camille'];
const LAST = ['Martin', 'Benali', 'Lefèvre', 'Moreau', 'Roux', 'Bernard', 'Dubois', 'Laurent', 'Garcia', 'Petit', 'Durand', 'Leroy', 'Fontaine', 'Chevalier', 'Mercier', 'Blanc', 'Guerin', 'Faure', 'Girard', 'Bonnet'];
const ORG_KINDS: (typeof PARTNER_KINDS)[number][] = ['genopole_network', 'investor', 'hospital', 'incubator_hosting', 'industry', 'bioproduction', 'public_agency', 'other'];
const SEASONS = ['printemps', 'automne'];

export const LADDER = DEFAULT_STAGES.map((s) => s.key);

function makeCohorts(spec: DatasetSpec, now: Date): CohortPlan[] {
  const periodStart = addDays(now, -365 * spec.years);
  const count = spec.years * spec.cohortsPerYear;
  const step = 365 / spec.cohortsPerYear;
  const cohorts: CohortPlan[] = [];
  // The last cohort of the period started a few weeks ago; one more is planned for next season.
  for (let i = 0; i <= count; i += 1) {
    const startDate = addDays(periodStart, Math.round(step * (i + 1)) - 40);
    const endDate = addDays(startDate, 200);
    const status = i === count ? 'planned' : endDate < now ? 'closed' : 'active';
    const season = SEASONS[i % SEASONS.length];
    cohorts.push({ _id: new Types.ObjectId(), name: `Boost ${startDate.getUTCFullYear()} – ${season} (${i + 1})`, startDate, endDate, status });
  }
  return cohorts;
}

function person(rnd: Random, role: Role, n: number, createdAt: Date, extra: Partial<Person> = {}): Person {
  return {
    _id: new Types.ObjectId(),
    name: `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`,
    email: `${role}${n}@bench.boost`,
    role,
    createdAt,
    invited: false,
    startups: [],
    ...extra,
  };
}

function statusFor(rnd: Random, cohort: CohortPlan, now: Date): StartupPlan['status'] {
  if (cohort.status === 'planned') return 'applicant';
  if (cohort.status === 'active') return 'active';
  const monthsSinceEnd = (now.getTime() - cohort.endDate.getTime()) / (30 * DAY);
  const r = rnd.next();
  if (monthsSinceEnd < 12) return r < 0.5 ? 'active' : r < 0.9 ? 'alumni' : 'withdrawn';
  return r < 0.85 ? 'alumni' : 'withdrawn';
}

function makeStartup(rnd: Random, index: number, cohort: CohortPlan, now: Date): StartupPlan {
  const status = statusFor(rnd, cohort, now);
  const windowStart = status === 'applicant' ? addDays(now, -rnd.int(5, 40)) : cohort.startDate;
  const windowEnd = status === 'active' || status === 'applicant' ? now : new Date(Math.min(now.getTime(), addDays(cohort.endDate, rnd.int(0, 120)).getTime()));
  const months = (windowEnd.getTime() - windowStart.getTime()) / (30 * DAY);
  const first = rnd.int(0, 1);
  const moves = status === 'applicant' ? 0 : Math.min(LADDER.length - 1 - first, Math.floor(months / 6) + rnd.int(0, 1));
  const path = LADDER.slice(first, first + moves + 1);
  if (status === 'withdrawn' && path.length > 1 && rnd.chance(0.5)) path.push(path[path.length - 2]);
  const base = `${rnd.pick(PREFIXES)}${rnd.pick(SUFFIXES)}`;
  const name = `${base} ${index + 1}`;
  return {
    _id: new Types.ObjectId(),
    index,
    name,
    slug: `${base.toLowerCase()}-${index + 1}`,
    cohort,
    status,
    area: rnd.pick(AREAS),
    path,
    windowStart,
    windowEnd,
    founders: [],
    mentors: [],
    featured: false,
    weight: Math.max(0.5, months),
  };
}

/** Decides the dataset's skeleton (no database access). */
export function makePlan(spec: DatasetSpec, now = new Date()): Plan {
  const rnd = new Random(spec.seed);
  const periodStart = addDays(now, -365 * spec.years);
  const cohorts = makeCohorts(spec, now);
  const organisations = Array.from({ length: spec.organisations }, (_, i) => {
    const kind = ORG_KINDS[i % ORG_KINDS.length];
    return { _id: new Types.ObjectId(), name: partnerName(kind, Math.floor(i / ORG_KINDS.length) + 1), kind };
  });

  // Startups per cohort: the planned cohort holds a smaller group of applicants.
  const perCohort = apportion(spec.startups, cohorts.map((c) => (c.status === 'planned' ? 0.3 : 1)));
  const startups: StartupPlan[] = [];
  cohorts.forEach((cohort, c) => {
    for (let k = 0; k < perCohort[c]; k += 1) startups.push(makeStartup(rnd, startups.length, cohort, now));
  });

  const managers = Array.from({ length: spec.managers }, (_, i) => person(rnd, 'manager', i + 1, periodStart));
  const mentors = Array.from({ length: spec.mentors }, (_, i) => person(rnd, 'mentor', i + 1, rnd.between(periodStart, addDays(periodStart, 365))));
  const partners = Array.from({ length: spec.partners }, (_, i) => person(rnd, 'partner', i + 1, rnd.between(periodStart, now), { organisation: organisations[i % organisations.length]._id }));
  const observers = Array.from({ length: spec.observers }, (_, i) => person(rnd, 'observer', i + 1, periodStart));
  const founders: Person[] = [];
  for (const s of startups) {
    const count = spec.maxFoundersPerStartup > 0 ? rnd.int(1, spec.maxFoundersPerStartup) : 0;
    for (let k = 0; k < count; k += 1) {
      const f = person(rnd, 'founder', founders.length + 1, s.windowStart, { startups: [s._id], invited: rnd.chance(0.05) });
      founders.push(f);
      s.founders.push(f);
    }
  }

  // The benchmark's founder belongs to the active startup with the longest history.
  const active = startups.filter((s) => s.status === 'active').sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime() || a.index - b.index);
  const featured = active[0] ?? startups[0];
  featured.featured = true;
  featured.weight *= 3;
  const asBench = (p: Person, role: keyof typeof BENCH_USERS): Person => Object.assign(p, { email: BENCH_USERS[role].email, name: BENCH_USERS[role].name, invited: false });
  if (featured.founders.length === 0) {
    const f = person(rnd, 'founder', founders.length + 1, featured.windowStart, { startups: [featured._id] });
    founders.push(f);
    featured.founders.push(f);
  }
  const bench = {
    manager: asBench(managers[0], 'manager'),
    founder: asBench(featured.founders[0], 'founder'),
    mentor: asBench(mentors[0], 'mentor'),
    partner: asBench(partners[0], 'partner'),
    observer: asBench(observers[0], 'observer'),
  };

  assignMentors(rnd, spec, startups, mentors, active, featured);
  return { spec, now, programmeId: new Types.ObjectId(), cohorts, organisations, people: [...managers, ...mentors, ...partners, ...observers, ...founders], managers, mentors, startups, bench, featured };
}

/**
 * Each startup that entered the programme has a mentor over its time there (a second one for part of
 * it, sometimes). The benchmark's mentor currently follows the featured startup and a few other active
 * ones. Without history (10,000 startups) only the benchmark's mentor has assignments.
 */
function assignMentors(rnd: Random, spec: DatasetSpec, startups: StartupPlan[], mentors: Person[], active: StartupPlan[], featured: StartupPlan): void {
  const benchMentor = mentors[0];
  const current = Math.min(active.length, Math.max(5, Math.round(active.length / mentors.length)));
  const benchSet = new Set([featured, ...active.filter((s) => s !== featured).slice(0, current - 1)]);
  for (const s of startups) {
    if (s.status === 'applicant') continue;
    const open = s.status === 'active' ? undefined : s.windowEnd;
    if (benchSet.has(s)) s.mentors.push({ mentor: benchMentor, from: s.windowStart, to: open });
    else if (spec.history) s.mentors.push({ mentor: rnd.pick(mentors.slice(1).length ? mentors.slice(1) : mentors), from: s.windowStart, to: open });
    if (spec.history && rnd.chance(0.3)) {
      const from = rnd.between(s.windowStart, s.windowEnd);
      const second = rnd.pick(mentors);
      const to = s.status === 'active' && rnd.chance(0.5) ? undefined : s.windowEnd;
      // Two periods of the same mentor and startup may not overlap (the app refuses it): a second mentor only.
      if (!s.mentors.some((m) => m.mentor === second)) s.mentors.push({ mentor: second, from, to });
    }
  }
}

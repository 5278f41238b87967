/**
 * The datasets of `npm run bench` (DESIGN.md section 5: five years of a busy programme is the design
 * load). Change DEFINITION_VERSION whenever what a dataset holds changes: a kept dataset built from
 * another version is rebuilt on the next run.
 */
export const DEFINITION_VERSION = 4;

export const DATASET_NAMES = ['one-year', 'five-year', 'ten-thousand'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number] | 'tiny';

export interface DatasetSpec {
  name: DatasetName;
  /** Length of the programme's history, ending today. */
  years: number;
  cohortsPerYear: number;
  startups: number;
  /** false: startups (with their profile) and the people only; no milestones, dossiers, check-ins, activity… */
  history: boolean;
  milestones: number;
  activity: number;
  notifications: number;
  /**
   * Mentoring sessions, about (office-hour bookings included): shared among the mentor–startup
   * assignment periods by their length. Mentor profiles, office hours, action items come with them.
   */
  mentoringSessions: number;
  /** Hosting sites, run by the incubator partner, and their spaces (offices, desks, lab benches…); 0: no hosting. */
  hostingSites: number;
  hostingSpaces: number;
  /**
   * Allocations of the spaces over the years, about (as many as the spaces hold, up to this
   * number), each with its approved request; the labs' requirement records come with them.
   */
  hostingAllocations: number;
  /** Requests that led to no allocation: pending, proposed, rejected, declined, withdrawn. */
  hostingOtherRequests: number;
  /**
   * Referrals of startups to the partner organisations over the years, about (every status, their
   * shared documents, consents, threads and outcomes); a fifth of them to the benchmark partner's
   * organisation. The organisations get their packs with them. 0: none.
   */
  referrals: number;
  /** Dossier records per startup, on average (versions included). */
  documentsPerStartup: number;
  managers: number;
  mentors: number;
  partners: number;
  observers: number;
  organisations: number;
  /** Founders per startup: 1 to this many (0: only the benchmark's founder). */
  maxFoundersPerStartup: number;
  /** The benchmark manager's share of all notifications, and how many of theirs are unread. */
  benchManagerNotifications: number;
  benchManagerUnread: number;
  seed: number;
}

const FIVE_YEAR: DatasetSpec = {
  name: 'five-year',
  years: 5,
  cohortsPerYear: 2,
  startups: 500,
  history: true,
  milestones: 10_000,
  activity: 100_000,
  notifications: 50_000,
  mentoringSessions: 18_000,
  hostingSites: 4,
  hostingSpaces: 40,
  hostingAllocations: 1_500,
  hostingOtherRequests: 400,
  referrals: 2_500,
  documentsPerStartup: 6,
  managers: 10,
  mentors: 30,
  partners: 10,
  observers: 5,
  organisations: 8,
  maxFoundersPerStartup: 3,
  benchManagerNotifications: 4_000,
  benchManagerUnread: 300,
  seed: 5,
};

/** A fifth of the five-year programme, people included. */
const ONE_YEAR: DatasetSpec = {
  ...FIVE_YEAR,
  name: 'one-year',
  years: 1,
  startups: 100,
  milestones: 2_000,
  activity: 20_000,
  notifications: 10_000,
  mentoringSessions: 3_600,
  hostingSites: 2,
  hostingSpaces: 12,
  hostingAllocations: 120,
  hostingOtherRequests: 40,
  referrals: 500,
  managers: 2,
  mentors: 6,
  partners: 2,
  observers: 1,
  benchManagerNotifications: 800,
  benchManagerUnread: 60,
  seed: 1,
};

/** 10,000 startups and no other history: what the startup list and the home pages do with a big collection. */
const TEN_THOUSAND: DatasetSpec = {
  ...FIVE_YEAR,
  name: 'ten-thousand',
  years: 10,
  startups: 10_000,
  history: false,
  milestones: 0,
  activity: 0,
  notifications: 0,
  mentoringSessions: 0,
  hostingSites: 0,
  hostingSpaces: 0,
  hostingAllocations: 0,
  hostingOtherRequests: 0,
  referrals: 0,
  documentsPerStartup: 0,
  maxFoundersPerStartup: 0,
  benchManagerNotifications: 0,
  benchManagerUnread: 0,
  seed: 10,
};

/** A few records of each kind: the mocha test that keeps the builders honest. */
export const TINY: DatasetSpec = {
  ...ONE_YEAR,
  name: 'tiny',
  startups: 8,
  milestones: 60,
  activity: 200,
  notifications: 120,
  mentoringSessions: 80,
  hostingSites: 2,
  hostingSpaces: 6,
  hostingAllocations: 30,
  hostingOtherRequests: 15,
  referrals: 40,
  documentsPerStartup: 3,
  managers: 2,
  mentors: 2,
  partners: 1,
  observers: 1,
  organisations: 2,
  benchManagerNotifications: 30,
  benchManagerUnread: 6,
  seed: 42,
};

export const DATASETS: Record<(typeof DATASET_NAMES)[number], DatasetSpec> = {
  'one-year': ONE_YEAR,
  'five-year': FIVE_YEAR,
  'ten-thousand': TEN_THOUSAND,
};

/** The signed-in users of the benchmark, one per role; their password is BENCH_PASSWORD. */
export const BENCH_USERS = {
  manager: { email: 'bench-manager@bench.boost', name: 'Bench Manager' },
  founder: { email: 'bench-founder@bench.boost', name: 'Bench Founder' },
  mentor: { email: 'bench-mentor@bench.boost', name: 'Bench Mentor' },
  partner: { email: 'bench-partner@bench.boost', name: 'Bench Partner' },
  observer: { email: 'bench-observer@bench.boost', name: 'Bench Observer' },
} as const;

export const BENCH_PASSWORD = 'bench password not for production';

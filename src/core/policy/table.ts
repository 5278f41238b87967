import type { Role } from './roles';

/**
 * How a user stands to a record (DESIGN.md section 3): "all" (managers reach every record), "own"
 * (a startup of the founder's team), "assigned" (a startup a mentor currently coaches), "addressed"
 * (reached through a referral to the partner's organisation).
 */
export type Relation = 'all' | 'own' | 'assigned' | 'addressed';

/** 'any': the role may do it whatever the record (or there is none); a list: only under those relations. */
export type Grant = 'any' | readonly Relation[];

const EVERYONE = { manager: 'any', founder: 'any', mentor: 'any', partner: 'any', observer: 'any' } as const;

/**
 * The permission table: for each action, the roles that may do it and under which relation.
 * A role absent from a row may not use that action's pages at all (403); a role present but
 * without the relation a record needs gets 404 for that record (outside its reach).
 */
export const RULES = {
  /** Home page and navigation. */
  home: EVERYONE,
  /** My account: name, language, password. */
  'account.self': EVERYONE,
  /** Everyone's own in-app notifications. */
  'notifications.self': EVERYONE,
  /** Create users, deactivate them, issue set-password links. */
  'users.manage': { manager: 'any' },
  /** Read the audit trail. */
  'activity.read': { manager: 'any' },
  /** Programme settings: maturity ladder, readiness axes, cohorts. */
  'programme.manage': { manager: 'any' },

  /** List and read startups. */
  'startups.read': { manager: ['all'], founder: ['own'], mentor: ['assigned'] },
  'startups.create': { manager: 'any' },
  'startups.export': { manager: 'any' },
  /** Edit the descriptive fields of a profile (name, pitch, website…). */
  'startups.edit': { manager: ['all'], founder: ['own'] },
  /** The programme's fields of a profile: status, cohort, slug (never a founder's). */
  'startups.editProgrammeFields': { manager: ['all'] },
  /** Move a startup along the maturity ladder. */
  'startups.moveStage': { manager: ['all'] },
  /** Update headline figures (headcount, funds raised, revenue). */
  'startups.figures': { manager: ['all'], founder: ['own'] },

  /** Record a readiness assessment. */
  'readiness.assess': { manager: ['all'], mentor: ['assigned'] },
  /** Set target levels for the end of the cohort. */
  'readiness.target': { manager: ['all'] },

  /** Dossier: upload, download, confidential documents, delete. */
  'documents.upload': { manager: ['all'], founder: ['own'] },
  'documents.read': { manager: ['all'], founder: ['own'], mentor: ['assigned'] },
  'documents.readConfidential': { manager: ['all'], founder: ['own'] },
  'documents.delete': { manager: ['all'] },

  /** Milestones: read, plan (founders propose for their own startup), edit and remove (managers),
   * submit evidence (founders), decide (managers), comment (managers and assigned mentors), tracks. */
  'milestones.read': { manager: ['all'], founder: ['own'], mentor: ['assigned'] },
  'milestones.plan': { manager: ['all'], founder: ['own'] },
  'milestones.edit': { manager: ['all'] },
  'milestones.submit': { founder: ['own'] },
  'milestones.review': { manager: 'any' },
  'milestones.comment': { manager: ['all'], mentor: ['assigned'] },
  'milestones.tracks': { manager: 'any' },

  /** Monthly check-in: founders fill it for their own startup; managers follow who has not and remind them. */
  'checkins.submit': { founder: ['own'] },
  'checkins.follow': { manager: 'any' },

  /**
   * Mentoring. On a startup: managers all, founders their own, mentors the startups they coach. On a
   * session: "own" is the founder's startup, or the mentor's own session (while they coach the startup).
   */
  'mentoring.read': { manager: ['all'], founder: ['own'], mentor: ['own', 'assigned'] },
  /** The mentor directory, assignments and their suggestions, the hours report. */
  'mentoring.manage': { manager: 'any' },
  /** A mentor's profile: managers any, mentors their own. */
  'mentoring.profile': { manager: 'any', mentor: 'any' },
  /** Plan a session for a startup. */
  'mentoring.plan': { manager: ['all'], mentor: ['assigned'] },
  /** Move, cancel, record held or no-show, action items. */
  'mentoring.edit': { manager: ['all'], mentor: ['own'] },
  /** A session's notes: managers read them, its mentor writes them; never founders. */
  'mentoring.notes.read': { manager: ['all'], mentor: ['own'] },
  'mentoring.notes.write': { mentor: ['own'] },
  /** The founders' rating of a held session; the mentor's rating of how prepared the startup was. */
  'mentoring.feedback': { founder: ['own'] },
  'mentoring.preparation': { mentor: ['own'] },
  /** Who reads them one by one: the team its feedback, the mentor their view of the preparation; managers both. Mentors see only the average of their feedback. */
  'mentoring.feedback.read': { manager: ['all'], founder: ['own'] },
  'mentoring.preparation.read': { manager: ['all'], mentor: ['own'] },
  /** Ticking action items off: the startup's team its own, the mentor theirs. */
  'mentoring.actionItems': { manager: ['all'], founder: ['own'], mentor: ['own'] },
  /** Office hours: mentors publish theirs; founders book those of a mentor who coaches their startup. */
  'officeHours.read': { founder: 'any', mentor: 'any' },
  'officeHours.publish': { mentor: 'any' },
  'officeHours.book': { founder: ['own'] },
  /** A private calendar feed of one's own sessions. */
  'calendar.self': { manager: 'any', founder: 'any', mentor: 'any' },

  /**
   * Hosting. A startup's hosting tab and its requests: managers all, founders their own. Founders
   * request for their own startup and answer a space the programme proposes; managers run sites,
   * spaces and requirements, decide requests, change allocations, read occupancy and billing.
   */
  'hosting.read': { manager: ['all'], founder: ['own'] },
  'hosting.request': { manager: ['all'], founder: ['own'] },
  'hosting.answer': { founder: ['own'] },
  'hosting.manage': { manager: 'any' },

  /**
   * Referrals (issue 11). Managers refer startups to partner organisations and run the loop; partners
   * read and answer the referrals addressed to their organisation (sent, not a draft); founders read
   * the status of their own startup's referrals (never the message, thread or outcomes' details) and
   * give or withdraw consent for its confidential documents.
   */
  'referrals.manage': { manager: 'any' },
  /** The partner directory: organisations, their packs and their partner users (invited, deactivated). */
  'partners.manage': { manager: 'any' },
  'referrals.read': { manager: ['all'], founder: ['own'], partner: ['addressed'] },
  /** A referral beyond its status: the message, the thread, the outcomes. */
  'referrals.details': { manager: ['all'], partner: ['addressed'] },
  'referrals.respond': { partner: ['addressed'] },
  'referrals.comment': { manager: ['all'], partner: ['addressed'] },
  'referrals.consent': { founder: ['own'] },
  /**
   * A startup's summary (name, pitch, stage, readiness radar). Partners reach it only while a referral
   * to their organisation is live (sent, not closed or withdrawn): "addressed" on a startup.
   */
  'startups.summary': { manager: ['all'], founder: ['own'], mentor: ['assigned'], partner: ['addressed'] },
  /** Download a document shared on a live referral addressed to the partner's organisation (consent given if confidential). */
  'documents.readShared': { partner: ['addressed'] },

  /** Aggregated indicators: managers and observers (programme-wide), founders (their own startup). */
  'indicators.read': { manager: 'any', founder: ['own'], observer: 'any' },

  /** What home pages show: the programme's overview (counts, queues, recent activity) and the indicators. */
  'home.programme': { manager: 'any' },
  'home.indicators': { manager: 'any', observer: 'any' },
  /** The startups the user works with, listed on the home page. */
  'home.startups': { founder: 'any', mentor: 'any' },
  /** The partner's organisation on the home page. */
  'home.organisation': { partner: 'any' },
} as const satisfies Record<string, Partial<Record<Role, Grant>>>;

export type Action = keyof typeof RULES;

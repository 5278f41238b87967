import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { collator } from '../core/i18n/formats';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { rolesLinkedTo } from '../core/policy';
import { requireCan } from '../core/policy/reach';
import { PartnerOrganisation, packsOf } from '../partners/model';
import type { DirectoryQuery } from '../partners/schemas';
import { findOrganisation } from '../partners/service';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { referralsByOrganisation, sentReferrals, statsOf, usualDaysOf, type PartnerStats } from './partner-stats';

export type DirectoryRow = PartnerStats & { id: string; name: string; kind: string; members: number };

/** Active partner users per organisation (one read of the partner users' links). */
async function memberCounts(): Promise<Map<string, number>> {
  const users = await User.find({ role: mongoose.trusted({ $in: rolesLinkedTo('organisation') }), active: true }, { organisation: 1 }).lean();
  const counts = new Map<string, number>();
  for (const u of users) if (u.organisation) counts.set(String(u.organisation), (counts.get(String(u.organisation)) ?? 0) + 1);
  return counts;
}

/**
 * The partner directory: every organisation with its figures (referrals received, acceptance rate,
 * median response, outcomes, awaiting and overdue, active users), searched by name, one kind,
 * sorted by name; one page and, for the CSV, all of them. Tens of organisations: read whole.
 */
export async function partnerDirectory(user: SessionUser, query: DirectoryQuery, now = new Date()): Promise<Paged<DirectoryRow> & { all: DirectoryRow[] }> {
  requireCan(user, 'partners.manage');
  const [organisations, referrals, members] = await Promise.all([PartnerOrganisation.find({}, { name: 1, kind: 1, services: 1 }).lean(), referralsByOrganisation(), memberCounts()]);
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : null;
  const order = collator('fr');
  const all = organisations
    .filter((o) => (!search || search.test(o.name)) && (!query.kind || o.kind === query.kind))
    .sort((a, b) => order.compare(a.name, b.name))
    .map((o) => ({ id: String(o._id), name: o.name, kind: o.kind, members: members.get(String(o._id)) ?? 0, ...statsOf(referrals.get(String(o._id)) ?? [], now, usualDaysOf(packsOf(o))) }));
  const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return { ...paged(all.slice((page - 1) * PER_PAGE, page * PER_PAGE), all.length, page), all };
}

/** The organisation's partner users, active first, by name; "invited" until they chose a password. */
async function membersOf(organisationId: string) {
  const users = await User.find({ organisation: new mongoose.Types.ObjectId(organisationId), role: mongoose.trusted({ $in: rolesLinkedTo('organisation') }) }, { name: 1, email: 1, active: 1, passwordHash: 1, lastLoginAt: 1, __v: 1 }).lean();
  const order = collator('fr');
  return users
    .map((u) => ({ id: String(u._id), name: u.name, email: u.email, active: u.active !== false, invited: u.active !== false && !u.passwordHash, lastLoginAt: u.lastLoginAt ?? undefined, version: u.__v ?? 0 }))
    .sort((a, b) => Number(b.active) - Number(a.active) || order.compare(a.name, b.name));
}

/** How many outcomes the page lists (the newest); the referrals list holds the rest. */
const RECENT_OUTCOMES = 10;

/**
 * An organisation's page: who it is, its packs, its figures, the latest outcomes with the startup
 * and the referral they came from, and its partner users.
 */
export async function organisationPage(user: SessionUser, id: string, now = new Date()) {
  const organisation = await findOrganisation(user, id);
  const [referrals, members] = await Promise.all([sentReferrals(id), membersOf(id)]);
  const outcomes = referrals
    .flatMap((r) => r.outcomes.map((o) => ({ ...o, referral: String(r._id), startup: String(r.startup) })))
    .sort((a, b) => b.on.localeCompare(a.on))
    .slice(0, RECENT_OUTCOMES);
  const startups = await Startup.find({ _id: mongoose.trusted({ $in: [...new Set(outcomes.map((o) => o.startup))].map((s) => new mongoose.Types.ObjectId(s)) }) }, { name: 1 }).lean();
  const names = new Map(startups.map((s) => [String(s._id), s.name]));
  return {
    organisation,
    stats: statsOf(referrals, now, usualDaysOf(organisation.packs)),
    outcomes: outcomes.map((o) => ({ ...o, startupName: names.get(o.startup) ?? '' })),
    members,
  };
}

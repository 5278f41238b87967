import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { Forbidden } from '../core/errors';
import { escapeRegex, pageBounds, paged } from '../core/http/paginate';
import { can, referralScope, type ReferralScope } from '../core/policy';
import { today } from '../hosting/days';
import { PartnerOrganisation, packsOf } from '../partners/model';
import { Startup } from '../startups/model';
import { AWAITING_STATUSES, FREE_NEEDS, REFERRAL_STATUSES, Referral, type ReferralStatus } from './model';
import { INBOX_TABS, type InboxQuery } from './schemas';
import { isOverdue } from './service';

const oid = (id: string) => new mongoose.Types.ObjectId(id);
const ids = (list: string[]) => mongoose.trusted({ $in: list.map(oid) });

/** The statuses each tab shows. */
const TAB_STATUSES: Record<InboxQuery['tab'], readonly ReferralStatus[]> = {
  '': REFERRAL_STATUSES,
  new: ['sent'],
  awaiting: AWAITING_STATUSES,
  overdue: AWAITING_STATUSES,
  closed: ['closed', 'withdrawn'],
};

function scopeOf(user: SessionUser): ReferralScope {
  const scope = referralScope(user);
  if (!scope) throw new Forbidden();
  return scope;
}

/**
 * The part of the query that applies to the user: managers every filter; partners the tabs, one
 * startup and the search by name (within their organisation's referrals); founders the tabs and one
 * of their startups. What does not apply is blanked, so that the page's links never carry it.
 */
function appliedQuery(scope: ReferralScope, query: InboxQuery): InboxQuery {
  if (scope.relation === 'all') return query;
  return { ...query, organisation: '', status: '', need: '', q: scope.relation === 'addressed' ? query.q : '' };
}

/** The ids of the startups whose name contains `q`, case-insensitive and literal, as the startups list searches: one small read. */
async function startupsNamed(q: string): Promise<string[]> {
  const found = await Startup.find({ name: new RegExp(escapeRegex(q), 'i') }, { _id: 1 }).lean();
  return found.map((s) => String(s._id));
}

/** A list of startup ids (null: any startup) narrowed to those also in `more`. */
const narrow = (list: string[] | null, more: string[]) => (list === null ? more : list.filter((id) => more.includes(id)));

/**
 * The referrals the user reaches as a filter: managers all, founders their startups' and partners
 * their organisation's once sent (never a draft); then the applied query narrows them: the tab and
 * the status (both: a status outside the tab shows nothing), the organisation, the need, one startup
 * and the search by the startup's name.
 */
async function inboxFilter(scope: ReferralScope, query: InboxQuery): Promise<Record<string, unknown>> {
  const filter: Record<string, unknown> = {};
  // A draft stays the programme's until it is sent.
  let statuses = TAB_STATUSES[query.tab].filter((s) => scope.relation === 'all' || s !== 'draft');
  let startups: string[] | null = scope.relation === 'own' ? scope.startups : null;
  if (scope.relation === 'addressed') filter.organisation = oid(scope.organisation);
  if (scope.relation === 'all') {
    if (query.organisation) filter.organisation = oid(query.organisation);
    if (query.status) statuses = statuses.filter((s) => s === query.status);
    const [kind, need] = query.need.split(':');
    if (kind === 'pack') filter['need.pack'] = oid(need);
    if (kind === 'free') filter['need.free'] = need;
  }
  if (query.startup) startups = narrow(startups, [query.startup]);
  if (query.q) startups = narrow(startups, await startupsNamed(query.q));
  if (startups) filter.startup = ids(startups);
  // Every status: no condition (the embedded server would otherwise test each document against seven values).
  if (statuses.length < REFERRAL_STATUSES.length) filter.status = mongoose.trusted({ $in: statuses });
  if (query.tab === 'overdue') filter.respondBy = mongoose.trusted({ $lt: today() });
  return filter;
}

type Row = { _id: unknown; startup: unknown; organisation: unknown; status: string; respondBy: string; sentAt?: Date | null; answeredAt?: Date | null; outcomes?: unknown[]; need?: { free?: string | null; packName?: { fr?: string | null; en?: string | null } | null } | null };
type Named = { _id: unknown; name: string };

/** Rows with their startup's and organisation's names: one read of each by _id for the rows (organisations already read are not read again). */
async function named(rows: Row[], known: Named[] = []) {
  const missing = [...new Set(rows.map((r) => String(r.organisation)))].filter((id) => !known.some((o) => String(o._id) === id));
  const [startups, organisations] = await Promise.all([
    rows.length ? Startup.find({ _id: ids([...new Set(rows.map((r) => String(r.startup)))]) }, { name: 1 }).lean() : [],
    missing.length ? PartnerOrganisation.find({ _id: ids(missing) }, { name: 1 }).lean() : [],
  ]);
  const nameOf = (list: Named[], id: unknown) => list.find((x) => String(x._id) === String(id))?.name ?? '';
  return rows.map((r) => ({
    id: String(r._id),
    startupId: String(r.startup),
    startup: nameOf(startups, r.startup),
    organisation: nameOf([...known, ...organisations], r.organisation),
    status: r.status,
    overdue: isOverdue(r),
    respondBy: r.respondBy,
    sentAt: r.sentAt ?? undefined,
    answeredAt: r.answeredAt ?? undefined,
    outcomes: r.outcomes?.length ?? 0,
    need: r.need,
  }));
}

/**
 * The startup of `?startup=` named for the page, only within the user's reach: from the listed rows
 * when there are some, else by its _id for managers and for a founder's own startup; a partner
 * gets no name that their organisation's referrals do not already show.
 */
async function startupShown(scope: ReferralScope, id: string, rows: { startupId: string; startup: string }[]) {
  if (!id) return null;
  const listed = rows.find((r) => r.startupId === id);
  if (listed) return { id, name: listed.startup };
  const reachable = scope.relation === 'all' || (scope.relation === 'own' && scope.startups.includes(id));
  const found = reachable ? await Startup.findOne({ _id: oid(id) }, { name: 1 }).lean() : null;
  return { id, name: found?.name ?? '' };
}

/** The filters' choices for managers: the organisations (up to 500) with their packs, the free needs, the statuses of the current tab. */
async function managerChoices(query: InboxQuery) {
  const organisations = await PartnerOrganisation.find({}, { name: 1, services: 1 }).sort({ name: 1 }).limit(500).lean();
  return {
    read: organisations,
    view: {
      organisations: organisations.map((o) => ({ id: String(o._id), name: o.name })),
      packs: organisations.flatMap((o) => packsOf(o).map((p) => ({ value: `pack:${String(p._id)}`, organisation: o.name, name: p.name }))),
      freeNeeds: FREE_NEEDS.map((n) => ({ value: `free:${n}`, need: n })),
      statuses: TAB_STATUSES[query.tab],
    },
  };
}

/** The tab links: each keeps the other filters, and the status only when the tab shows it (else the link would lead to an empty list). */
function tabLinks(query: InboxQuery) {
  return (['', ...INBOX_TABS] as const).map((tab) => ({ key: tab, status: query.status && TAB_STATUSES[tab].includes(query.status) ? query.status : '' }));
}

/**
 * One page of the referrals the user reaches, newest first, with what the filter bar needs. One read
 * of the filtered referrals' small projection gives the page and the count (the embedded database
 * scans the collection for any filter: once rather than twice); names are read by _id for the page.
 */
export async function referralInbox(user: SessionUser, raw: InboxQuery) {
  const scope = scopeOf(user);
  const query = appliedQuery(scope, raw);
  const canManage = can(user, 'referrals.manage');
  const [all, choices] = await Promise.all([
    inboxFilter(scope, query).then((filter) => Referral.find(filter, { startup: 1, organisation: 1, status: 1, respondBy: 1, createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).lean()),
    canManage ? managerChoices(query) : null,
  ]);
  const { skip, limit } = pageBounds(query.page);
  const rows = await named(all.slice(skip, skip + limit), choices?.read);
  return {
    ...paged(rows, all.length, query.page),
    ...choices?.view,
    query,
    tabs: tabLinks(query),
    startup: await startupShown(scope, query.startup, rows),
    filtered: Boolean(query.q || query.organisation || query.status || query.need || query.startup),
    canManage,
    canSearch: scope.relation !== 'own',
  };
}

/** Every referral of the filter (up to 5,000), for the managers' CSV export. */
export async function referralRows(user: SessionUser, query: InboxQuery) {
  if (!can(user, 'referrals.manage')) throw new Forbidden();
  const scope = scopeOf(user);
  const filter = await inboxFilter(scope, appliedQuery(scope, query));
  const rows = await Referral.find(filter, { startup: 1, organisation: 1, status: 1, respondBy: 1, sentAt: 1, answeredAt: 1, outcomes: 1, need: 1, createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).limit(5000).lean();
  return named(rows);
}

import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { Forbidden } from '../core/errors';
import { pageBounds, paged } from '../core/http/paginate';
import { can, referralScope } from '../core/policy';
import { today } from '../hosting/days';
import { PartnerOrganisation } from '../partners/model';
import { Startup } from '../startups/model';
import { AWAITING_STATUSES, REFERRAL_STATUSES, Referral, type ReferralStatus } from './model';
import type { InboxQuery } from './schemas';
import { isOverdue } from './service';

const ids = (list: string[]) => mongoose.trusted({ $in: list.map((id) => new mongoose.Types.ObjectId(id)) });

/** The statuses each tab shows. */
const TAB_STATUSES: Record<string, readonly ReferralStatus[]> = {
  '': REFERRAL_STATUSES,
  new: ['sent'],
  awaiting: AWAITING_STATUSES,
  overdue: AWAITING_STATUSES,
  closed: ['closed', 'withdrawn'],
};

/**
 * The referrals the user reaches as a filter: managers all (one organisation's or startup's when
 * asked), founders their startups' (status only) and partners their organisation's, once sent
 * (never a draft). The tab narrows them.
 */
function inboxFilter(user: SessionUser, query: InboxQuery): Record<string, unknown> {
  const scope = referralScope(user);
  if (!scope) throw new Forbidden();
  const filter: Record<string, unknown> = {};
  let statuses = TAB_STATUSES[query.tab];
  if (scope.relation === 'own') filter.startup = ids(scope.startups);
  if (scope.relation === 'addressed') filter.organisation = new mongoose.Types.ObjectId(scope.organisation);
  // A draft stays the programme's until it is sent.
  if (scope.relation !== 'all') statuses = statuses.filter((s) => s !== 'draft');
  if (scope.relation === 'all' && query.organisation) filter.organisation = new mongoose.Types.ObjectId(query.organisation);
  if (query.startup) filter.startup = scope.relation === 'own' && !scope.startups.includes(query.startup) ? ids([]) : new mongoose.Types.ObjectId(query.startup);
  filter.status = mongoose.trusted({ $in: statuses });
  if (query.tab === 'overdue') filter.respondBy = mongoose.trusted({ $lt: today() });
  return filter;
}

type Row = { _id: unknown; startup: unknown; organisation: unknown; status: string; respondBy: string; sentAt?: Date | null; answeredAt?: Date | null; outcomes?: unknown[]; need?: { free?: string | null; packName?: { fr?: string | null; en?: string | null } | null } | null };

/** Rows with their startup's and organisation's names (one read of each for the page). */
async function named(rows: Row[]) {
  const [startups, organisations] = await Promise.all([
    Startup.find({ _id: ids([...new Set(rows.map((r) => String(r.startup)))]) }, { name: 1 }).lean(),
    PartnerOrganisation.find({ _id: ids([...new Set(rows.map((r) => String(r.organisation)))]) }, { name: 1 }).lean(),
  ]);
  const nameOf = (list: { _id: unknown; name: string }[], id: unknown) => list.find((x) => String(x._id) === String(id))?.name ?? '';
  return rows.map((r) => ({
    id: String(r._id),
    startup: nameOf(startups, r.startup),
    organisation: nameOf(organisations, r.organisation),
    status: r.status,
    overdue: isOverdue(r),
    respondBy: r.respondBy,
    sentAt: r.sentAt ?? undefined,
    answeredAt: r.answeredAt ?? undefined,
    outcomes: r.outcomes?.length ?? 0,
    need: r.need,
  }));
}

/** One page of the referrals the user reaches, newest first; managers also get the organisations to filter by. */
export async function referralInbox(user: SessionUser, query: InboxQuery) {
  const filter = inboxFilter(user, query);
  const { skip, limit } = pageBounds(query.page);
  const [rows, total, organisations] = await Promise.all([
    Referral.find(filter, { startup: 1, organisation: 1, status: 1, respondBy: 1, sentAt: 1, createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean(),
    Referral.countDocuments(filter),
    can(user, 'referrals.manage') ? PartnerOrganisation.find({}, { name: 1 }).sort({ name: 1 }).limit(500).lean() : [],
  ]);
  return { ...paged(await named(rows), total, query.page), organisations: organisations.map((o) => ({ id: String(o._id), name: o.name })), canManage: can(user, 'referrals.manage') };
}

/** Every referral of the filter (up to 5,000), for the managers' CSV export. */
export async function referralRows(user: SessionUser, query: InboxQuery) {
  if (!can(user, 'referrals.manage')) throw new Forbidden();
  const rows = await Referral.find(inboxFilter(user, query), { startup: 1, organisation: 1, status: 1, respondBy: 1, sentAt: 1, answeredAt: 1, outcomes: 1, need: 1, createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).limit(5000).lean();
  return named(rows);
}

import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { Forbidden } from '../core/errors';
import { pageBounds, paged } from '../core/http/paginate';
import { referralScope } from '../core/policy';
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
 * The referrals the user reaches, newest first, one page: managers all, founders their startups'
 * (status only) and partners their organisation's, once sent (never a draft). The tab narrows them.
 */
export async function referralInbox(user: SessionUser, query: InboxQuery) {
  const scope = referralScope(user);
  if (!scope) throw new Forbidden();
  const filter: Record<string, unknown> = {};
  let statuses = TAB_STATUSES[query.tab];
  if (scope.relation === 'own') filter.startup = ids(scope.startups);
  if (scope.relation === 'addressed') filter.organisation = new mongoose.Types.ObjectId(scope.organisation);
  // A draft stays the programme's until it is sent.
  if (scope.relation !== 'all') statuses = statuses.filter((s) => s !== 'draft');
  filter.status = mongoose.trusted({ $in: statuses });
  if (query.tab === 'overdue') filter.respondBy = mongoose.trusted({ $lt: today() });
  const { skip, limit } = pageBounds(query.page);
  const [rows, total] = await Promise.all([
    Referral.find(filter, { startup: 1, organisation: 1, status: 1, respondBy: 1, sentAt: 1, createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean(),
    Referral.countDocuments(filter),
  ]);
  const [startups, organisations] = await Promise.all([
    Startup.find({ _id: ids([...new Set(rows.map((r) => String(r.startup)))]) }, { name: 1 }).lean(),
    PartnerOrganisation.find({ _id: ids([...new Set(rows.map((r) => String(r.organisation)))]) }, { name: 1 }).lean(),
  ]);
  const nameOf = (list: { _id: unknown; name: string }[], id: unknown) => list.find((x) => String(x._id) === String(id))?.name ?? '';
  const items = rows.map((r) => ({
    id: String(r._id),
    startup: nameOf(startups, r.startup),
    organisation: nameOf(organisations, r.organisation),
    status: r.status,
    overdue: isOverdue(r),
    respondBy: r.respondBy,
    sentAt: r.sentAt,
  }));
  return paged(items, total, query.page);
}

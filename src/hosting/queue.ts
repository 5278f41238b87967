import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { requireCan } from '../core/policy/reach';
import { Startup } from '../startups/model';
import { HostingRequest, Space } from './model';
import type { RequestsQuery } from './schemas';

export interface RequestRow {
  id: string;
  startupId: string;
  startupName: string;
  kind: string;
  spaceName: string;
  seats: number;
  from: string;
  to: string;
  status: string;
  requestedByName: string;
  createdAt: Date;
}

/** Every request of the programme in a status (pending by default), oldest first: the managers' queue; searched by startup or space. */
export async function listRequests(user: SessionUser, query: RequestsQuery): Promise<Paged<RequestRow> & { all: RequestRow[] }> {
  requireCan(user, 'hosting.manage');
  const requests = await HostingRequest.find(query.status ? { status: query.status } : {}).lean();
  const ids = (values: unknown[]) => [...new Set(values.filter(Boolean).map(String))].map((id) => new mongoose.Types.ObjectId(id));
  const [startups, spaces] = await Promise.all([
    requests.length ? Startup.find({ _id: mongoose.trusted({ $in: ids(requests.map((r) => r.startup)) }) }, { name: 1 }).lean() : [],
    requests.length ? Space.find({ _id: mongoose.trusted({ $in: ids(requests.map((r) => r.space)) }) }, { name: 1 }).lean() : [],
  ]);
  const startupNames = new Map(startups.map((s) => [String(s._id), s.name]));
  const spaceNames = new Map(spaces.map((s) => [String(s._id), s.name]));
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : null;
  const all = requests
    .map((r) => ({
      id: String(r._id),
      startupId: String(r.startup),
      startupName: startupNames.get(String(r.startup)) ?? '',
      kind: r.kind,
      spaceName: r.space ? (spaceNames.get(String(r.space)) ?? '') : '',
      seats: r.seats,
      from: r.from,
      to: r.to,
      status: r.status,
      requestedByName: r.requestedByName ?? '',
      createdAt: r.createdAt,
    }))
    .filter((r) => !search || search.test(r.startupName) || search.test(r.spaceName))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return { ...paged(all.slice((page - 1) * PER_PAGE, page * PER_PAGE), all.length, page), all };
}

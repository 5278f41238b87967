import { addDays, today } from '../../hosting/days';
import type { RequestStatus } from '../../hosting/model';
import { Random, apportion } from '../random';
import { hostingAllocations } from './hosting-allocations';
import { SeatLoad, type HostingContext, type HostingRecords } from './hosting-context';
import { hostingPlaces } from './hosting-places';
import { hostingRequests } from './hosting-requests';
import type { Plan } from './plan';

/**
 * The hosting of a dataset with history, as incubators would hold it after the programme's years:
 * sites and spaces (hosting-places.ts); allocations of their seats over the years, each with its
 * approved request, and the labs' requirement records they need (hosting-allocations.ts); requests
 * that led to none, in every other status (hosting-requests.ts). Without history: none.
 */
const byTime = <T extends { createdAt: Date }>(a: T, b: T): number => a.createdAt.getTime() - b.createdAt.getTime();

export function hostingRecords(plan: Plan): HostingRecords {
  const rnd = new Random(plan.spec.seed * 31 + 7);
  const places = hostingPlaces(rnd, plan);
  const empty = { ...places, records: [], allocations: [], requests: [] };
  if (!plan.spec.history || places.spaces.length === 0) return empty;
  const t = today(plan.now);
  const periodStart = addDays(t, -365 * plan.spec.years);
  const horizon = addDays(t, 365);
  const firstOpen = places.spaces.map((s) => s.openedOn).sort()[0];
  const ctx: HostingContext = { rnd, plan, today: t, periodStart, horizon, places, load: new SeatLoad(firstOpen, horizon), records: [], allocations: [], requests: [] };
  hostingAllocations(ctx);
  const statuses: Exclude<RequestStatus, 'approved'>[] = ['pending', 'proposed', 'rejected', 'declined', 'withdrawn'];
  const counts = apportion(plan.spec.hostingOtherRequests, [15, 10, 35, 20, 20]);
  hostingRequests(ctx, new Map(statuses.map((status, i) => [status, counts[i]])));
  // In the order the programme wrote them (a collection scan meets them in that order).
  ctx.records.sort(byTime);
  ctx.allocations.sort(byTime);
  ctx.requests.sort(byTime);
  return { ...places, records: ctx.records, allocations: ctx.allocations, requests: ctx.requests };
}

import mongoose from 'mongoose';
import { Startup } from '../startups/model';
import { addMonthsToMonth, monthRange, overlapDays } from './days';
import { HostingAllocation, Site, Space } from './model';

/** Cents, rounded half away from zero: amounts are shown and exported in euros with two decimals. */
const cents = (euros: number) => Math.round(euros * 100) / 100;

export interface BillingLine {
  siteId: string;
  siteName: string;
  spaceName: string;
  startupId: string;
  startupName: string;
  seats: number;
  pricePerSeat: number;
  /** The days of the month the startup was there (both ends included), out of the month's days. */
  days: number;
  monthDays: number;
  amount: number;
}

/** Allocations that hold seats on some day of [from, to], matched here (the embedded server indexes _id only). */
async function allocationsMeeting(from: string, to: string) {
  const all = await HostingAllocation.find({}, { space: 1, site: 1, startup: 1, seats: 1, from: 1, to: 1, pricePerSeat: 1 }).lean();
  return all.filter((a) => a.from <= to && a.to >= from);
}

const idsOf = (values: unknown[]) => [...new Set(values.map(String))].map((id) => new mongoose.Types.ObjectId(id));

/**
 * What each startup owes for a month: seats × price per seat and month, prorated by the days present
 * (a startup there from the 11th of a 30-day month pays 20/30), with the total of each site.
 */
export async function billing(month: string): Promise<{ lines: BillingLine[]; sites: { siteId: string; siteName: string; total: number }[]; total: number }> {
  const range = monthRange(month);
  const hits = await allocationsMeeting(range.from, range.to);
  const [spaces, sites, startups] = await Promise.all([
    Space.find({ _id: mongoose.trusted({ $in: idsOf(hits.map((a) => a.space)) }) }, { name: 1 }).lean(),
    Site.find({ _id: mongoose.trusted({ $in: idsOf(hits.map((a) => a.site)) }) }, { name: 1 }).lean(),
    Startup.find({ _id: mongoose.trusted({ $in: idsOf(hits.map((a) => a.startup)) }) }, { name: 1 }).lean(),
  ]);
  const name = (list: { _id: unknown; name: string }[]) => new Map(list.map((x) => [String(x._id), x.name]));
  const [spaceNames, siteNames, startupNames] = [name(spaces), name(sites), name(startups)];
  const lines = hits
    .map((a) => {
      const days = overlapDays(a, range);
      return {
        siteId: String(a.site),
        siteName: siteNames.get(String(a.site)) ?? '',
        spaceName: spaceNames.get(String(a.space)) ?? '',
        startupId: String(a.startup),
        startupName: startupNames.get(String(a.startup)) ?? '',
        seats: a.seats,
        pricePerSeat: a.pricePerSeat,
        days,
        monthDays: range.days,
        amount: cents((a.seats * a.pricePerSeat * days) / range.days),
      };
    })
    .sort((a, b) => a.siteName.localeCompare(b.siteName) || a.startupName.localeCompare(b.startupName) || a.spaceName.localeCompare(b.spaceName));
  const totals = new Map<string, { siteId: string; siteName: string; total: number }>();
  for (const line of lines) {
    const site = totals.get(line.siteId) ?? { siteId: line.siteId, siteName: line.siteName, total: 0 };
    site.total = cents(site.total + line.amount);
    totals.set(line.siteId, site);
  }
  return { lines, sites: [...totals.values()], total: cents(lines.reduce((sum, l) => sum + l.amount, 0)) };
}

export interface Occupancy {
  /** Seat-days given out of seat-days the open spaces offered; null when nothing was open. */
  rate: number | null;
  previousYear: number | null;
}

/**
 * Occupancy of each space of a site, and of the site, for each of `months` (YYYY-MM): seat-days used
 * / seat-days available (capacity × the days it was open), with the same month a year before.
 */
export async function occupancy(siteId: string, months: string[]): Promise<{ spaces: { id: string; name: string; months: Occupancy[] }[]; site: Occupancy[] }> {
  const spaces = (await Space.find({ site: new mongoose.Types.ObjectId(siteId) }, { name: 1, capacity: 1, openedOn: 1 }).lean()).sort((a, b) => a.name.localeCompare(b.name));
  const all = await HostingAllocation.find({ site: new mongoose.Types.ObjectId(siteId) }, { space: 1, seats: 1, from: 1, to: 1 }).lean();
  const seatDays = (spaceIds: string[], month: string) => {
    const range = monthRange(month);
    let used = 0;
    let available = 0;
    for (const space of spaces.filter((s) => spaceIds.includes(String(s._id)))) {
      available += space.capacity * overlapDays({ from: space.openedOn, to: '9999-12-31' }, range);
      for (const a of all) if (String(a.space) === String(space._id)) used += a.seats * overlapDays(a, range);
    }
    return available ? Math.round((used / available) * 1000) / 1000 : null;
  };
  const rates = (spaceIds: string[]) => months.map((m) => ({ rate: seatDays(spaceIds, m), previousYear: seatDays(spaceIds, addMonthsToMonth(m, -12)) }));
  return {
    spaces: spaces.map((s) => ({ id: String(s._id), name: s.name, months: rates([String(s._id)]) })),
    site: rates(spaces.map((s) => String(s._id))),
  };
}

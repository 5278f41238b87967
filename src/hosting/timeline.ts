import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { Startup } from '../startups/model';
import { occupancy } from './billing';
import { loadOf } from './capacity';
import { addMonthsToMonth, monthOf, monthRange, today } from './days';
import { HostingAllocation, Space } from './model';
import { findSite } from './sites';

export const TIMELINE_MONTHS = 12;

interface Bar {
  /** A startup's allocation, or an empty stretch of months. */
  allocation?: { id: string; startupId: string; startupName: string; seats: number; from: string; to: string };
  span: number;
}

/**
 * A site's timeline: its spaces as rows, `TIMELINE_MONTHS` months as columns from `from` (YYYY-MM),
 * allocations as bars (cells spanning the months they cover; overlapping allocations of a space on
 * lines of their own), the fewest free seats of each month, and the occupancy rate beside the year
 * before. Plain table cells: readable without JavaScript and printable.
 */
export async function siteTimeline(user: SessionUser, siteId: string, from = addMonthsToMonth(monthOf(today()), -2)) {
  const site = await findSite(user, siteId);
  const months = Array.from({ length: TIMELINE_MONTHS }, (_, i) => addMonthsToMonth(from, i));
  const window = { from: monthRange(months[0]).from, to: monthRange(months[months.length - 1]).to };
  const [spaces, allocations, rates] = await Promise.all([
    Space.find({ site: site._id }, { name: 1, kind: 1, capacity: 1, openedOn: 1 }).lean(),
    HostingAllocation.find({ site: site._id }, { space: 1, startup: 1, seats: 1, from: 1, to: 1 }).lean(),
    occupancy(siteId, months),
  ]);
  const shown = allocations.filter((a) => a.from <= window.to && a.to >= window.from);
  const startupIds = [...new Set(shown.map((a) => String(a.startup)))].map((id) => new mongoose.Types.ObjectId(id));
  const names = new Map((startupIds.length ? await Startup.find({ _id: mongoose.trusted({ $in: startupIds }) }, { name: 1 }).lean() : []).map((s) => [String(s._id), s.name]));
  const index = (day: string) => months.indexOf(monthOf(day));
  const rows = spaces
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((space) => {
      const mine = shown.filter((a) => String(a.space) === String(space._id)).sort((a, b) => a.from.localeCompare(b.from));
      // Lines: each allocation on the first line whose last bar ends in an earlier month.
      const lines: { end: number; bars: Bar[] }[] = [];
      for (const a of mine) {
        const first = a.from < window.from ? 0 : index(a.from);
        const last = a.to > window.to ? months.length - 1 : index(a.to);
        let line = lines.find((l) => l.end < first);
        if (!line) lines.push((line = { end: -1, bars: [] }));
        if (first > line.end + 1) line.bars.push({ span: first - line.end - 1 });
        line.bars.push({ span: last - first + 1, allocation: { id: String(a._id), startupId: String(a.startup), startupName: names.get(String(a.startup)) ?? '', seats: a.seats, from: a.from, to: a.to } });
        line.end = last;
      }
      for (const line of lines) if (line.end < months.length - 1) line.bars.push({ span: months.length - 1 - line.end });
      const free = months.map((m) => {
        const range = monthRange(m);
        if (space.openedOn > range.to) return null;
        return loadOf(space.capacity, mine, range).worstFree;
      });
      const rate = rates.spaces.find((r) => r.id === String(space._id))?.months ?? [];
      return { id: String(space._id), name: space.name, kind: space.kind, capacity: space.capacity, lines: lines.length ? lines.map((l) => l.bars) : [[{ span: months.length }]], free, rate };
    });
  return { site: { id: String(site._id), name: site.name }, months, rows, siteRate: rates.site, previous: addMonthsToMonth(from, -TIMELINE_MONTHS), next: addMonthsToMonth(from, TIMELINE_MONTHS), from };
}

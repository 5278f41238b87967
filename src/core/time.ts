/** Wall-clock time in the programme's time zone (Europe/Paris), both ways, daylight saving included. */
export const PROGRAMME_TIME_ZONE = 'Europe/Paris';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PROGRAMME_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The Paris wall clock of an instant: day (YYYY-MM-DD) and time (HH:MM). */
export function parisWallTime(instant: Date): { day: string; time: string } {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Minutes Paris is ahead of UTC at `instant` (60 in winter, 120 in summer). */
function offsetMinutes(instant: Date): number {
  const { day, time } = parisWallTime(instant);
  const asUtc = Date.parse(`${day}T${time}:00.000Z`);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a Paris wall-clock time names; null for a time that does not exist that day (the hour
 * skipped when clocks go forward). A time that happens twice (clocks going back) is the first one.
 */
export function fromParisWallTime(day: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const naive = Date.parse(`${day}T${time}:00.000Z`);
  if (Number.isNaN(naive)) return null;
  // The two offsets the day can have; the earliest instant whose wall clock reads back the same wins.
  const candidates = [...new Set([offsetMinutes(new Date(naive - 3 * 3_600_000)), offsetMinutes(new Date(naive + 3 * 3_600_000))])]
    .map((offset) => new Date(naive - offset * 60_000))
    .filter((d) => {
      const back = parisWallTime(d);
      return back.day === day && back.time === time;
    })
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates[0] ?? null;
}

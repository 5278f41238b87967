/** Progress lines while a dataset loads: records done, rate, ETA; at most one line every few seconds. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private lastLine = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly log: (line: string) => void,
    private readonly everyMs = 3000,
  ) {}

  /** `n` more records of `part` (done/partTotal within that part). */
  add(n: number, part: string, partDone: number, partTotal: number): void {
    this.done += n;
    const now = Date.now();
    const finished = partDone >= partTotal;
    if (!finished && now - this.lastLine < this.everyMs) return;
    this.lastLine = now;
    const elapsed = now - this.started;
    const rate = this.done / Math.max(0.001, elapsed / 1000);
    // The first parts are small and slow per record: no ETA before 3 s or 5 % of the records.
    const eta = rate > 0 && (elapsed >= 3000 || this.done >= this.total / 20) ? ((this.total - this.done) / rate) * 1000 : NaN;
    const pct = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    this.log(
      `  ${this.label}: ${fmtInt(this.done)}/${fmtInt(this.total)} records (${pct}%) · ${part} ${fmtInt(partDone)}/${fmtInt(partTotal)} · ${fmtInt(rate)} rec/s · elapsed ${formatDuration(elapsed)} · ETA ${formatDuration(eta)}`,
    );
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }
}

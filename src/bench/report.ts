import type { PageResult } from './measure';
import { fmtInt, formatDuration } from './progress';
import type { ThroughputResult } from './throughput';

export interface DatasetResult {
  dataset: string;
  server: { kind: string; reason: string };
  load: { reused: boolean; version: number; builtAt: string; buildMs: number; ensureMs: number };
  sizes: Record<string, number>;
  pages: PageResult[];
  throughput: { app: ThroughputResult[]; bare?: ThroughputResult; ratios: Record<string, number> };
  memory: { appPid: number; appBeforeMb?: number; appAfterMb?: number; dbPid?: number; dbBeforeMb?: number; dbAfterMb?: number };
  measureMs: number;
  totalMs: number;
}

export interface Verdict {
  target: string;
  status: 'pass' | 'FAIL' | 'not measured';
  detail: string;
}

/** The targets of the scale issue (five-year dataset unless said otherwise). */
export const TARGETS = { medianMs: 300, p95Ms: 600, ratio: 0.25, growth: 1.5, growthFloorMs: 50, tenThousandMs: 1000 };

const key = (p: PageResult): string => `${p.role} ${p.path}`;
const ms = (n: number | undefined): string => (n === undefined ? '—' : n >= 100 ? fmtInt(n) : n.toFixed(1));
const pct = (r: number): string => `${(r * 100).toFixed(r < 0.01 ? 2 : 1)} %`;

export function verdicts(results: DatasetResult[]): Verdict[] {
  const by = new Map(results.map((r) => [r.dataset, r]));
  const five = by.get('five-year');
  const one = by.get('one-year');
  const ten = by.get('ten-thousand');
  const out: Verdict[] = [];
  const pagesTarget = `five-year: every page median ≤ ${TARGETS.medianMs} ms and p95 ≤ ${TARGETS.p95Ms} ms (one user)`;
  if (!five) out.push({ target: pagesTarget, status: 'not measured', detail: 'five-year not run' });
  else {
    const measured = five.pages.filter((p) => p.median !== undefined);
    const broken = five.pages.filter((p) => p.error);
    const miss = measured.filter((p) => (p.median ?? 0) > TARGETS.medianMs || (p.p95 ?? 0) > TARGETS.p95Ms).sort((a, b) => (b.median ?? 0) - (a.median ?? 0));
    const worst = miss.slice(0, 3).map((p) => `${key(p)} ${ms(p.median)}/${ms(p.p95)} ms`).join('; ');
    out.push({ target: pagesTarget, status: miss.length === 0 && broken.length === 0 ? 'pass' : 'FAIL', detail: `${miss.length} of ${measured.length} pages miss${broken.length ? `, ${broken.length} refused` : ''}${worst ? `; slowest: ${worst}` : ''}` });
  }
  const ratioTarget = `five-year: /startups at 10 users ≥ ${TARGETS.ratio * 100} % of the bare page's throughput`;
  const ratio = five?.throughput.ratios['/startups'];
  out.push(ratio === undefined ? { target: ratioTarget, status: 'not measured', detail: 'five-year not run' } : { target: ratioTarget, status: ratio >= TARGETS.ratio ? 'pass' : 'FAIL', detail: pct(ratio) });
  const growthTarget = `one-year → five-year: no page slower by more than ${TARGETS.growth}× (pages under ${TARGETS.growthFloorMs} ms on five-year pass)`;
  if (!five || !one) out.push({ target: growthTarget, status: 'not measured', detail: 'needs both datasets in the same run' });
  else {
    const small = new Map(one.pages.map((p) => [key(p), p]));
    const grown = five.pages
      .map((p) => ({ p, before: small.get(key(p))?.median, after: p.median }))
      .filter((x): x is { p: PageResult; before: number; after: number } => x.before !== undefined && x.after !== undefined)
      .map((x) => ({ ...x, factor: x.after / Math.max(0.1, x.before) }))
      .filter((x) => x.after > TARGETS.growthFloorMs && x.factor > TARGETS.growth)
      .sort((a, b) => b.factor - a.factor);
    const worst = grown.slice(0, 3).map((x) => `${key(x.p)} ${x.factor.toFixed(1)}× (${ms(x.before)} → ${ms(x.after)} ms)`).join('; ');
    out.push({ target: growthTarget, status: grown.length === 0 ? 'pass' : 'FAIL', detail: grown.length === 0 ? 'none' : `${grown.length} pages; worst: ${worst}` });
  }
  const tenTarget = `ten-thousand: /startups and / at most ${TARGETS.tenThousandMs / 1000} s (p95, every role that has them)`;
  if (!ten) out.push({ target: tenTarget, status: 'not measured', detail: 'ten-thousand not run' });
  else {
    const pages = ten.pages.filter((p) => p.path === '/startups' || p.path === '/');
    const slow = pages.filter((p) => p.error || p.p95 === undefined || p.p95 > TARGETS.tenThousandMs);
    out.push({ target: tenTarget, status: slow.length === 0 ? 'pass' : 'FAIL', detail: pages.map((p) => `${key(p)} ${p.error ? 'refused' : `${ms(p.median)}/${ms(p.p95)} ms`}`).join('; ') });
  }
  return out;
}

function datasetText(r: DatasetResult): string[] {
  const lines: string[] = [];
  const d = r.load;
  lines.push(`== ${r.dataset} · server: ${r.server.kind} (${r.server.reason})`);
  lines.push(`dataset: ${d.reused ? 'kept' : 'built now'} (definition v${d.version}, built ${d.builtAt}, building took ${formatDuration(d.buildMs)}); ready in ${formatDuration(d.ensureMs)} this run`);
  lines.push(`sizes loaded: ${Object.entries(r.sizes).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${fmtInt(n)}`).join(' · ')}`);
  lines.push('');
  lines.push(`${'role'.padEnd(9)} ${'page'.padEnd(60)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'n'.padStart(3)}  verdict`);
  for (const p of r.pages) {
    const verdict = p.skipped ? `skipped: ${p.skipped}` : p.error ? `REFUSED: ${p.error}` : (p.median ?? 0) <= TARGETS.medianMs && (p.p95 ?? 0) <= TARGETS.p95Ms ? 'ok' : 'slow';
    lines.push(`${p.role.padEnd(9)} ${p.path.slice(0, 60).padEnd(60)} ${ms(p.median).padStart(8)} ${ms(p.p95).padStart(8)} ${String(p.samples.length).padStart(3)}  ${verdict}`);
  }
  lines.push('');
  const t = r.throughput;
  const runs = t.app.map((a) => {
    const faults = a.non2xx || a.errors ? `, ${a.non2xx} non-2xx, ${a.errors} errors` : '';
    if (a.requests === 0) return `${a.path} 0 req/s (no answer completed within the ${Math.round(a.seconds)} s run${faults})`;
    return `${a.path} ${a.rps} req/s (p50 ${fmtInt(a.latencyP50)} ms, ${fmtInt(a.requests)} answers${a.requests < 30 ? ': too few for a stable figure' : ''}${faults})`;
  });
  if (t.bare) runs.push(`bare Express+handlebars 20 rows ${fmtInt(t.bare.rps)} req/s`);
  lines.push(`throughput (${t.app[0]?.connections ?? 10} connections, ${t.app[0]?.seconds ?? '?'} s each, manager's session): ${runs.join(' · ')}`);
  lines.push(`ratio to the bare page: ${Object.entries(t.ratios).map(([k, v]) => `${k} ${pct(v)}`).join(' · ')}`);
  const m = r.memory;
  lines.push(`memory (RSS): app (pid ${m.appPid}) ${m.appBeforeMb ?? '?'} MB before the pages → ${m.appAfterMb ?? '?'} MB after the throughput runs · database server ${m.dbPid ? `(pid ${m.dbPid}) ${m.dbBeforeMb ?? '?'} MB → ${m.dbAfterMb ?? '?'} MB` : 'not a local process this bench can read'}`);
  lines.push(`time: measuring ${formatDuration(r.measureMs)}, dataset total ${formatDuration(r.totalMs)}`);
  return lines;
}

export function summaryText(results: DatasetResult[], header: string[]): string {
  const lines = [...header, ''];
  for (const r of results) lines.push(...datasetText(r), '');
  lines.push('== verdicts (targets of the scale issue; figures from a loaded machine are not comparable)');
  for (const v of verdicts(results)) lines.push(`${v.status.padEnd(12)} ${v.target}: ${v.detail}`);
  return lines.join('\n');
}

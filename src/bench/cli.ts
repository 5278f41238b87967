import '../texts';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../core/config';
import { redactUri } from '../core/db/resolve';
import { DATASET_NAMES, DATASETS, DEFINITION_VERSION } from './datasets';
import { FULL, QUICK } from './measure';
import { stopAll } from './processes';
import { formatDuration } from './progress';
import { summaryText, verdicts, type DatasetResult } from './report';
import { runDataset } from './run';
import { runSoak, soakVerdicts } from './soak';

const USAGE = `npm run bench [-- options]
  --dataset NAME    one-year, five-year or ten-thousand (repeatable or comma-separated; default: all three)
  --fresh           rebuild the datasets instead of reusing the kept ones
  --quick           fewer samples and shorter throughput runs, for trying things out
  --mongodb-uri URI measure against this server (its own database per dataset) instead of an embedded one;
                    BENCH_MONGODB_URI or MONGODB_URI in the environment do the same
  --soak            memory under sustained load instead: mixed pages at 10 connections for 10 minutes on
                    five-year (--dataset to change), heap after forced GC at start and end, the RSS curve;
                    exits 1 when a target is missed
  --minutes N       the soak's length (default 10)
  --short           the soak's short form (CI): one-year, 1 minute after 30 s of warm-up
  --help`;

interface Args {
  datasets: (typeof DATASET_NAMES)[number][];
  fresh: boolean;
  quick: boolean;
  mongodbUri?: string;
  soak: boolean;
  short: boolean;
  minutes?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { datasets: [], fresh: false, quick: false, soak: false, short: false, mongodbUri: process.env.BENCH_MONGODB_URI || process.env.MONGODB_URI || undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--dataset') {
      for (const name of value().split(',')) {
        if (!(DATASET_NAMES as readonly string[]).includes(name)) throw new Error(`unknown dataset ${name} (${DATASET_NAMES.join(', ')})`);
        args.datasets.push(name as Args['datasets'][number]);
      }
    } else if (flag === '--fresh') args.fresh = true;
    else if (flag === '--quick') args.quick = true;
    else if (flag === '--mongodb-uri') args.mongodbUri = value();
    else if (flag === '--soak') args.soak = true;
    else if (flag === '--short') args.short = true;
    else if (flag === '--minutes') {
      args.minutes = Number(value());
      if (!(args.minutes > 0)) throw new Error(`--minutes needs a positive number\n${USAGE}`);
    }
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  if (args.datasets.length === 0) args.datasets = args.soak ? [args.short ? 'one-year' : 'five-year'] : [...DATASET_NAMES];
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.soak) return soak(args);
  const startedAt = new Date();
  const load = os.loadavg();
  const header = [
    `Boost tracker bench · ${startedAt.toISOString()} · datasets: ${args.datasets.join(', ')} (definition v${DEFINITION_VERSION})${args.quick ? ' · QUICK (fewer samples)' : ''}`,
    `machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average at start ${load.map((l) => l.toFixed(2)).join(' ')}${load[0] > os.cpus().length * 0.5 ? ' (busy: figures not comparable)' : ''}`,
    `server: ${args.mongodbUri ? `given ${redactUri(args.mongodbUri)}` : 'embedded, resolved by the app (src/core/db/resolve.ts), files under .cache/bench/<dataset>'}`,
    `samples: warm-up ${args.quick ? QUICK.warmup : FULL.warmup}, then ${args.quick ? QUICK.samples : FULL.samples} per page (${args.quick ? QUICK.slowSamples : FULL.slowSamples} for pages above ${FULL.slowMs / 1000} s, none past ${(args.quick ? QUICK.budgetMs : FULL.budgetMs) / 1000} s on a page beyond the third); p95 is nearest-rank`,
  ];
  console.log(header.join('\n'));
  const results: DatasetResult[] = [];
  for (const name of args.datasets) {
    results.push(await runDataset(DATASETS[name], { fresh: args.fresh, rule: args.quick ? QUICK : FULL, throughputSeconds: args.quick ? 5 : 10, mongodbUri: args.mongodbUri, log: (line) => console.log(line) }));
  }
  const finishedAt = new Date();
  const endLoad = os.loadavg();
  header.push(`finished ${finishedAt.toISOString()} after ${formatDuration(finishedAt.getTime() - startedAt.getTime())}; load average at the end ${endLoad.map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`\n${summaryText(results, header)}`);
  const dir = path.join(ROOT_DIR, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = { startedAt, finishedAt, definitionVersion: DEFINITION_VERSION, options: { ...args, mongodbUri: args.mongodbUri ? redactUri(args.mongodbUri) : undefined }, machine: { cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAtStart: load, loadAtEnd: endLoad }, results, verdicts: verdicts(results) };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nJSON copy: ${path.relative(ROOT_DIR, file)}`);
}

/** The soak (--soak): one dataset after the other, the verdicts, a JSON copy; exit code 1 when a target is missed. */
async function soak(args: Args): Promise<void> {
  const startedAt = new Date();
  const minutes = args.minutes ?? (args.short ? 1 : 10);
  const load = os.loadavg();
  console.log(`Boost tracker soak · ${startedAt.toISOString()} · ${os.cpus().length} cores, node ${process.version}, load average at start ${load.map((l) => l.toFixed(2)).join(' ')}`);
  const results = [];
  let missed = 0;
  for (const name of args.datasets) {
    const result = await runSoak({ dataset: DATASETS[name], minutes, warmupSeconds: args.short ? 30 : 60, sampleSeconds: args.short ? 10 : 30, fresh: args.fresh, mongodbUri: args.mongodbUri, log: (line) => console.log(line) });
    const verdicts = soakVerdicts(result);
    console.log(`\nsoak ${name}:`);
    for (const v of verdicts) console.log(`  ${v.ok ? 'MET   ' : 'MISSED'} ${v.text}`);
    missed += verdicts.filter((v) => !v.ok).length;
    results.push({ result, verdicts });
  }
  const dir = path.join(ROOT_DIR, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `soak-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ startedAt, finishedAt: new Date(), minutes, loadAtStart: load, loadAtEnd: os.loadavg(), results }, null, 2)}\n`);
  console.log(`\nJSON copy: ${path.relative(ROOT_DIR, file)}`);
  if (missed > 0) throw new Error(`${missed} soak target(s) missed`);
}

let stopping = false;
async function bail(code: number, why?: unknown): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (why !== undefined) console.error(`\nbench failed: ${why instanceof Error ? (why.stack ?? why.message) : String(why)}`);
    await stopAll();
  }
  process.exit(code);
}

process.on('SIGINT', () => {
  if (!stopping) console.error('\nbench: interrupted, stopping the app and the database server…');
  void bail(130);
});
process.on('SIGTERM', () => void bail(143));

main().then(
  async () => {
    await stopAll();
    process.exit(0);
  },
  (err: unknown) => bail(1, err),
);

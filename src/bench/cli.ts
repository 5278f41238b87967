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

const USAGE = `npm run bench [-- options]
  --dataset NAME    one-year, five-year or ten-thousand (repeatable or comma-separated; default: all three)
  --fresh           rebuild the datasets instead of reusing the kept ones
  --quick           fewer samples and shorter throughput runs, for trying things out
  --mongodb-uri URI measure against this server (its own database per dataset) instead of an embedded one;
                    BENCH_MONGODB_URI or MONGODB_URI in the environment do the same
  --help`;

interface Args {
  datasets: (typeof DATASET_NAMES)[number][];
  fresh: boolean;
  quick: boolean;
  mongodbUri?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { datasets: [], fresh: false, quick: false, mongodbUri: process.env.BENCH_MONGODB_URI || process.env.MONGODB_URI || undefined };
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
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  if (args.datasets.length === 0) args.datasets = [...DATASET_NAMES];
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
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

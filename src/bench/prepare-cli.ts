import { connectDatabase, disconnectDatabase } from '../core/db/connect';
import { housekeeping } from '../housekeeping';
import { DATASETS, DATASET_NAMES, type DatasetSpec } from './datasets';
import { PREPARED_PREFIX, collectionSizes, ensureDataset, resolveIds, type Prepared } from './dataset';

/**
 * Child process of the benchmark: loads or reuses one dataset on the server at MONGODB_URI, then
 * prints one PREPARED_PREFIX line (marker, sizes, ids) as JSON. A process per dataset, because Mongoose's
 * models do not initialise again after a disconnect in the same process; it also keeps the
 * benchmark's own process light while it measures.
 */
async function main(): Promise<void> {
  const [name, flag] = process.argv.slice(2);
  const uri = process.env.MONGODB_URI;
  if (!(DATASET_NAMES as readonly string[]).includes(name) || !uri) throw new Error('usage: MONGODB_URI=… prepare-cli.ts <dataset> [--fresh]');
  const spec: DatasetSpec = DATASETS[name as (typeof DATASET_NAMES)[number]];
  await connectDatabase(uri);
  try {
    const { marker, reused } = await ensureDataset(spec, { fresh: flag === '--fresh', log: (line) => console.log(line) });
    // The steady state of an app that ran through those years: its housekeeping has archived the old
    // trail and removed notifications read long ago (what every instance does every 10 minutes).
    console.log('  housekeeping, as the running app does it…');
    for (const [chore, work] of housekeeping()) {
      const done = await work();
      if (done > 0) console.log(`  ${chore}: ${done.toLocaleString('en-US')} records`);
    }
    console.log('  counting what the server holds…');
    const prepared: Prepared = { marker, reused, sizes: await collectionSizes(), ids: await resolveIds() };
    console.log(`${PREPARED_PREFIX}${JSON.stringify(prepared)}`);
  } finally {
    await disconnectDatabase();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});

/**
 * `npm run db:import-ferretdb`: copies the data of the former embedded server (FerretDB, DATA_DIR/ferretdb)
 * into the database the app uses now (MONGODB_URI, or the embedded server; the running app's when it runs).
 * The old folder is left as it is; a target that already holds data is refused.
 */
import path from 'node:path';
import { ConfigError, ROOT_DIR, loadConfig } from '../../config';
import { errorMessage } from '../proc';
import { openConfiguredDatabase } from '../runtime';
import { LEGACY_SUBDIR, findFerretdb, hasFerretdbData } from './ferretdb';
import { importFerretdb } from './import';

const log = (msg: string): void => console.log(`db:import-ferretdb: ${msg}`);

async function main(): Promise<number> {
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env: environment only.
  }
  const config = loadConfig();
  const ferretdbDir = path.join(config.dataDir, LEGACY_SUBDIR);
  if (!(await hasFerretdbData(ferretdbDir))) {
    log(`nothing to import: no FerretDB data (*.sqlite) in ${ferretdbDir} (DATA_DIR=${config.dataDir})`);
    return 1;
  }
  const binary = await findFerretdb(process.env, path.join(ROOT_DIR, '.cache'));
  log(`FerretDB: ${binary}`);
  const database = await openConfiguredDatabase(config, log, { warnAboutFerretdb: false });
  try {
    const report = await importFerretdb({ ferretdbDir, binary, targetUri: database.uri, sourceDb: config.dbName, log });
    const total = report.collections.reduce((sum, c) => sum + c.documents, 0);
    log(`done: ${total} document(s) in ${report.collections.length} collection(s); ${ferretdbDir} is left as it was`);
    for (const c of report.collections.filter((c) => c.documents !== c.expected)) {
      log(`warning: ${c.name}: ${c.documents} copied, FerretDB counted ${c.expected}`);
    }
    for (const warning of report.indexWarnings) log(`index not created (the app creates its own at start): ${warning}`);
    if (report.otherDatabases.length > 0) {
      log(`FerretDB also held: ${report.otherDatabases.join(', ')} (not imported; run again with DB_NAME set to import one)`);
    }
    return 0;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `db:import-ferretdb: ${errorMessage(err)}`);
    process.exit(1);
  },
);

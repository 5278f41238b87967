import { MongoClient } from 'mongodb';
import { assertEmpty, copyDatabase, type CopyReport } from './copy';
import { hasFerretdbData, startFerretdbOnCopy } from './ferretdb';

export interface ImportOptions {
  /** The old FerretDB folder (DATA_DIR/ferretdb). */
  ferretdbDir: string;
  /** A FerretDB 1.x binary (findFerretdb). */
  binary: string;
  /** The new server; its database is the one named in the URI. */
  targetUri: string;
  /** The database to read in FerretDB (the app's DB_NAME). */
  sourceDb: string;
  log: (msg: string) => void;
}

export interface ImportReport extends CopyReport {
  /** Other databases FerretDB held, not imported. */
  otherDatabases: string[];
}

/**
 * Copies the old FerretDB data into the new server: FerretDB runs on a copy of the old folder (left as it
 * is), the target must be empty.
 */
export async function importFerretdb(opts: ImportOptions): Promise<ImportReport> {
  if (!(await hasFerretdbData(opts.ferretdbDir))) throw new Error(`nothing to import: no FerretDB data (*.sqlite) in ${opts.ferretdbDir}`);
  const target = new MongoClient(opts.targetUri, { serverSelectionTimeoutMS: 10_000 });
  await target.connect();
  try {
    // Checked before FerretDB starts, and again by copyDatabase.
    await assertEmpty(target.db());
    opts.log(`starting FerretDB on a copy of ${opts.ferretdbDir}…`);
    const ferretdb = await startFerretdbOnCopy(opts.binary, opts.ferretdbDir);
    const source = new MongoClient(ferretdb.uri, { serverSelectionTimeoutMS: 10_000, directConnection: true });
    try {
      await source.connect();
      const databases = (await source.db('admin').admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
      if (!databases.includes(opts.sourceDb)) {
        throw new Error(`FerretDB holds no database "${opts.sourceDb}" (it has: ${databases.join(', ') || 'none'}); set DB_NAME to the one to import`);
      }
      const report = await copyDatabase(source.db(opts.sourceDb), target.db(), opts.log);
      return { ...report, otherDatabases: databases.filter((name) => name !== opts.sourceDb && !['admin', 'local', 'config'].includes(name)) };
    } finally {
      await source.close();
      await ferretdb.stop();
    }
  } finally {
    await target.close();
  }
}

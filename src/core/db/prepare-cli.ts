/**
 * `npm run db:prepare`: makes sure an embedded database server binary exists (mongod, or FerretDB found or
 * built with Go), so that a first build never runs inside a test timeout.
 */
import { errorMessage, provideFerretdb } from './ferretdb';
import { DEFAULT_CACHE_DIR, findMongod } from './resolve';

async function main(): Promise<number> {
  const env = process.env;
  if (env.MONGODB_URI) console.log('db:prepare: MONGODB_URI is set; preparing the embedded server anyway (tests may not use it)');
  const mongod = await findMongod(env);
  if ('path' in mongod) {
    console.log(`db:prepare: mongod ${mongod.source}`);
    return 0;
  }
  console.log(`db:prepare: no mongod binary (${mongod.missing}); using FerretDB`);
  try {
    const ferretdb = await provideFerretdb({ env, cacheDir: DEFAULT_CACHE_DIR, log: (msg) => console.log(`db:prepare: ${msg}`) });
    console.log(`db:prepare: FerretDB ${ferretdb.source}`);
    return 0;
  } catch (err) {
    console.error(`db:prepare: no database server can be provided: ${errorMessage(err)}`);
    console.error('db:prepare: install Go (to build FerretDB), set FERRETDB_BIN or MONGOMS_SYSTEM_BINARY, or set MONGODB_URI');
    return 1;
  }
}

// Explicit exit: a timed-out mongod download may still hold sockets open.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db:prepare: ${errorMessage(err)}`);
    process.exit(1);
  },
);

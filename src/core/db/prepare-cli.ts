/**
 * `npm run db:prepare`: makes sure an embedded database server can start without waiting: mongod when one
 * can be had, else mongo-java-server (Java found, jars copied from ~/.m2 or downloaded and verified, the
 * launcher compiled into .cache/mongo-java-server/). The app and the tests do the same on first start.
 */
import { errorMessage } from './proc';
import { DEFAULT_CACHE_DIR, findMongod, lookupJavaServer } from './resolve';

async function main(): Promise<number> {
  const env = process.env;
  if (env.MONGODB_URI) console.log('db:prepare: MONGODB_URI is set; preparing the embedded server anyway (tests may not use it)');
  const mongod = await findMongod(env);
  if ('path' in mongod) {
    console.log(`db:prepare: mongod ${mongod.source}`);
    return 0;
  }
  console.log(`db:prepare: no mongod binary (${mongod.missing}); preparing mongo-java-server`);
  const java = await lookupJavaServer(env, DEFAULT_CACHE_DIR, (msg) => console.log(`db:prepare: ${msg}`));
  if ('runtime' in java) {
    console.log(`db:prepare: ready: ${java.source}`);
    return 0;
  }
  console.error(`db:prepare: no database server can be provided: ${java.missing}`);
  console.error('db:prepare: install a JDK 17+ (mongo-java-server), set MONGOMS_SYSTEM_BINARY (mongod), or set MONGODB_URI');
  return 1;
}

// Explicit exit: a timed-out mongod download may still hold sockets open.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db:prepare: ${errorMessage(err)}`);
    process.exit(1);
  },
);

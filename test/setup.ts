import mongoose from 'mongoose';
import { connectDatabase, disconnectDatabase } from '../src/core/db/connect';
import { resolveDatabase, type DatabaseServer } from '../src/core/db/resolve';
import { resetDb, sharesWorld } from './helpers';

/**
 * One throw-away database server for the whole run, chosen as in DESIGN.md section 5
 * (TEST_MONGODB_URI given → that server; else mongod; else mongo-java-server in memory). Never the app's data.
 */
let server: DatabaseServer | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  server = await resolveDatabase({
    mongodbUri: process.env.TEST_MONGODB_URI,
    dbName: `boost_test_${process.pid}`,
    uriDatabase: 'replace',
    log: (msg) => console.log(`[tests] ${msg}`),
  });
  console.log(`[tests] database server used: ${server.kind}`);
  process.env.BOOST_TEST_DB_URI = server.uri;
  await connectDatabase(server.uri);
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (mongoose.connection.readyState === 1 && server?.kind === 'external') {
    await mongoose.connection.db?.dropDatabase();
  }
  await disconnectDatabase();
  await server?.stop();
}

/**
 * Every test starts from an empty database, except in the suites that build one world for all
 * their tests with sharedWorld() (test/helpers.ts): those are reset once, before the world is built.
 */
export const mochaHooks = {
  async beforeEach(this: Mocha.Context): Promise<void> {
    if (sharesWorld(this.currentTest)) return;
    await resetDb();
  },
};

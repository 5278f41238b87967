import '../texts';
import { loadConfig } from '../core/config';
import { connectDatabase, disconnectDatabase } from '../core/db/connect';
import { openConfiguredDatabase } from '../core/db/runtime';
import { createStorage } from '../core/storage';
import { seedAll } from './all';

/** `npm run seed`: loads the demo programme into the database `npm start` uses, and prints the logins. */
async function main(): Promise<void> {
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env: environment only.
  }
  const config = loadConfig();
  const database = await openConfiguredDatabase(config, (msg) => console.log(msg));
  try {
    await connectDatabase(database.uri);
    const { created, users } = await seedAll(createStorage(config));
    console.log(created > 0 ? `Demo data loaded (${created} records created).` : 'Demo data already present: nothing changed.');
    console.log('\nDemo logins (open http://localhost:%d/login):', config.port);
    for (const u of users) console.log(`  ${u.role.padEnd(9)} ${u.email.padEnd(22)} password: ${u.password}`);
  } finally {
    await disconnectDatabase();
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

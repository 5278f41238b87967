import '../texts';
import { loadConfig } from '../core/config';
import { connectDatabase, disconnectDatabase } from '../core/db/connect';
import { openConfiguredDatabase } from '../core/db/runtime';
import { operatorResetLink } from './reset';

/**
 * `npm run user:reset -- someone@example.org`: for the server's operator, when nobody can sign in
 * (the only manager forgot the password and no mail server is set). Prints a one-time set-password
 * link (valid 72 h, the account's older links revoked) for the account, on the database `npm start` uses.
 */
async function main(): Promise<number> {
  const email = process.argv[2];
  if (!email) {
    console.error('Usage: npm run user:reset -- <e-mail address of the account>');
    return 2;
  }
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env: environment only.
  }
  const config = loadConfig();
  const database = await openConfiguredDatabase(config, (msg) => console.error(msg));
  try {
    await connectDatabase(database.uri);
    const result = await operatorResetLink(email, config.baseUrl);
    if (result === 'unknown') {
      console.error(`No account uses ${email}.`);
      return 1;
    }
    if (result === 'inactive') {
      console.error(`The account ${email} is deactivated: a manager reactivates it first (Users).`);
      return 1;
    }
    console.log(`Set-password link for ${result.name} (${result.role}), valid 72 hours, usable once:\n${result.link}`);
    return 0;
  } finally {
    await disconnectDatabase();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { loadConfig, ConfigError, type Config } from './core/config';
import { createLogger, routeProcessOutputToLogger } from './core/logger';
import { answerMemoryProbes } from './core/memory-probe';
import { connectDatabase, disconnectDatabase, logConnectionEvents } from './core/db/connect';
import type { DatabaseServer } from './core/db/resolve';
import { noteRunningServer, openConfiguredDatabase } from './core/db/runtime';
import { startSweeper } from './core/db/housekeeping';
import { isSupervisable, superviseDatabase, type Supervisor } from './core/db/supervisor';
import { buildApp, type AppState } from './app';
import { housekeeping } from './housekeeping';
import { createMailer } from './core/mail';
import { backfillUnreadCounts } from './notifications/service';

/** Until the configuration is read, a logger at info level (every line the process writes is JSON). */
const logger: Logger = createLogger('info');

function readConfig(): Config {
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env file: the environment alone configures the app.
  }
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      logger.fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** The embedded server the app started is restarted when it dies; giving up ends the app (exit 1). */
function supervise(config: Config, database: DatabaseServer, state: AppState, forgetServer: () => void): Supervisor | undefined {
  if (!isSupervisable(database)) return undefined;
  const { max, windowMs } = config.databaseRestarts;
  logger.info(`database: supervised (started again when it ends by itself; the app stops after more than ${max} restarts within ${windowMs / 1000} s)`);
  return superviseDatabase(database, {
    log: logger,
    maxRestarts: max,
    windowMs,
    onState: (next) => (state.database = next),
    onGiveUp: (reason, fields) => {
      logger.fatal(fields, `database: ${reason}; the app stops (exit 1) so that its process manager can take over`);
      forgetServer();
      process.exit(1);
    },
  });
}

async function main(): Promise<void> {
  routeProcessOutputToLogger(logger);
  const config = readConfig();
  logger.level = config.logLevel;
  const database: DatabaseServer = await openConfiguredDatabase(config, (msg) => logger.info(msg), { warn: (msg) => logger.warn(msg), supervised: true });
  await connectDatabase(database.uri);
  const stopConnectionLog = logConnectionEvents(logger);
  await backfillUnreadCounts();
  const forgetServer = noteRunningServer(config, database);
  const mailer = createMailer(config, logger);
  const app = buildApp({ config, logger, mailer });
  const supervisor = supervise(config, database, app.locals.state, forgetServer);
  const stopSweeper = startSweeper(logger, housekeeping({ mailer, baseUrl: config.baseUrl }));

  const sockets = new Set<Socket>();
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info(`Boost tracker listening on http://localhost:${config.port} (${config.env})`);
  });
  answerMemoryProbes();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    app.locals.state.shuttingDown = true;
    const force = setTimeout(() => {
      logger.warn('requests still running after 10 s: closing their connections');
      for (const socket of sockets) socket.destroy();
    }, 10000);
    force.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive connections would hold close() open.
      server.closeIdleConnections();
    });
    clearTimeout(force);
    stopSweeper();
    await supervisor?.stop();
    stopConnectionLog();
    await disconnectDatabase();
    forgetServer();
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, `the app could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

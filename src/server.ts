import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { loadConfig, ConfigError } from './core/config';
import { createLogger } from './core/logger';
import { connectDatabase, disconnectDatabase } from './core/db/connect';
import type { DatabaseServer } from './core/db/resolve';
import { noteRunningServer, openConfiguredDatabase } from './core/db/runtime';
import { startSweeper } from './core/db/housekeeping';
import { buildApp } from './app';
import { housekeeping } from './housekeeping';
import { createMailer } from './core/mail';
import { backfillUnreadCounts } from './notifications/service';

async function main(): Promise<void> {
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env file: the environment alone configures the app.
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const database: DatabaseServer = await openConfiguredDatabase(config, (msg) => logger.info(msg), { warn: (msg) => logger.warn(msg) });
  await connectDatabase(database.uri);
  await backfillUnreadCounts();
  const forgetServer = noteRunningServer(config, database);
  const mailer = createMailer(config, logger);
  const app = buildApp({ config, logger, mailer });
  const stopSweeper = startSweeper(logger, housekeeping({ mailer, baseUrl: config.baseUrl }));

  const sockets = new Set<Socket>();
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info(`Boost tracker listening on http://localhost:${config.port} (${config.env})`);
  });
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
  console.error(err);
  process.exit(1);
});

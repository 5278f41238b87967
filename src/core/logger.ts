import { format } from 'node:util';
import pino, { type Logger } from 'pino';

/** Paths never written to the log, whatever the level. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'token',
  '*.token',
  'sessionId',
  '*.sessionId',
  '_csrf',
  '*._csrf',
];

/** Levels at which an error's stack is written (it shows paths and is many lines long once read). */
const STACK_LEVELS = new Set(['debug', 'trace']);

/**
 * An error as one flat object: type, message, code… Its stack only when the logger writes debug lines,
 * and never the driver's `reason` (a dump of the whole topology).
 */
export function errorSerializer(withStack: () => boolean): (err: unknown) => unknown {
  return (err: unknown) => {
    // pino-http hands over an error already serialized by pino's own serializer.
    const base: unknown = err instanceof Error ? pino.stdSerializers.err(err) : err;
    if (typeof base !== 'object' || base === null) return base;
    const serialized: Record<string, unknown> = { ...base };
    delete serialized.reason;
    if (!withStack()) delete serialized.stack;
    return serialized;
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  // The level may change after creation (server.ts sets the configured one): read it when writing.
  const withStack = (): boolean => STACK_LEVELS.has(logger.level);
  const logger: Logger = pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'boost-tracker' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: errorSerializer(withStack) },
    },
    destination,
  );
  return logger;
}

/** The err serializer of a logger made by createLogger (pino-http's own would put the stack back). */
export function errorSerializerOf(logger: Logger): (err: unknown) => unknown {
  return errorSerializer(() => STACK_LEVELS.has(logger.level));
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const CONSOLE_LEVELS: Record<ConsoleMethod, 'info' | 'warn' | 'error' | 'debug'> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
  trace: 'debug',
};

/**
 * The app's process writes nothing but the logger's JSON lines: what libraries print with console.*
 * (Express's last-resort error handler, a library's warning), Node's own warnings and errors that escape
 * every handler all become log lines (an Error as `err`, its stack only at debug).
 */
export function routeProcessOutputToLogger(logger: Logger): void {
  for (const method of Object.keys(CONSOLE_LEVELS) as ConsoleMethod[]) {
    const level = CONSOLE_LEVELS[method];
    console[method] = (...args: unknown[]): void => {
      const err = args.find((arg): arg is Error => arg instanceof Error);
      const rest = args.filter((arg) => arg !== err);
      const msg = rest.length > 0 ? format(...rest) : (err?.message ?? '');
      if (err) logger[level]({ err, source: 'console' }, msg);
      else logger[level]({ source: 'console' }, msg);
    };
  }
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn({ err: warning, source: 'node' }, warning.message));
  // Node's default for these stays (the process ends, exit code 1), with a JSON line instead of a stack.
  // A rejection nothing handled arrives here too (Node's default --unhandled-rejections=throw).
  process.on('uncaughtException', (err, origin) => {
    logger.fatal({ err, origin }, `the process ends: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

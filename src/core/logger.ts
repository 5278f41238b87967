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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'boost-tracker' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

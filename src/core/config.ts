import path from 'node:path';
import Joi from 'joi';

/** Repository root: config paths (data/, uploads/, .cache/) are relative to it. */
export const ROOT_DIR = path.resolve(__dirname, '..', '..');

/** mongo-java-server's memory, sized for the design load (README, "Which database"). */
export const JAVA_MEMORY_DEFAULTS = { heapMb: 1024, cacheMb: 512 } as const;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Public base URL used in e-mailed links (set-password). */
  baseUrl: string;
  mongodbUri?: string;
  dbName: string;
  dataDir: string;
  /** mongo-java-server (the embedded fallback): JVM heap and MVStore page cache, in MB. */
  javaMemory: { heapMb: number; cacheMb: number };
  /** The embedded server's supervisor: failures allowed within the window before the app gives up. */
  databaseRestarts: { max: number; windowMs: number };
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Express `trust proxy` setting: false, a hop count, or a list of addresses. */
  trustProxy: boolean | number | string;
  cookieSecure: boolean;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginLockMinutes: number;
  storageDriver: 'disk' | 'gridfs';
  uploadDir: string;
  uploadMaxBytes: number;
  /** timeoutMs: the bound on connecting, the greeting and each wait for the SMTP server. */
  smtp?: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string; timeoutMs: number };
  logLevel: string;
  defaultLocale: 'fr' | 'en';
}

const schema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().integer().min(0).max(65535).default(3000),
  HOST: Joi.string().default('0.0.0.0'),
  BASE_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  MONGODB_URI: Joi.string().uri({ scheme: ['mongodb', 'mongodb+srv'] }),
  DB_NAME: Joi.string().pattern(/^[A-Za-z0-9_-]+$/).default('boost'),
  DATA_DIR: Joi.string().default(path.join(ROOT_DIR, 'data')),
  DB_JAVA_HEAP_MB: Joi.number().integer().min(256).max(65536).default(JAVA_MEMORY_DEFAULTS.heapMb),
  DB_JAVA_CACHE_MB: Joi.number().integer().min(16).max(65536).default(JAVA_MEMORY_DEFAULTS.cacheMb),
  DB_RESTART_ATTEMPTS: Joi.number().integer().min(0).max(100).default(5),
  DB_RESTART_WINDOW_SECONDS: Joi.number().integer().min(1).max(24 * 3600).default(120),
  // Read by the provisioning code from the environment; validated here so that a typo stops the app.
  MAVEN_REPOSITORY_URL: Joi.string().uri({ scheme: ['https', 'http'] }),
  SESSION_SECRET: Joi.string().min(32),
  SESSION_IDLE_MINUTES: Joi.number().integer().min(1).max(24 * 60).default(60),
  SESSION_ABSOLUTE_HOURS: Joi.number().integer().min(1).max(24 * 30).default(12),
  TRUST_PROXY: Joi.string().default('false'),
  COOKIE_SECURE: Joi.boolean().truthy('1').falsy('0'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Joi.number().integer().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: Joi.number().integer().min(1).default(50),
  LOGIN_LOCK_MINUTES: Joi.number().integer().min(1).default(15),
  STORAGE_DRIVER: Joi.string().valid('disk', 'gridfs').default('disk'),
  UPLOAD_DIR: Joi.string().default(path.join(ROOT_DIR, 'uploads')),
  UPLOAD_MAX_MB: Joi.number().min(1).max(500).default(25),
  SMTP_HOST: Joi.string().hostname(),
  SMTP_PORT: Joi.number().integer().min(1).max(65535).default(587),
  SMTP_SECURE: Joi.boolean().truthy('1').falsy('0').default(false),
  SMTP_USER: Joi.string(),
  SMTP_PASS: Joi.string(),
  SMTP_TIMEOUT_SECONDS: Joi.number().integer().min(1).max(300).default(15),
  MAIL_FROM: Joi.string().default('Boost tracker <no-reply@localhost>'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  DEFAULT_LOCALE: Joi.string().valid('fr', 'en').default('fr'),
}).unknown(true);

function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'false' || raw === '0' || raw === '') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; a bad value stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (VAR= in .env) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const { value, error } = schema.validate(given, { abortEarly: false, convert: true });
  if (error) {
    const lines = error.details.map((d) => `  ${d.path.join('.')}: ${d.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`);
  }
  const nodeEnv = value.NODE_ENV as Config['env'];
  const trustProxy = parseTrustProxy(String(value.TRUST_PROXY));
  let sessionSecret = value.SESSION_SECRET as string | undefined;
  if (!sessionSecret) {
    if (nodeEnv === 'production') {
      throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required in production (32+ characters).');
    }
    // Development and tests: a fixed, obviously non-secret value so sessions survive a restart.
    sessionSecret = 'development-only-secret-change-me-0123456789';
  }
  const javaMemory = { heapMb: value.DB_JAVA_HEAP_MB as number, cacheMb: value.DB_JAVA_CACHE_MB as number };
  if (javaMemory.cacheMb + 128 > javaMemory.heapMb) {
    throw new ConfigError(
      `Invalid configuration:\n  DB_JAVA_CACHE_MB (${javaMemory.cacheMb}) must leave at least 128 MB of DB_JAVA_HEAP_MB (${javaMemory.heapMb}) for queries.`,
    );
  }
  const port = value.PORT as number;
  const smtp = value.SMTP_HOST
    ? {
        host: value.SMTP_HOST as string,
        port: value.SMTP_PORT as number,
        secure: value.SMTP_SECURE as boolean,
        user: value.SMTP_USER as string | undefined,
        pass: value.SMTP_PASS as string | undefined,
        from: value.MAIL_FROM as string,
        timeoutMs: (value.SMTP_TIMEOUT_SECONDS as number) * 1000,
      }
    : undefined;
  return {
    env: nodeEnv,
    port,
    host: value.HOST as string,
    baseUrl: ((value.BASE_URL as string | undefined) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    mongodbUri: value.MONGODB_URI as string | undefined,
    dbName: value.DB_NAME as string,
    dataDir: path.resolve(ROOT_DIR, value.DATA_DIR as string),
    javaMemory,
    databaseRestarts: { max: value.DB_RESTART_ATTEMPTS as number, windowMs: (value.DB_RESTART_WINDOW_SECONDS as number) * 1000 },
    sessionSecret,
    sessionIdleMinutes: value.SESSION_IDLE_MINUTES as number,
    sessionAbsoluteHours: value.SESSION_ABSOLUTE_HOURS as number,
    trustProxy,
    cookieSecure: (value.COOKIE_SECURE as boolean | undefined) ?? trustProxy !== false,
    loginMaxFailuresPerAccount: value.LOGIN_MAX_FAILURES_PER_ACCOUNT as number,
    loginMaxFailuresPerIp: value.LOGIN_MAX_FAILURES_PER_IP as number,
    loginLockMinutes: value.LOGIN_LOCK_MINUTES as number,
    storageDriver: value.STORAGE_DRIVER as Config['storageDriver'],
    uploadDir: path.resolve(ROOT_DIR, value.UPLOAD_DIR as string),
    uploadMaxBytes: Math.round((value.UPLOAD_MAX_MB as number) * 1024 * 1024),
    smtp,
    logLevel: value.LOG_LEVEL as string,
    defaultLocale: value.DEFAULT_LOCALE as Config['defaultLocale'],
  };
}

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import { MongoStore } from 'connect-mongo';
import mongoose from 'mongoose';
import pinoHttp from 'pino-http';
import type { Logger } from 'pino';
import './texts';
import { ROOT_DIR, type Config } from './core/config';
import { configurePassport } from './core/auth/passport';
import { LoginThrottle } from './core/auth/throttle';
import { SESSION_COLLECTION } from './core/auth/sessions';
import { createMailer, type Mailer } from './core/mail';
import { errorHandler, notFoundHandler } from './core/http/errors';
import { flashLocals } from './core/http/flash';
import { csrfProtection, csrfLocals } from './core/http/csrf';
import { onceLocals } from './core/http/once';
import { securityHeaders, noStore } from './core/http/security';
import { sessionTimeouts } from './core/http/session-timeouts';
import { localeMiddleware } from './core/http/locale';
import { configureViews } from './core/http/views';
import { navLocals } from './core/http/nav';
import { searchLimitLocals } from './core/http/search';
import { verifyLogin } from './account/service';
import { accountRoutes } from './account/routes';
import { resetThrottles } from './account/reset';
import { setupRoutes } from './setup/routes';
import { homeRoutes } from './home/routes';
import { userRoutes } from './users/routes';
import { activityRoutes } from './activity/routes';
import { programmeRoutes } from './ladder/routes';
import { cohortRoutes } from './cohorts/routes';
import { startupRoutes } from './startups/routes';
import { startupPageRoutes } from './startup-page/routes';
import { stageRoutes } from './stages/routes';
import { readinessRoutes } from './readiness/routes';
import { documentRoutes } from './documents/routes';
import { milestoneRoutes } from './milestones/routes';
import { notificationRoutes } from './notifications/routes';
import { notificationBadge } from './notifications/badge';
import { loadSessionUser } from './users/model';
import { checkinRoutes } from './checkins/routes';
import { hostingRoutes } from './hosting/routes';
import { mentoringRoutes } from './mentoring/routes';
import { referralRoutes } from './referrals/routes';
import { partnerRoutes } from './referrals/partners.routes';
import { redactSecrets } from './core/http/redact';
import { healthRoutes, type HealthState } from './core/http/health';
import { continueUnlessAnswered, databaseAway, requestDeadline } from './core/http/deadline';
import { errorSerializerOf } from './core/logger';

export interface AppDeps {
  config: Config;
  logger: Logger;
  mailer?: Mailer;
}

export interface AppState extends HealthState {
  /** Set on SIGTERM: readiness answers 503 while requests in flight finish. */
  shuttingDown: boolean;
}

/**
 * Builds the Express app. Needs an open mongoose connection (sessions and throttling live in MongoDB);
 * does not listen.
 */
export function buildApp(deps: AppDeps): Express & { locals: { state: AppState } } {
  const { config, logger } = deps;
  const db = mongoose.connection.db;
  if (!db) throw new Error('buildApp needs an open mongoose connection');
  const mailer = deps.mailer ?? createMailer(config, logger);
  const throttle = new LoginThrottle(db, {
    maxFailuresPerAccount: config.loginMaxFailuresPerAccount,
    maxFailuresPerIp: config.loginMaxFailuresPerIp,
    lockMinutes: config.loginLockMinutes,
  });
  const passport = configurePassport((email, password, ip) => verifyLogin(throttle, email, password, ip), loadSessionUser);

  const app = express() as Express & { locals: { state: AppState } };
  // `database` follows the embedded server's supervisor (server.ts); 'running' when there is none.
  app.locals.state = { shuttingDown: false, database: 'running' };
  const state = app.locals.state;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  configureViews(app);

  app.use(
    pinoHttp({
      logger,
      genReqId: (_req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req) => ({ userId: req.user?.id }),
      serializers: {
        err: errorSerializerOf(logger),
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: redactSecrets(req.url), ip: req.remoteAddress }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/static/') || req.url === '/healthz' },
    }),
  );
  app.use(securityHeaders(config));
  app.use(healthRoutes(state));

  // Front-end files served from the app itself: no CDN, works offline.
  const staticOptions = { maxAge: config.env === 'production' ? '7d' : 0, index: false, fallthrough: true };
  app.use('/static/bootstrap', express.static(path.join(ROOT_DIR, 'node_modules/bootstrap/dist'), staticOptions));
  app.use('/static/bootstrap-icons', express.static(path.join(ROOT_DIR, 'node_modules/bootstrap-icons/font'), staticOptions));
  app.use('/static/chart.js', express.static(path.join(ROOT_DIR, 'node_modules/chart.js/dist'), staticOptions));
  app.use('/static', express.static(path.join(ROOT_DIR, 'public'), staticOptions));

  app.use(noStore);
  // From here on, pages wait for the database: one bound for the whole request while it is away.
  app.use(requestDeadline({ isProduction: config.env === 'production', databaseAway: () => databaseAway(state) }));
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));

  const secure = config.cookieSecure;
  // The __Host- prefix pins the cookie to this host over HTTPS (no Domain, path /).
  const cookieName = secure ? '__Host-boost.sid' : 'boost.sid';
  app.set('sessionCookieName', cookieName);
  app.use(
    session({
      name: cookieName,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: config.trustProxy !== false,
      cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: config.sessionIdleMinutes * 60 * 1000 },
      store: MongoStore.create({
        client: mongoose.connection.getClient(),
        dbName: db.databaseName,
        collectionName: SESSION_COLLECTION,
        stringify: false,
        // Expired sessions are swept by startSweeper(): the embedded server has no TTL expiry.
        autoRemove: 'disabled',
        touchAfter: 60,
      }),
    }),
  );
  // A redirect waits until the session is stored: express-session sends the headers of a 303 before
  // its own save ends, and a browser follows the Location at once, reading the session too early
  // (a flash message or the login time would be lost).
  app.use((req, res, next) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      if (!req.session) return redirect(...args);
      req.session.save((err) => (err ? next(err) : redirect(...args)));
    }) as typeof res.redirect;
    next();
  });
  app.use(continueUnlessAnswered);
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(continueUnlessAnswered);
  app.use(sessionTimeouts(config));
  app.use(localeMiddleware(config));
  app.use(flashLocals);
  app.use(csrfProtection);
  app.use(csrfLocals);
  app.use(onceLocals);
  app.use(navLocals);
  app.use(searchLimitLocals);
  app.use(notificationBadge);
  app.use(continueUnlessAnswered);

  app.use(setupRoutes());
  app.use(accountRoutes({ passport, mailer, config, resetThrottles: resetThrottles(db) }));
  app.use(homeRoutes());
  app.use('/users', userRoutes({ mailer, baseUrl: config.baseUrl }));
  app.use('/activity', activityRoutes());
  app.use('/programme', programmeRoutes());
  app.use('/cohorts', cohortRoutes());
  app.use('/startups', startupRoutes());
  // The features of a startup's page hang off /startups/:id: their routers use full paths.
  app.use(startupPageRoutes());
  app.use(stageRoutes());
  app.use(readinessRoutes());
  app.use(documentRoutes({ config }));
  app.use(milestoneRoutes({ mailer, baseUrl: config.baseUrl, config }));
  app.use(checkinRoutes({ mailer, baseUrl: config.baseUrl }));
  app.use(mentoringRoutes({ mailer, baseUrl: config.baseUrl }));
  app.use(hostingRoutes({ mailer, baseUrl: config.baseUrl }));
  app.use(referralRoutes({ config, mailer, baseUrl: config.baseUrl }));
  app.use(partnerRoutes({ mailer, baseUrl: config.baseUrl }));
  app.use(notificationRoutes({ mailer, baseUrl: config.baseUrl }));

  app.use(notFoundHandler);
  app.use(errorHandler(config.env === 'production'));
  return app;
}

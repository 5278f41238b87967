import { Router, type NextFunction, type Request, type Response } from 'express';
import type { PassportInstance } from '../core/auth/passport';
import type { Config } from '../core/config';
import type { Mailer } from '../core/mail';
import { guard } from '../core/http/guard';
import { handleForm, renderForm } from '../core/http/form';
import { flash } from '../core/http/flash';
import { safeReturnPath } from '../core/http/schemas';
import { validate } from '../core/http/validate';
import { NotFound, ValidationFailed } from '../core/errors';
import { requestPasswordReset, type ResetThrottles } from './reset';
import { changePassword, describeToken, redeemToken, setLocale, updatePreferences } from './service';
import { changePasswordSchema, forgotSchema, localeSchema, loginSchema, preferencesSchema, setPasswordSchema } from './schemas';
import { currentUser, param } from '../core/http/request';
import type { SessionUser } from '../core/auth/session-user';

interface AccountDeps {
  passport: PassportInstance;
  mailer: Mailer;
  config: Config;
  resetThrottles: ResetThrottles;
}

function authenticate(passport: PassportInstance, req: Request, res: Response, next: NextFunction): Promise<SessionUser | false> {
  return new Promise((resolve, reject) => {
    passport.authenticate('local', (err: unknown, user: SessionUser | false) => (err ? reject(err) : resolve(user)))(req, res, next);
  });
}

function login(req: Request, user: SessionUser): Promise<void> {
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}

export function accountRoutes({ passport, mailer, config, resetThrottles }: AccountDeps): Router {
  const router = Router();

  router.get('/login', guard('public'), (req, res) => {
    if (req.user) return res.redirect('/');
    res.render('account/login', {
      title: res.locals.t('auth.title'),
      values: { next: safeReturnPath(req.query.next) },
      signedOut: req.query.signedOut === '1',
    });
  });

  router.post('/login', guard('public'), async (req, res, next) => {
    const context = { title: res.locals.t('auth.title') };
    let input;
    try {
      input = validate(loginSchema, req.body);
    } catch {
      return renderForm(req, res, 'account/login', context, 422, {}, 'auth.invalid');
    }
    const user = await authenticate(passport, req, res, next);
    if (!user) {
      req.log.info({ ip: req.ip, event: 'login.failure' }, 'login failed');
      return renderForm(req, res, 'account/login', context, 401, {}, 'auth.invalid');
    }
    const returnTo = safeReturnPath(input.next);
    await login(req, user); // regenerates the session id
    req.session.loginAt = Date.now();
    req.log.info({ userId: user.id, ip: req.ip, event: 'login.success' }, 'login succeeded');
    flash(req, { type: 'success', key: 'auth.welcome', vars: { name: user.name } });
    res.redirect(303, returnTo);
  });

  router.post('/logout', guard('authenticated'), (req, res, next) => {
    const userId = req.user?.id;
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        req.log.info({ userId, event: 'logout' }, 'logged out');
        res.clearCookie(String(req.app.get('sessionCookieName')), { path: '/' });
        res.redirect(303, '/login?signedOut=1');
        // The session is gone: the message travels in the query string, not as a flash.
      });
    });
  });

  /** Language switch for everyone, signed in or not: a POST, since it changes state. */
  router.post('/locale', guard('public'), async (req, res) => {
    const { value, error } = localeSchema.validate(req.body, { stripUnknown: true });
    const returnTo = safeReturnPath(req.body?.returnTo);
    if (error) return res.redirect(303, returnTo);
    req.session.locale = value.locale;
    if (req.user) await setLocale(req.user.id, value.locale);
    res.redirect(303, returnTo);
  });

  router.get('/account', guard('account.self'), (req, res) => {
    const user = currentUser(req);
    res.render('account/account', { title: res.locals.t('account.title'), values: { name: user.name, locale: user.locale }, errors: {} });
  });

  const accountContext = async (_req: Request, res: Response) => ({ title: res.locals.t('account.title') });

  router.post(
    '/account/preferences',
    guard('account.self'),
    handleForm<{ name: string; locale: 'fr' | 'en' }>({
      view: 'account/account',
      schema: preferencesSchema,
      context: accountContext,
      handle: async (req, value) => {
        await updatePreferences(currentUser(req), value);
        req.session.locale = value.locale;
        return { redirect: '/account', flash: { type: 'success', key: 'account.saved' } };
      },
    }),
  );

  router.post(
    '/account/password',
    guard('account.self'),
    handleForm<{ currentPassword: string; newPassword: string }>({
      view: 'account/account',
      schema: changePasswordSchema,
      context: async (req, res) => ({ ...(await accountContext(req, res)), values: { name: req.user?.name, locale: req.user?.locale }, passwordErrors: true }),
      handle: async (req, value) => {
        const user = currentUser(req);
        const epoch = await changePassword(user, req.sessionID, value);
        // Re-login under the new epoch: a new session id, the other sessions are gone.
        req.loginEpoch = epoch;
        const loginAt = req.session.loginAt;
        await login(req, user);
        req.session.loginAt = loginAt ?? Date.now();
        return { redirect: '/account', flash: { type: 'success', key: 'account.passwordChanged' } };
      },
    }),
  );

  /** A link that expired, was used or never existed: say so and how to get a new one (404, as any unknown address). */
  const linkInvalid = (res: Response) => res.status(404).render('account/link-invalid', { title: res.locals.t('setPassword.invalidTitle') });

  router.get('/set-password/:token', guard('public'), async (req, res) => {
    const info = await describeToken(param(req, 'token')).catch((err: unknown) => (err instanceof NotFound ? null : Promise.reject(err)));
    if (!info) return linkInvalid(res);
    res.render('account/set-password', { title: res.locals.t('setPassword.title'), info, token: param(req, 'token'), values: {} });
  });

  router.post('/set-password/:token', guard('public'), async (req, res) => {
    const token = param(req, 'token');
    const info = await describeToken(token).catch((err: unknown) => (err instanceof NotFound ? null : Promise.reject(err)));
    if (!info) return linkInvalid(res);
    try {
      const value = validate(setPasswordSchema, req.body);
      await redeemToken(token, value.newPassword);
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      return renderForm(req, res, 'account/set-password', { title: res.locals.t('setPassword.title'), info, token }, 422, err.fields);
    }
    // Whoever was signed in on this browser, the next step is a fresh login.
    req.logout(() => {
      flash(req, { type: 'success', key: 'setPassword.done' });
      res.redirect(303, '/login');
    });
  });

  router.get('/forgot-password', guard('public'), (req, res) => {
    if (req.user) return res.redirect('/account');
    res.render('account/forgot', { title: res.locals.t('forgot.title'), values: {} });
  });

  /** Same answer whether or not the address has an account; throttled per address and per IP. */
  router.post(
    '/forgot-password',
    guard('public'),
    handleForm<{ email: string }>({
      view: 'account/forgot',
      schema: forgotSchema,
      context: async (_req, res) => ({ title: res.locals.t('forgot.title') }),
      handle: async (req, value) => {
        await requestPasswordReset(value.email, req.ip ?? '', resetThrottles, { mailer, baseUrl: config.baseUrl });
        return { redirect: '/login', flash: { type: 'success', key: 'forgot.sent', vars: { email: value.email } } };
      },
    }),
  );

  return router;
}

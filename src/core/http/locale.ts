import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import { formatDate, formatNumber, fromAcceptLanguage, translate, type Locale } from '../i18n';

declare module 'express-serve-static-core' {
  interface Request {
    locale: Locale;
  }
}

/** The user's preference, then the one chosen before login, then Accept-Language, then French. */
export function localeMiddleware(config: Config) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const locale: Locale = req.user?.locale ?? req.session?.locale ?? fromAcceptLanguage(req.get('accept-language')) ?? config.defaultLocale;
    applyLocale(req, res, locale);
    next();
  };
}

export function applyLocale(req: Request, res: Response, locale: Locale): void {
  req.locale = locale;
  res.locals.locale = locale;
  res.locals.otherLocale = locale === 'fr' ? 'en' : 'fr';
  res.locals.t = (key: string, vars?: Record<string, unknown>) => translate(locale, key, vars);
  res.locals.fmtDate = (d: Date | string | undefined, withTime?: boolean) => formatDate(locale, d, withTime);
  res.locals.fmtNumber = (n: number | undefined, options?: Intl.NumberFormatOptions) => formatNumber(locale, n, options);
}

/** For pages rendered before the locale middleware ran (errors of the session store, 503). */
export function ensureLocale(req: Request, res: Response, fallback: Locale): void {
  if (res.locals.t) return;
  applyLocale(req, res, fromAcceptLanguage(req.get('accept-language')) ?? fallback);
}

import type { NextFunction, Request, Response } from 'express';

const TABS = [
  { key: 'requests', href: '/hosting/requests' },
  { key: 'sites', href: '/hosting/sites' },
  { key: 'requirements', href: '/hosting/requirements' },
  { key: 'billing', href: '/hosting/billing' },
];

/** The hosting area's tabs (views/partials/hosting-nav.hbs), the current one marked; only managers reach the pages that show them. */
export function hostingNav(req: Request, res: Response, next: NextFunction): void {
  const path = req.originalUrl.split('?')[0];
  res.locals.hostingTabs = TABS.map((tab) => ({ ...tab, active: path === tab.href || path.startsWith(`${tab.href}/`) || path.startsWith(`${tab.href}.`) }));
  next();
}

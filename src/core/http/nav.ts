import type { NextFunction, Request, Response } from 'express';
import { can, type Action } from '../policy';

interface NavItem {
  href: string;
  key: string;
  icon: string;
  action: Action;
}

/** The navigation of each role: what the policy lets them use, nothing else. */
const NAV: NavItem[] = [
  { href: '/', key: 'nav.home', icon: 'house', action: 'home' },
  { href: '/users', key: 'nav.users', icon: 'people', action: 'users.manage' },
  { href: '/activity', key: 'nav.activity', icon: 'clock-history', action: 'activity.read' },
];

export function navLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.user = req.user;
  res.locals.currentPath = req.path;
  res.locals.returnTo = req.originalUrl;
  if (req.user) {
    const user = req.user;
    res.locals.nav = NAV.filter((item) => can(user, item.action)).map((item) => ({
      ...item,
      active: item.href === '/' ? req.path === '/' : req.path.startsWith(item.href),
    }));
  }
  next();
}

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
  { href: '/startups', key: 'nav.startups', icon: 'building', action: 'startups.read' },
  { href: '/cohorts', key: 'nav.cohorts', icon: 'collection', action: 'programme.manage' },
  { href: '/milestones/review', key: 'nav.review', icon: 'flag', action: 'milestones.review' },
  { href: '/checkins', key: 'nav.checkins', icon: 'calendar-check', action: 'checkins.follow' },
  // Mentoring: managers enter by the directory, mentors and founders by their sessions.
  { href: '/mentors', key: 'nav.mentoring', icon: 'person-video3', action: 'mentoring.manage' },
  { href: '/mentoring/sessions', key: 'nav.mentoring', icon: 'person-video3', action: 'officeHours.read' },
  { href: '/hosting', key: 'nav.hosting', icon: 'door-open', action: 'hosting.manage' },
  // Referrals: managers run them all, partners answer their organisation's (founders follow theirs from the startup page).
  { href: '/referrals', key: 'nav.referrals', icon: 'envelope-paper', action: 'referrals.manage' },
  { href: '/referrals', key: 'nav.referrals', icon: 'envelope-paper', action: 'referrals.respond' },
  { href: '/programme', key: 'nav.programme', icon: 'diagram-3', action: 'programme.manage' },
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
    // A long navigation (managers) takes a row of its own on wide screens (public/css/app.css).
    res.locals.navCompact = (res.locals.nav as unknown[]).length > 4;
  }
  next();
}

import type { NextFunction, Request, Response } from 'express';
import { can, type Action } from '../core/policy';

const TABS: { key: string; href: (userId: string) => string; action: Action }[] = [
  { key: 'directory', href: () => '/mentors', action: 'mentoring.manage' },
  { key: 'profile', href: (id) => `/mentors/${id}`, action: 'officeHours.publish' },
  { key: 'sessions', href: () => '/mentoring/sessions', action: 'mentoring.read' },
  { key: 'officeHours', href: () => '/office-hours', action: 'officeHours.read' },
  { key: 'hours', href: () => '/mentoring/hours', action: 'mentoring.manage' },
  { key: 'calendar', href: () => '/calendar', action: 'calendar.self' },
];

/** The mentoring area's tabs (views/partials/mentoring-nav.hbs): those the user's role may open, the current one marked. */
export function mentoringNav(req: Request, res: Response, next: NextFunction): void {
  const user = req.user;
  if (user) {
    const path = req.originalUrl.split('?')[0];
    const tabs = TABS.filter((tab) => can(user, tab.action)).map((tab) => ({ key: tab.key, href: tab.href(user.id) }));
    // The longest matching address is the current tab (/mentors/:id is the profile, not the directory).
    const current = tabs.filter((tab) => path === tab.href || path.startsWith(`${tab.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
    res.locals.mentoringTabs = tabs.map((tab) => ({ ...tab, active: tab === current }));
  }
  next();
}

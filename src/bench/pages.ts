import type { Role } from '../core/policy';

/**
 * Every page the benchmark opens, per role: one line per page. A later feature adds its pages here
 * (as mentoring, hosting and referrals did). `path` may hold {placeholders} resolved from the dataset
 * (src/bench/dataset.ts, BenchIds); a page whose placeholder has no record in a dataset is skipped
 * and reported as such. `title` is what the page's <title> must contain: an i18n key (French text),
 * or a {placeholder} naming a record (a startup's name…). Every measured answer must be a 200 HTML
 * page with that title and the signed-in user's name in the navigation.
 */
export interface PageSpec {
  role: Role;
  path: string;
  title: string;
}

const startupTabs = (role: Role, id: string, name: string, milestone: string, milestoneTitle: string): PageSpec[] => [
  { role, path: `/startups/{${id}}`, title: `{${name}}` },
  { role, path: `/startups/{${id}}/readiness`, title: 'readiness.title' },
  { role, path: `/startups/{${id}}/milestones`, title: 'milestones.title' },
  { role, path: `/startups/{${id}}/milestones/{${milestone}}`, title: `{${milestoneTitle}}` },
  { role, path: `/startups/{${id}}/documents`, title: 'documents.title' },
  { role, path: `/startups/{${id}}/history`, title: 'startups.tabs.history' },
];

export const PAGES: PageSpec[] = [
  // Manager: home, lists with and without filters, a startup's every tab and form, queues, settings.
  { role: 'manager', path: '/', title: 'home.title' },
  { role: 'manager', path: '/startups', title: 'startups.title' },
  { role: 'manager', path: '/startups?q=bio', title: 'startups.title' },
  { role: 'manager', path: '/startups?status=active&sort=-updatedAt', title: 'startups.title' },
  { role: 'manager', path: '/startups?sort=stage', title: 'startups.title' },
  { role: 'manager', path: '/startups?page=3', title: 'startups.title' },
  { role: 'manager', path: '/startups/new', title: 'startups.new' },
  ...startupTabs('manager', 'ownStartup', 'ownStartupName', 'milestone', 'milestoneTitle'),
  { role: 'manager', path: '/startups/{ownStartup}/documents?q=plan', title: 'documents.title' },
  { role: 'manager', path: '/startups/{ownStartup}/edit', title: 'startups.edit' },
  { role: 'manager', path: '/startups/{ownStartup}/figures', title: 'startups.figures.title' },
  { role: 'manager', path: '/startups/{ownStartup}/stage', title: 'startups.stage.title' },
  { role: 'manager', path: '/startups/{ownStartup}/readiness/new', title: 'readiness.form.title' },
  { role: 'manager', path: '/startups/{ownStartup}/readiness/targets', title: 'readiness.targets.title' },
  { role: 'manager', path: '/startups/{ownStartup}/milestones/new', title: 'milestones.form.newTitle' },
  { role: 'manager', path: '/startups/{ownStartup}/milestones/{milestone}/edit', title: 'milestones.form.editTitle' },
  { role: 'manager', path: '/milestones/review', title: 'milestones.review.title' },
  { role: 'manager', path: '/milestones/review?dimension=regulatory', title: 'milestones.review.title' },
  { role: 'manager', path: '/milestones/tracks', title: 'milestones.tracks.title' },
  { role: 'manager', path: '/milestones/tracks/new', title: 'milestones.tracks.new' },
  { role: 'manager', path: '/milestones/tracks/{track}/edit', title: 'milestones.tracks.edit' },
  { role: 'manager', path: '/checkins', title: 'checkins.list.title' },
  { role: 'manager', path: '/checkins?status=missing', title: 'checkins.list.title' },
  { role: 'manager', path: '/cohorts', title: 'programmes.cohorts.title' },
  { role: 'manager', path: '/cohorts/new', title: 'programmes.cohorts.new' },
  { role: 'manager', path: '/cohorts/{cohort}', title: '{cohortName}' },
  { role: 'manager', path: '/cohorts/{cohort}/edit', title: 'programmes.cohorts.edit' },
  { role: 'manager', path: '/programme', title: 'programmes.title' },
  { role: 'manager', path: '/programme/edit', title: 'programmes.editProgramme' },
  { role: 'manager', path: '/programme/stages/new', title: 'programmes.stage.add' },
  { role: 'manager', path: '/programme/readiness', title: 'readiness.axes.title' },
  { role: 'manager', path: '/users', title: 'users.title' },
  { role: 'manager', path: '/users?q=martin&role=founder', title: 'users.title' },
  { role: 'manager', path: '/users/new', title: 'users.new' },
  { role: 'manager', path: '/users/{founderUser}', title: '{founderUserName}' },
  { role: 'manager', path: '/users/{founderUser}/edit', title: 'users.edit' },
  { role: 'manager', path: '/activity', title: 'activity.title' },
  { role: 'manager', path: '/activity?q=jalon', title: 'activity.title' },
  { role: 'manager', path: '/activity?entityType=Document', title: 'activity.title' },
  { role: 'manager', path: '/activity?archive=1', title: 'activity.title' },
  { role: 'manager', path: '/notifications', title: 'notifications.title' },
  { role: 'manager', path: '/notifications?filter=unread', title: 'notifications.title' },
  { role: 'manager', path: '/account', title: 'account.title' },
  // Manager, mentoring: the directory, a mentor, a startup's tab and forms, every session, the hours, the feed.
  { role: 'manager', path: '/mentors', title: 'mentoring.directory.title' },
  { role: 'manager', path: '/mentors?expertise=ip', title: 'mentoring.directory.title' },
  { role: 'manager', path: '/mentors/{benchMentor}', title: '{benchMentorName}' },
  { role: 'manager', path: '/mentors/{benchMentor}/edit', title: 'mentoring.profile.edit' },
  { role: 'manager', path: '/startups/{ownStartup}/mentoring', title: 'mentoring.title' },
  { role: 'manager', path: '/startups/{ownStartup}/mentoring?page=2', title: 'mentoring.title' },
  { role: 'manager', path: '/startups/{ownStartup}/mentoring/assign', title: 'mentoring.assign.title' },
  { role: 'manager', path: '/startups/{ownStartup}/mentoring/sessions/new', title: 'mentoring.plan.title' },
  { role: 'manager', path: '/mentoring/sessions', title: 'mentoring.sessions.title' },
  { role: 'manager', path: '/mentoring/sessions?q=a&status=completed', title: 'mentoring.sessions.title' },
  { role: 'manager', path: '/mentoring/sessions/{session}', title: '{sessionTopic}' },
  { role: 'manager', path: '/mentoring/sessions/{movableSession}/move', title: 'mentoring.move.title' },
  { role: 'manager', path: '/mentoring/hours', title: 'mentoring.hours.title' },
  { role: 'manager', path: '/mentoring/hours?by=startup', title: 'mentoring.hours.title' },
  { role: 'manager', path: '/calendar', title: 'mentoring.calendar.title' },
  // Manager, hosting: the queue, sites, a site's spaces and timeline, requirements, billing, a startup's tab and forms.
  { role: 'manager', path: '/hosting/requests', title: 'hosting.requests.title' },
  { role: 'manager', path: '/hosting/requests?status=&q=a', title: 'hosting.requests.title' },
  { role: 'manager', path: '/hosting/sites', title: 'hosting.sites.title' },
  { role: 'manager', path: '/hosting/sites/{site}', title: '{siteName}' },
  { role: 'manager', path: '/hosting/sites/{site}/timeline', title: 'hosting.timeline.title' },
  { role: 'manager', path: '/hosting/sites/{site}/spaces/{space}/edit', title: 'hosting.space.edit' },
  { role: 'manager', path: '/hosting/requirements', title: 'hosting.requirements.title' },
  { role: 'manager', path: '/hosting/billing', title: 'hosting.billing.title' },
  { role: 'manager', path: '/startups/{ownStartup}/hosting', title: 'hosting.title' },
  { role: 'manager', path: '/startups/{ownStartup}/hosting/requests/{hostingRequest}', title: 'hosting.requestPage.title' },
  { role: 'manager', path: '/startups/{ownStartup}/hosting/allocations/{allocation}', title: 'hosting.change.title' },
  { role: 'manager', path: '/startups/{ownStartup}/hosting/requirements/new', title: 'hosting.record.title' },
  // Manager, referrals: every referral, the overdue ones, one organisation's, a referral, the form to refer a startup; the partner directory and an organisation's page.
  { role: 'manager', path: '/referrals', title: 'referrals.title' },
  { role: 'manager', path: '/referrals?tab=overdue', title: 'referrals.title' },
  { role: 'manager', path: '/referrals?organisation={partnerOrganisation}', title: 'referrals.title' },
  { role: 'manager', path: '/referrals/{referral}', title: '{referralStartupName}' },
  { role: 'manager', path: '/referrals/new?startup={ownStartup}', title: 'referrals.new.title' },
  { role: 'manager', path: '/partners', title: 'partners.title' },
  { role: 'manager', path: '/partners/{partnerOrganisation}', title: '{partnerOrganisationName}' },

  // Founder: their own startup (full history), its forms, the monthly check-in.
  { role: 'founder', path: '/', title: 'home.title' },
  { role: 'founder', path: '/startups', title: 'startups.title' },
  ...startupTabs('founder', 'ownStartup', 'ownStartupName', 'milestone', 'milestoneTitle'),
  { role: 'founder', path: '/startups/{ownStartup}/edit', title: 'startups.edit' },
  { role: 'founder', path: '/startups/{ownStartup}/figures', title: 'startups.figures.title' },
  { role: 'founder', path: '/startups/{ownStartup}/milestones/new', title: 'milestones.form.proposeTitle' },
  { role: 'founder', path: '/startups/{ownStartup}/milestones/{openMilestone}/submit', title: 'milestones.submit.title' },
  { role: 'founder', path: '/startups/{ownStartup}/checkin', title: 'checkins.form.title' },
  { role: 'founder', path: '/notifications', title: 'notifications.title' },
  { role: 'founder', path: '/account', title: 'account.title' },
  // Founder, mentoring (the home above shows the team's items and sessions to come).
  { role: 'founder', path: '/mentoring/sessions', title: 'mentoring.sessions.title' },
  { role: 'founder', path: '/startups/{ownStartup}/mentoring', title: 'mentoring.title' },
  { role: 'founder', path: '/mentoring/sessions/{founderSession}', title: '{founderSessionTopic}' },
  { role: 'founder', path: '/office-hours', title: 'mentoring.officeHours.title' },
  // Founder, hosting: the tab, the request form, a request.
  { role: 'founder', path: '/startups/{ownStartup}/hosting', title: 'hosting.title' },
  { role: 'founder', path: '/startups/{ownStartup}/hosting/request', title: 'hosting.request.title' },
  { role: 'founder', path: '/startups/{ownStartup}/hosting/requests/{hostingRequest}', title: 'hosting.requestPage.title' },
  // Founder, referrals (status only): their startup's, one of them; the startup page above shows its referrals card.
  { role: 'founder', path: '/referrals', title: 'referrals.title' },
  { role: 'founder', path: '/referrals/{founderReferral}', title: '{ownStartupName}' },

  // Mentor: the startups assigned to them.
  { role: 'mentor', path: '/', title: 'home.title' },
  { role: 'mentor', path: '/startups', title: 'startups.title' },
  ...startupTabs('mentor', 'assignedStartup', 'assignedStartupName', 'assignedMilestone', 'assignedMilestoneTitle'),
  { role: 'mentor', path: '/startups/{assignedStartup}/readiness/new', title: 'readiness.form.title' },
  { role: 'mentor', path: '/notifications', title: 'notifications.title' },
  { role: 'mentor', path: '/account', title: 'account.title' },
  // Mentor, mentoring (the home above shows today's and this week's sessions, those to record, the items owed).
  { role: 'mentor', path: '/mentoring/sessions', title: 'mentoring.sessions.title' },
  { role: 'mentor', path: '/mentoring/sessions/{mentorSession}', title: '{mentorSessionTopic}' },
  { role: 'mentor', path: '/startups/{assignedStartup}/mentoring', title: 'mentoring.title' },
  { role: 'mentor', path: '/office-hours', title: 'mentoring.officeHours.title' },
  { role: 'mentor', path: '/mentors/{benchMentor}', title: '{benchMentorName}' },
  { role: 'mentor', path: '/calendar', title: 'mentoring.calendar.title' },

  // Partner: the home (their organisation), their organisation's referrals and the inbox's tabs, a
  // referral with the startup's summary (name, pitch, stage, readiness) and the documents shared on it.
  { role: 'partner', path: '/', title: 'home.title' },
  { role: 'partner', path: '/referrals', title: 'referrals.title' },
  { role: 'partner', path: '/referrals?tab=new', title: 'referrals.title' },
  { role: 'partner', path: '/referrals?tab=overdue', title: 'referrals.title' },
  { role: 'partner', path: '/referrals?tab=closed', title: 'referrals.title' },
  { role: 'partner', path: '/referrals/{referral}', title: '{referralStartupName}' },
  { role: 'partner', path: '/notifications', title: 'notifications.title' },
  { role: 'partner', path: '/account', title: 'account.title' },
  // Observer: what they have today.
  { role: 'observer', path: '/', title: 'home.title' },
  { role: 'observer', path: '/notifications', title: 'notifications.title' },
  { role: 'observer', path: '/account', title: 'account.title' },
];

/** Pages of the throughput runs (10 concurrent users, the manager's session). */
/**
 * Under 10 signed-in users: the two pages of the target, and `/account`, the lightest signed-in page
 * (session, user and layout, no feature query): the ceiling any page of the app can reach here.
 */
export const THROUGHPUT_PATHS = ['/startups', '/', '/account'];

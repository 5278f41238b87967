import { expect } from 'chai';
import express from 'express';
import { guard } from '../../src/core/http/guard';
import { RULES } from '../../src/core/policy';
import { makeApp } from '../helpers';
import { appRoutes } from './permissions.helpers';

describe('permissions: the route table', () => {
  describe('every route declares its permission', () => {
    it('finds the routes of the app, each starting with a guard that names its permission', () => {
      const routes = appRoutes(makeApp().app);
      const unguarded = routes.filter((r) => r.permission === undefined).map((r) => `${r.method} ${r.path}`);
      expect(unguarded, `routes without guard(): ${unguarded.join(', ')}`).to.deep.equal([]);

      const known = new Set<string>(['public', 'authenticated', ...Object.keys(RULES)]);
      const unknown = routes.filter((r) => !known.has(String(r.permission))).map((r) => `${r.method} ${r.path} (${String(r.permission)})`);
      expect(unknown, 'permissions that the policy does not know').to.deep.equal([]);

      const table = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.permission]));
      expect(table).to.include({
        'GET /healthz': 'public',
        'GET /setup': 'public',
        'POST /setup': 'public',
        'GET /login': 'public',
        'POST /login': 'public',
        'POST /logout': 'authenticated',
        'POST /locale': 'public',
        'GET /account': 'account.self',
        'POST /account/preferences': 'account.self',
        'POST /account/password': 'account.self',
        'GET /set-password/:token': 'public',
        'POST /set-password/:token': 'public',
        'GET /': 'home',
        'GET /users': 'users.manage',
        'GET /users/new': 'users.manage',
        'POST /users': 'users.manage',
        'GET /users/:id': 'users.manage',
        'GET /users/:id/edit': 'users.manage',
        'POST /users/:id': 'users.manage',
        'POST /users/:id/deactivate': 'users.manage',
        'POST /users/:id/activate': 'users.manage',
        'POST /users/:id/password-link': 'users.manage',
        'GET /activity': 'activity.read',
        'GET /programme': 'programme.manage',
        'GET /programme/edit': 'programme.manage',
        'POST /programme': 'programme.manage',
        'GET /programme/stages/new': 'programme.manage',
        'POST /programme/stages': 'programme.manage',
        'GET /programme/stages/:key/edit': 'programme.manage',
        'POST /programme/stages/:key': 'programme.manage',
        'POST /programme/stages/:key/move': 'programme.manage',
        'POST /programme/stages/:key/delete': 'programme.manage',
        'GET /programme/readiness': 'programme.manage',
        'POST /programme/readiness': 'programme.manage',
        'GET /cohorts': 'programme.manage',
        'GET /cohorts/new': 'programme.manage',
        'POST /cohorts': 'programme.manage',
        'GET /cohorts/:id': 'programme.manage',
        'GET /cohorts/:id/edit': 'programme.manage',
        'POST /cohorts/:id': 'programme.manage',
        'POST /cohorts/:id/close': 'programme.manage',
        'GET /startups': 'startups.read',
        'GET /startups/export.csv': 'startups.export',
        'GET /startups/new': 'startups.create',
        'POST /startups': 'startups.create',
        'GET /startups/:id': 'startups.read',
        'GET /startups/:id/edit': 'startups.edit',
        'POST /startups/:id': 'startups.edit',
        'GET /startups/:id/figures': 'startups.figures',
        'POST /startups/:id/figures': 'startups.figures',
        'GET /startups/:id/history': 'startups.read',
        'GET /startups/:id/stage': 'startups.moveStage',
        'POST /startups/:id/stage': 'startups.moveStage',
        'GET /startups/:id/checkin': 'checkins.submit',
        'POST /startups/:id/checkin': 'checkins.submit',
        'GET /checkins': 'checkins.follow',
        'POST /checkins/remind': 'checkins.follow',
        'POST /checkins/:id/remind': 'checkins.follow',
        'GET /startups/:id/milestones': 'milestones.read',
        'GET /startups/:id/milestones/new': 'milestones.plan',
        'POST /startups/:id/milestones': 'milestones.plan',
        'POST /startups/:id/milestones/apply-track': 'milestones.tracks',
        'GET /startups/:id/milestones/:mid': 'milestones.read',
        'GET /startups/:id/milestones/:mid/edit': 'milestones.edit',
        'POST /startups/:id/milestones/:mid': 'milestones.edit',
        'POST /startups/:id/milestones/:mid/remove': 'milestones.edit',
        'GET /startups/:id/milestones/:mid/submit': 'milestones.submit',
        'POST /startups/:id/milestones/:mid/submit': 'milestones.submit',
        'POST /startups/:id/milestones/:mid/decision': 'milestones.review',
        'POST /startups/:id/milestones/:mid/comment': 'milestones.comment',
        'GET /milestones/review': 'milestones.review',
        'GET /milestones/tracks': 'milestones.tracks',
        'POST /milestones/tracks': 'milestones.tracks',
        'GET /milestones/tracks/new': 'milestones.tracks',
        'GET /milestones/tracks/:trackId/edit': 'milestones.tracks',
        'POST /milestones/tracks/:trackId': 'milestones.tracks',
        'GET /notifications': 'notifications.self',
        'POST /notifications/read-all': 'notifications.self',
        'POST /notifications/:id/read': 'notifications.self',
        'POST /notifications/:id/open': 'notifications.self',
        'GET /startups/:id/readiness': 'startups.read',
        'GET /startups/:id/readiness/new': 'readiness.assess',
        'POST /startups/:id/readiness/new': 'readiness.assess',
        'GET /startups/:id/readiness/targets': 'readiness.target',
        'POST /startups/:id/readiness/targets': 'readiness.target',
        'GET /startups/:id/documents': 'documents.read',
        'POST /startups/:id/documents': 'documents.upload',
        'GET /documents/:docId/download': 'documents.read',
        'GET /documents/:docId/delete': 'documents.delete',
        'POST /documents/:docId/delete': 'documents.delete',
        'GET /mentors': 'mentoring.manage',
        'GET /mentors/export.csv': 'mentoring.manage',
        'GET /mentors/:mid': 'mentoring.profile',
        'GET /mentors/:mid/edit': 'mentoring.profile',
        'POST /mentors/:mid': 'mentoring.profile',
        'GET /startups/:id/mentoring': 'mentoring.read',
        'GET /startups/:id/mentoring/assign': 'mentoring.manage',
        'POST /startups/:id/mentoring/assign': 'mentoring.manage',
        'GET /startups/:id/mentoring/assignments/:aid': 'mentoring.manage',
        'POST /startups/:id/mentoring/assignments/:aid/extend': 'mentoring.manage',
        'POST /startups/:id/mentoring/assignments/:aid/end': 'mentoring.manage',
        'GET /mentoring/hours': 'mentoring.manage',
        'GET /mentoring/hours.csv': 'mentoring.manage',
        'GET /mentoring/sessions': 'mentoring.read',
        'GET /mentoring/sessions/export.csv': 'mentoring.read',
        'GET /startups/:id/mentoring/sessions/new': 'mentoring.plan',
        'POST /startups/:id/mentoring/sessions': 'mentoring.plan',
        'GET /mentoring/sessions/:sid': 'mentoring.read',
        'GET /mentoring/sessions/:sid/move': 'mentoring.edit',
        'POST /mentoring/sessions/:sid/move': 'mentoring.edit',
        'POST /mentoring/sessions/:sid/cancel': 'mentoring.edit',
        'POST /mentoring/sessions/:sid/record': 'mentoring.edit',
        'POST /mentoring/sessions/:sid/notes': 'mentoring.notes.write',
        'POST /mentoring/sessions/:sid/items': 'mentoring.edit',
        'POST /mentoring/sessions/:sid/items/:iid/done': 'mentoring.actionItems',
        'POST /mentoring/sessions/:sid/feedback': 'mentoring.feedback',
        'POST /mentoring/sessions/:sid/preparation': 'mentoring.preparation',
        'GET /office-hours': 'officeHours.read',
        'POST /office-hours': 'officeHours.publish',
        'POST /office-hours/:slot/cancel': 'officeHours.publish',
        'POST /office-hours/:slot/book': 'officeHours.book',
        'GET /calendar': 'calendar.self',
        'POST /calendar': 'calendar.self',
        'POST /calendar/remove': 'calendar.self',
        'GET /calendar/:file': 'public',
      });
    });

    it('the walk names a route whose first handler is not a guard (nested routers included)', () => {
      const app = express();
      const inner = express.Router();
      inner.get('/open', (_req, res) => res.send('oops'));
      inner.post('/fine', guard('users.manage'), (_req, res) => res.send('ok'));
      inner.route('/mixed').get(guard('home'), (_req, res) => res.send('ok')).post((_req, res) => res.send('oops'));
      app.use('/nested', inner);
      app.get('/top', guard('public'), (_req, res) => res.send('ok'));
      const routes = appRoutes(app);
      expect(routes.filter((r) => !r.permission).map((r) => `${r.method} ${r.path}`)).to.have.members(['GET /nested/open', 'POST /nested/mixed']);
      expect(routes.map((r) => `${r.method} ${r.path}`)).to.have.members(['GET /nested/open', 'POST /nested/fine', 'GET /nested/mixed', 'POST /nested/mixed', 'GET /top']);
    });
  });
});

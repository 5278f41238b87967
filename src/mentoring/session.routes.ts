import { Router, type Request, type Response } from 'express';
import Joi from 'joi';
import { handleAction, handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { reach } from '../core/http/reach';
import { currentUser, param } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { startupOf } from '../startups/http';
import { sessionAccess } from './access';
import type { MentoringDeps } from './assignments';
import { calendarRoutes } from './calendar.routes';
import { exportSessions, listSessions } from './list';
import { SESSION_STATUSES } from './model';
import { officeHoursRoutes } from './office-hours.routes';
import { actionItemSchema, cancelSchema, moveSchema, notesSchema, planSchema, ratingSchema, recordSchema, sessionsQuery } from './schemas';
import { addActionItem, rateSession, saveNotes, sessionPage, setItemDone } from './session-page';
import { cancelSession, moveSession, planForm, planSession, recordSession } from './sessions';
import { sendCsv } from '../core/http/csv';
import { needsFilters } from '../startups/list';

/** A session as the request's user reaches it (404 otherwise), resolved once per request. */
export const sessionOf = reach((req) => sessionAccess(currentUser(req), param(req, 'sid')));
const doneSchema = Joi.object<{ done: boolean }>({ done: Joi.boolean().truthy('1').falsy('0').required() });
const sid = (req: Request) => param(req, 'sid');
const at = (req: Request, anchor = '') => `/mentoring/sessions/${sid(req)}${anchor}`;

/**
 * Sessions. Mounted at the root: full paths.
 *   GET  /mentoring/sessions, …/export.csv             mentoring.read  the user's sessions (managers all, mentors theirs, teams theirs)
 *   GET|POST /startups/:id/mentoring/sessions(/new)    mentoring.plan  managers any mentor coaching it, mentors themselves
 *   GET  /mentoring/sessions/:sid                      mentoring.read  (notes: mentoring.notes.read)
 *   GET|POST /mentoring/sessions/:sid/move, POST …/cancel, …/record   mentoring.edit
 *   POST …/notes (mentoring.notes.write), …/items (mentoring.edit), …/items/:iid/done (mentoring.actionItems),
 *        …/feedback (mentoring.feedback), …/preparation (mentoring.preparation)
 *   + office hours and calendar feeds.
 */
export function sessionRoutes(deps: MentoringDeps): Router {
  const router = Router();

  router.get('/mentoring/sessions', guard('mentoring.read'), async (req, res) => {
    const query = validateQuery(sessionsQuery, req.query);
    const result = await listSessions(currentUser(req), query);
    const filtered = Boolean(query.q || query.status || query.when || query.startup);
    res.render('mentoring/sessions', { title: res.locals.t('mentoring.sessions.title'), query, result, statuses: SESSION_STATUSES, filtered, showFilters: needsFilters(result.total, filtered) });
  });
  router.get('/mentoring/sessions/export.csv', guard('mentoring.read'), async (req, res) => {
    sendCsv(res, await exportSessions(currentUser(req), validateQuery(sessionsQuery, req.query), req.locale));
  });

  const planContext = async (req: Request, res: Response) => {
    const access = startupOf.of(req);
    return { title: `${res.locals.t('mentoring.plan.title')} · ${access.record.name}`, header: { id: access.id, name: access.record.name }, ...(await planForm(access)) };
  };
  router.get('/startups/:id/mentoring/sessions/new', guard('mentoring.plan'), startupOf, async (req, res) => {
    const context = await planContext(req, res);
    res.render('mentoring/plan', { ...context, values: { durationMinutes: 60, mentor: context.mentors.length === 1 ? context.mentors[0].id : '' } });
  });
  router.post(
    '/startups/:id/mentoring/sessions',
    guard('mentoring.plan'),
    startupOf,
    handleForm({
      view: 'mentoring/plan',
      once: true,
      schema: planSchema,
      context: planContext,
      handle: async (req, value) => {
        const done = await planSession(startupOf.of(req), value, deps);
        return { redirect: `/mentoring/sessions/${done.id}`, flash: { type: 'success', key: 'mentoring.plan.done', vars: { topic: value.topic } } };
      },
    }),
  );

  const pageContext = async (req: Request) => {
    const data = await sessionPage(sessionOf.of(req));
    return { title: `${data.session.topic} · ${data.session.startupName}`, ...data, values: { version: data.session.version, notes: data.notes?.text ?? '' } };
  };
  router.get('/mentoring/sessions/:sid', guard('mentoring.read'), sessionOf, async (req, res) => {
    res.render('mentoring/session', await pageContext(req));
  });

  const moveContext = async (req: Request, res: Response) => {
    const data = await sessionPage(sessionOf.of(req));
    return { title: `${res.locals.t('mentoring.move.title')} · ${data.session.topic}`, ...data, values: data.moveValues };
  };
  const editable = sessionOf.requiring((a) => a.require('mentoring.edit'));
  router.get('/mentoring/sessions/:sid/move', guard('mentoring.edit'), editable, async (req, res) => {
    res.render('mentoring/move', await moveContext(req, res));
  });
  const form = <T>(path: string, permission: Parameters<typeof guard>[0], view: string, schema: Joi.ObjectSchema<T>, context: (req: Request, res: Response) => Promise<Record<string, unknown>>, handle: (req: Request, value: T) => Promise<{ key: string; anchor?: string; vars?: Record<string, string | number> }>, once = false) =>
    router.post(
      `/mentoring/sessions/:sid/${path}`,
      guard(permission),
      sessionOf,
      handleForm({
        view,
        schema,
        context,
        once,
        refresh: (req) => sessionOf.refresh(req),
        handle: async (req, value) => {
          const done = await handle(req, value);
          return { redirect: at(req, done.anchor), flash: { type: 'success', key: done.key, vars: done.vars } };
        },
      }),
    );
  form('move', 'mentoring.edit', 'mentoring/move', moveSchema, moveContext, async (req, value) => {
    await moveSession(sessionOf.of(req), value, deps);
    return { key: 'mentoring.move.done' };
  });
  form('cancel', 'mentoring.edit', 'mentoring/move', cancelSchema, moveContext, async (req, value) => {
    await cancelSession(sessionOf.of(req), value, deps);
    return { key: 'mentoring.cancel.done' };
  });
  form('record', 'mentoring.edit', 'mentoring/session', recordSchema, pageContext, async (req, value) => {
    await recordSession(sessionOf.of(req), value, deps);
    return { key: value.outcome === 'held' ? 'mentoring.record.held' : 'mentoring.record.noShow', anchor: '#notes' };
  });
  form('notes', 'mentoring.notes.write', 'mentoring/session', notesSchema, pageContext, async (req, value) => {
    await saveNotes(sessionOf.of(req), value);
    return { key: 'mentoring.notes.saved', anchor: '#notes' };
  });
  form('items', 'mentoring.edit', 'mentoring/session', actionItemSchema, pageContext, async (req, value) => {
    await addActionItem(sessionOf.of(req), value);
    return { key: 'mentoring.items.added', anchor: '#items' };
  }, true);
  form('feedback', 'mentoring.feedback', 'mentoring/session', ratingSchema, pageContext, async (req, value) => {
    await rateSession(sessionOf.of(req), 'feedback', value);
    return { key: 'mentoring.feedback.saved', anchor: '#feedback' };
  });
  form('preparation', 'mentoring.preparation', 'mentoring/session', ratingSchema, pageContext, async (req, value) => {
    await rateSession(sessionOf.of(req), 'preparation', value);
    return { key: 'mentoring.preparation.saved', anchor: '#feedback' };
  });

  router.post(
    '/mentoring/sessions/:sid/items/:iid/done',
    guard('mentoring.actionItems'),
    sessionOf,
    handleAction({
      schema: doneSchema,
      refusedTo: (req) => at(req, '#items'),
      handle: async (req, { done }) => {
        const text = await setItemDone(sessionOf.of(req), param(req, 'iid'), done);
        const back = typeof req.body?.from === 'string' && req.body.from === 'home' ? '/' : at(req, '#items');
        return { redirect: back, flash: { type: 'success', key: done ? 'mentoring.items.done' : 'mentoring.items.reopened', vars: { text } } };
      },
    }),
  );

  router.use(officeHoursRoutes(deps));
  router.use(calendarRoutes(deps));
  return router;
}

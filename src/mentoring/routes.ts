import { Router, type NextFunction, type Request, type Response } from 'express';
import { handleAction, handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { currentUser, param } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { toCsv } from '../startups/csv';
import { sendCsv } from '../core/http/csv';
import { parisWallTime } from '../core/time';
import { startupOf } from '../startups/http';
import { assignForm, assignMentor, endAssignment, extendAssignment, findAssignment, type MentoringDeps } from './assignments';
import { listMentors, mentorPage, saveProfile } from './directory';
import { exportHours, hoursReport, monthNames } from './hours';
import { EXPERTISE, LANGUAGES } from './model';
import { assignSchema, directoryQuery, endSchema, extendSchema, hoursQuery, profileSchema } from './schemas';
import { sessionRoutes } from './session.routes';
import { mentoringTab } from './tab';
import { mentoringNav } from './nav';
import { page } from '../core/http/schemas';
import Joi from 'joi';

const tabQuery = Joi.object<{ page: number }>({ page });

/** The Paris day of an instant, as a date field takes it. */
const dayOf = (d: Date | undefined | null): string => (d ? parisWallTime(new Date(d)).day : '');

/**
 * Mentoring. Mounted at the root: full paths.
 *   GET  /mentors                                      mentoring.manage   directory: search, filters, load, rating
 *   GET  /mentors/export.csv                           mentoring.manage
 *   GET  /mentors/:mid, /mentors/:mid/edit; POST /mentors/:mid   mentoring.profile (managers any, mentors their own; 404 otherwise)
 *   GET  /startups/:id/mentoring                       mentoring.read     the tab (scoped like the startup)
 *   GET|POST /startups/:id/mentoring/assign            mentoring.manage   with suggestions
 *   GET  /startups/:id/mentoring/assignments/:aid      mentoring.manage   end or extend
 *   POST /startups/:id/mentoring/assignments/:aid/end|extend
 *   GET  /mentoring/hours, /mentoring/hours.csv        mentoring.manage
 *   + sessions, office hours and calendar feeds (session.routes.ts).
 */
export function mentoringRoutes(deps: MentoringDeps): Router {
  const router = Router();
  router.use(['/mentors', '/mentoring', '/office-hours', '/calendar'], mentoringNav);

  router.get('/mentors', guard('mentoring.manage'), async (req, res) => {
    const query = validateQuery(directoryQuery, req.query);
    const result = await listMentors(currentUser(req), query);
    res.render('mentoring/directory', { title: res.locals.t('mentoring.directory.title'), query, result, expertise: EXPERTISE, languages: LANGUAGES, filtered: Boolean(query.q || query.expertise || query.language || query.free) });
  });
  router.get('/mentors/export.csv', guard('mentoring.manage'), async (req, res) => {
    const query = validateQuery(directoryQuery, req.query);
    const { all } = await listMentors(currentUser(req), query);
    const t = res.locals.t as (key: string) => string;
    const header = ['name', 'email', 'expertise', 'languages', 'capacityStartups', 'startups', 'capacityHours', 'quarterHours', 'rating', 'ratings'].map((c) => t(`mentoring.directory.csv.${c}`));
    // Decimals as the user's spreadsheet reads them (a comma in French).
    const num = (n: number | null) => (n === null ? '' : req.locale === 'fr' ? String(n).replace('.', ',') : String(n));
    const rows = all.map((m) => [m.name, m.email, m.expertise.map((e) => t(`mentoring.expertise.${e}`)).join(', '), m.languages.map((l) => t(`mentoring.languages.${l}`)).join(', '), m.capacityStartups, m.load.startups, m.capacityHours, num(m.load.quarterHours), num(m.load.rating), m.load.ratings]);
    sendCsv(res, { fileName: `${t('mentoring.directory.csv.fileName')}-${dayOf(new Date())}.csv`, body: toCsv(header, rows) });
  });

  router.get('/mentors/:mid', guard('mentoring.profile'), async (req, res) => {
    const data = await mentorPage(currentUser(req), param(req, 'mid'));
    res.render('mentoring/mentor', { title: data.mentor.name, ...data });
  });
  const profileContext = async (req: Request, res: Response) => {
    const data = await mentorPage(currentUser(req), param(req, 'mid'));
    return { title: `${res.locals.t('mentoring.profile.edit')} · ${data.mentor.name}`, ...data, expertise: EXPERTISE, languages: LANGUAGES, values: data.profile };
  };
  router.get('/mentors/:mid/edit', guard('mentoring.profile'), async (req, res) => {
    res.render('mentoring/profile-form', await profileContext(req, res));
  });
  router.post(
    '/mentors/:mid',
    guard('mentoring.profile'),
    async (req, _res, next) => {
      await mentorPage(currentUser(req), param(req, 'mid')); // 404 before reading the form
      next();
    },
    handleForm({
      view: 'mentoring/profile-form',
      schema: profileSchema,
      context: profileContext,
      handle: async (req, value) => {
        await saveProfile(currentUser(req), param(req, 'mid'), value);
        return { redirect: `/mentors/${param(req, 'mid')}`, flash: { type: 'success', key: 'mentoring.profile.saved' } };
      },
    }),
  );

  router.get('/startups/:id/mentoring', guard('mentoring.read'), startupOf, async (req, res) => {
    const { page: p } = validateQuery(tabQuery, req.query);
    const data = await mentoringTab(startupOf.of(req), p);
    res.render('mentoring/tab', { title: `${data.header.name} · ${res.locals.t('mentoring.title')}`, tab: 'mentoring', ...data });
  });

  const assignContext = async (req: Request, res: Response) => {
    const access = startupOf.of(req);
    const data = await assignForm(access);
    return { title: `${res.locals.t('mentoring.assign.title')} · ${access.record.name}`, header: { id: access.id, name: access.record.name }, ...data };
  };
  router.get('/startups/:id/mentoring/assign', guard('mentoring.manage'), startupOf, async (req, res) => {
    const context = await assignContext(req, res);
    const picked = typeof req.query.mentor === 'string' ? req.query.mentor : '';
    res.render('mentoring/assign', { ...context, values: { mentor: picked, from: dayOf(new Date()) } });
  });
  router.post(
    '/startups/:id/mentoring/assign',
    guard('mentoring.manage'),
    startupOf,
    handleForm({
      view: 'mentoring/assign',
      schema: assignSchema,
      context: assignContext,
      handle: async (req, value) => {
        const done = await assignMentor(startupOf.of(req), value, deps);
        return { redirect: `/startups/${startupOf.of(req).id}/mentoring`, flash: { type: 'success', key: 'mentoring.assign.done', vars: { name: done.mentorName } } };
      },
    }),
  );

  const aid = (req: Request) => param(req, 'aid');
  const assignmentContext = async (req: Request, res: Response) => {
    const access = startupOf.of(req);
    const a = await findAssignment(access, aid(req));
    return {
      title: `${res.locals.t('mentoring.assignment.title')} · ${a.mentorName}`,
      header: { id: access.id, name: access.record.name },
      assignment: { id: String(a._id), mentorName: a.mentorName, from: a.from, to: a.to, note: a.note, ended: Boolean(a.to && a.to.getTime() < Date.now()), assignedByName: a.assignedByName, endedByName: a.endedByName },
      values: { version: a.__v ?? 0, to: dayOf(a.to), note: a.note },
    };
  };
  router.get('/startups/:id/mentoring/assignments/:aid', guard('mentoring.manage'), startupOf, async (req, res) => {
    res.render('mentoring/assignment', await assignmentContext(req, res));
  });
  const found = async (req: Request, _res: Response, next: NextFunction) => {
    await findAssignment(startupOf.of(req), aid(req)); // 404 before reading the form
    next();
  };
  router.post(
    '/startups/:id/mentoring/assignments/:aid/extend',
    guard('mentoring.manage'),
    startupOf,
    found,
    handleForm({
      view: 'mentoring/assignment',
      schema: extendSchema,
      context: assignmentContext,
      handle: async (req, value) => {
        const name = await extendAssignment(startupOf.of(req), aid(req), value);
        return { redirect: `/startups/${startupOf.of(req).id}/mentoring`, flash: { type: 'success', key: 'mentoring.assignment.extended', vars: { name } } };
      },
    }),
  );
  router.post(
    '/startups/:id/mentoring/assignments/:aid/end',
    guard('mentoring.manage'),
    startupOf,
    found,
    handleAction({
      schema: endSchema,
      invalidKey: 'errors.staleEdit',
      refusedTo: (req) => `/startups/${startupOf.of(req).id}/mentoring/assignments/${aid(req)}`,
      handle: async (req, value) => {
        const name = await endAssignment(startupOf.of(req), aid(req), value);
        return { redirect: `/startups/${startupOf.of(req).id}/mentoring`, flash: { type: 'success', key: 'mentoring.assignment.ended', vars: { name } } };
      },
    }),
  );

  router.get('/mentoring/hours', guard('mentoring.manage'), async (req, res) => {
    const query = validateQuery(hoursQuery, req.query);
    const result = await hoursReport(currentUser(req), query);
    const months = monthNames(req.locale, query.year);
    const thisYear = new Date().getFullYear();
    res.render('mentoring/hours', { title: res.locals.t('mentoring.hours.title'), query, result, months, years: Array.from({ length: 6 }, (_, i) => thisYear - i) });
  });
  router.get('/mentoring/hours.csv', guard('mentoring.manage'), async (req, res) => {
    sendCsv(res, await exportHours(currentUser(req), validateQuery(hoursQuery, req.query), req.locale));
  });

  router.use(sessionRoutes(deps));
  return router;
}

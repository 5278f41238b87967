import { Router, type Request, type Response } from 'express';
import Joi from 'joi';
import { handleAction, handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { currentUser, param } from '../core/http/request';
import { page } from '../core/http/schemas';
import { validateQuery } from '../core/http/validate';
import type { MentoringDeps } from './assignments';
import { bookSlot, cancelSlot, officeHoursPage, publishSlots } from './office-hours';
import { bookSchema, slotSchema } from './schemas';

const listQuery = Joi.object<{ page: number }>({ page });
const nothing = Joi.object({});

/**
 * Office hours. Mounted at the root.
 *   GET  /office-hours                 officeHours.read     mentors: their slots and the publish form; founders: the slots they may book
 *   POST /office-hours                 officeHours.publish  one slot, or weekly for N weeks
 *   POST /office-hours/:slot/cancel    officeHours.publish  an open slot of their own
 *   POST /office-hours/:slot/book      officeHours.book     a founder, for a startup the slot's mentor coaches
 */
export function officeHoursRoutes(deps: MentoringDeps): Router {
  const router = Router();
  const context = async (req: Request, res: Response) => {
    const { page: p } = validateQuery(listQuery, req.query);
    const result = await officeHoursPage(currentUser(req), p);
    // After a refused booking: which slot's form shows the message and the typed values.
    const bookingSlot = req.method === 'POST' && req.path.endsWith('/book') ? param(req, 'slot') : '';
    return { title: res.locals.t('mentoring.officeHours.title'), result, query: { page: p }, bookingSlot };
  };
  router.get('/office-hours', guard('officeHours.read'), async (req, res) => {
    res.render('mentoring/office-hours', { ...(await context(req, res)), values: { durationMinutes: 30, repeatWeeks: 1 } });
  });
  router.post(
    '/office-hours',
    guard('officeHours.publish'),
    handleForm({
      view: 'mentoring/office-hours',
      once: true,
      schema: slotSchema,
      context,
      handle: async (req, value) => {
        const count = await publishSlots(currentUser(req), value);
        return { redirect: '/office-hours', flash: { type: 'success', key: 'mentoring.officeHours.published', vars: { count } } };
      },
    }),
  );
  router.post(
    '/office-hours/:slot/cancel',
    guard('officeHours.publish'),
    handleAction({
      schema: nothing,
      refusedTo: () => '/office-hours',
      handle: async (req) => {
        await cancelSlot(currentUser(req), param(req, 'slot'));
        return { redirect: '/office-hours', flash: { type: 'success', key: 'mentoring.officeHours.cancelled' } };
      },
    }),
  );
  router.post(
    '/office-hours/:slot/book',
    guard('officeHours.book'),
    handleForm({
      view: 'mentoring/office-hours',
      schema: bookSchema,
      context,
      handle: async (req, value) => {
        const done = await bookSlot(currentUser(req), param(req, 'slot'), value, deps);
        return { redirect: `/mentoring/sessions/${done.sessionId}`, flash: { type: 'success', key: 'mentoring.officeHours.bookedDone', vars: { name: done.mentorName } } };
      },
    }),
  );
  return router;
}

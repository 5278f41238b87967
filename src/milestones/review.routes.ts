import { Router, type Request, type Response } from 'express';
import { handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { currentUser, param } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { MILESTONE_DIMENSIONS } from './model';
import { reviewQuery, toTrackInput, trackSchema } from './schemas';
import { reviewQueue } from './review';
import { overdueMilestones } from './home';
import { page as pageField } from '../core/http/schemas';
import Joi from 'joi';
import { createTrack, getTrack, listTracks, rowsOfBody, trackFormValues, updateTrack } from './tracks';

/**
 *   GET  /milestones/review                 milestones.review  queue of submitted milestones (filters: cohort, dimension)
 *   GET  /milestones/overdue                milestones.review  every overdue milestone (the founders' turn, past due)
 *   GET  /milestones/tracks                 milestones.tracks  list
 *   GET  /milestones/tracks/new             milestones.tracks
 *   POST /milestones/tracks                 milestones.tracks
 *   GET  /milestones/tracks/:trackId/edit   milestones.tracks
 *   POST /milestones/tracks/:trackId        milestones.tracks
 */
export function reviewRoutes(): Router {
  const router = Router();

  router.get('/milestones/review', guard('milestones.review'), async (req, res) => {
    const query = validateQuery(reviewQuery, req.query);
    const data = await reviewQueue(currentUser(req), query);
    res.render('milestones/review', { title: res.locals.t('milestones.review.title'), ...data, query, dimensions: MILESTONE_DIMENSIONS });
  });

  router.get('/milestones/overdue', guard('milestones.review'), async (req, res) => {
    const query = validateQuery(Joi.object<{ page: number }>({ page: pageField }), req.query);
    res.render('milestones/overdue', { title: res.locals.t('milestones.home.overdue'), query, result: await overdueMilestones(currentUser(req), query.page) });
  });

  router.get('/milestones/tracks', guard('milestones.tracks'), async (req, res) => {
    res.render('milestones/tracks', { title: res.locals.t('milestones.tracks.title'), tracks: await listTracks(currentUser(req)) });
  });

  const formContext = (isNew: boolean) => async (req: Request, res: Response) => ({
    title: res.locals.t(isNew ? 'milestones.tracks.new' : 'milestones.tracks.edit'),
    dimensions: MILESTONE_DIMENSIONS,
    isNew,
    action: isNew ? '/milestones/tracks' : `/milestones/tracks/${param(req, 'trackId')}`,
    rows: rowsOfBody(req.body ?? {}),
    ...(isNew ? {} : { track: await getTrack(currentUser(req), param(req, 'trackId')).then((t) => ({ id: String(t._id) })) }),
  });

  router.get('/milestones/tracks/new', guard('milestones.tracks'), async (req, res) => {
    const { values, rows } = trackFormValues();
    res.render('milestones/track-form', { ...(await formContext(true)(req, res)), values, rows });
  });
  router.post(
    '/milestones/tracks',
    guard('milestones.tracks'),
    handleForm({
      view: 'milestones/track-form',
      once: true,
      schema: trackSchema,
      context: formContext(true),
      handle: async (req, value) => {
        const input = toTrackInput(value);
        await createTrack(currentUser(req), input);
        return { redirect: '/milestones/tracks', flash: { type: 'success', key: 'milestones.tracks.created', vars: { name: input.nameFr } } };
      },
    }),
  );

  const editContext = async (req: Request, res: Response) => {
    const track = await getTrack(currentUser(req), param(req, 'trackId'));
    const { values, rows } = trackFormValues(track);
    return { ...(await formContext(false)(req, res)), values, rows };
  };
  router.get('/milestones/tracks/:trackId/edit', guard('milestones.tracks'), async (req, res) => {
    res.render('milestones/track-form', await editContext(req, res));
  });
  router.post(
    '/milestones/tracks/:trackId',
    guard('milestones.tracks'),
    handleForm({
      view: 'milestones/track-form',
      schema: trackSchema,
      context: editContext,
      handle: async (req, value) => {
        const input = toTrackInput(value);
        await updateTrack(currentUser(req), param(req, 'trackId'), input);
        return { redirect: '/milestones/tracks', flash: { type: 'success', key: 'milestones.tracks.updated', vars: { name: input.nameFr } } };
      },
    }),
  );
  return router;
}

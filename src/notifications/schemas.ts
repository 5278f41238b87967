import Joi from 'joi';
import { page } from '../core/http/schemas';

/** The list's query string: which notifications, which page. */
export const listNotificationsQuery = Joi.object<ListNotificationsQuery>({
  filter: Joi.string().valid('all', 'unread').default('all'),
  page,
});
export type ListNotificationsQuery = { filter: 'all' | 'unread'; page: number };

/** Buttons of the list carry the list's state so the user comes back to the same view. */
export const returnState = listNotificationsQuery;

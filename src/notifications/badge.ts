import type { Request, Response } from 'express';
import { countUnread } from './service';

type Render = Response['render'];

/**
 * The bell's unread count, in `res.locals.unreadNotifications` for signed-in users.
 * Counted only when a page is actually rendered (not for redirects or downloads), and not on error
 * pages of 500 and more (the database may be the reason; the page must not wait for it).
 */
export function countUnreadOnRender(req: Request, res: Response): void {
  const userId = req.user?.id;
  if (!userId) return;
  const render = res.render.bind(res) as (...args: unknown[]) => void;
  res.render = ((...args: unknown[]) => {
    if (res.statusCode >= 500) return render(...args);
    const done = (): void => {
      try {
        render(...args);
      } catch (err) {
        req.next?.(err);
      }
    };
    void countUnread(userId).then(
      (count) => {
        res.locals.unreadNotifications = count;
      },
      () => undefined,
    ).finally(done);
  }) as Render;
}

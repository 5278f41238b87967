import { Router } from 'express';
import { guard } from '../core/http/guard';
import type { SessionUser } from '../users/model';
import { homeData } from './service';

export function homeRoutes(): Router {
  const router = Router();
  router.get('/', guard('home'), async (req, res) => {
    const user = req.user as SessionUser;
    res.render(`home/${user.role}`, { title: res.locals.t('home.title'), ...(await homeData(user)) });
  });
  return router;
}

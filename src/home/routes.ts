import { Router } from 'express';
import { guard } from '../core/http/guard';
import { currentUser } from '../core/http/request';
import { homeData } from './service';

export function homeRoutes(): Router {
  const router = Router();
  router.get('/', guard('home'), async (req, res) => {
    const user = currentUser(req);
    // One layout per role (views/home/<role>.hbs) over the sections the policy gives that role.
    res.render(`home/${user.role}`, { title: res.locals.t('home.title'), ...(await homeData(user)) });
  });
  return router;
}

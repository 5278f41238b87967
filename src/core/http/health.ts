import { Router } from 'express';
import mongoose from 'mongoose';
import { guard } from './guard';

/** /healthz answers 200 only while the database answers and the process is not shutting down. */
export function healthRoutes(state: { shuttingDown: boolean }): Router {
  const router = Router();
  router.get('/healthz', guard('public'), async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (state.shuttingDown) {
      res.status(503).json({ status: 'shutting-down' });
      return;
    }
    try {
      const db = mongoose.connection.db;
      if (!db || mongoose.connection.readyState !== 1) throw new Error('not connected');
      await Promise.race([
        db.command({ ping: 1 }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 3000).unref()),
      ]);
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database-unavailable' });
    }
  });
  return router;
}

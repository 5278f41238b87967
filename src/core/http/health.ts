import { Router } from 'express';
import mongoose from 'mongoose';
import type { DatabaseState } from '../db/supervisor';
import { guard } from './guard';

export interface HealthState {
  shuttingDown: boolean;
  /** The embedded server's state as its supervisor sees it ('running' when there is none to supervise). */
  database: DatabaseState;
}

/** A ping bounded in time; while the driver sees no server, a short one (it also makes the driver look again). */
async function ping(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const connected = mongoose.connection.readyState === mongoose.ConnectionStates.connected;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timeout')), connected ? 3000 : 1000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /healthz answers 200 only while the database answers and the process is not shutting down; 503 at once
 * while the supervisor is starting the embedded server again.
 */
export function healthRoutes(state: HealthState): Router {
  const router = Router();
  router.get('/healthz', guard('public'), async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (state.shuttingDown) {
      res.status(503).json({ status: 'shutting-down' });
      return;
    }
    if (state.database !== 'running') {
      res.status(503).json({ status: `database-${state.database}` });
      return;
    }
    try {
      await ping();
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database-unavailable' });
    }
  });
  return router;
}

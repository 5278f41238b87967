import type { JavaServerExit } from './embedded/server';
import { describeExit, errorMessage, tail } from './proc';
import type { DatabaseServer } from './resolve';

/**
 * Keeps the embedded database server that the app started running: when its process ends by itself
 * (killed for memory, crashed), it is started again on the same data and port, after 1 s, 2 s, 4 s…
 * (at most 30 s) while the failures pile up. Too many failures within a window (a server that cannot
 * live) and the supervisor gives up: the app then exits, so that its own process manager takes over.
 * An external server (MONGODB_URI) or a server shared with another running app is not supervised.
 */

export type DatabaseState = 'running' | 'restarting' | 'failed' | 'stopped';

/** The structured logger the supervisor writes to (pino's shape). */
export interface SupervisorLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

export interface SupervisorOptions {
  log: SupervisorLog;
  /** How many failures (unexpected exits, failed starts) the window may hold before giving up (default 5). */
  maxRestarts?: number;
  /** The window in which failures count, in ms (default 2 minutes). */
  windowMs?: number;
  /** Delay before the restart that follows the n-th failure of the window (default 1 s × 2^(n−1), at most 30 s). */
  backoffMs?: (failures: number) => number;
  /** Told each change of state. */
  onState?: (state: DatabaseState) => void;
  /** Called once when the supervisor gives up (the app logs the fatal line, with these fields, and exits). */
  onGiveUp: (reason: string, fields: Record<string, unknown>) => void;
}

export interface Supervisor {
  state(): DatabaseState;
  /** Stops supervising (shutdown): no restart after this, and a restart under way is waited for. */
  stop(): Promise<void>;
}

export const DEFAULT_MAX_RESTARTS = 5;
export const DEFAULT_WINDOW_MS = 120_000;
const MAX_BACKOFF_MS = 30_000;
/** How long a shutdown waits for a restart under way. */
const STOP_WAIT_MS = 5_000;

export function defaultBackoff(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
}

/** A server without a process of its own to restart is left alone: the driver waits for it to come back. */
export function isSupervisable(server: DatabaseServer): boolean {
  return server.process !== undefined && server.restart !== undefined;
}

export function superviseDatabase(server: DatabaseServer, opts: SupervisorOptions): Supervisor {
  const maxRestarts = opts.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const backoff = opts.backoffMs ?? defaultBackoff;
  const restart = server.restart?.bind(server);
  let state: DatabaseState = 'running';
  let failures: number[] = [];
  let downSince = 0;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> | undefined;

  const setState = (next: DatabaseState): void => {
    if (state === next) return;
    state = next;
    opts.onState?.(next);
  };

  const failed = (fields: Record<string, unknown>, what: string): void => {
    if (state === 'stopped' || state === 'failed') return;
    const now = Date.now();
    if (state === 'running') downSince = now;
    failures = [...failures.filter((at) => now - at < windowMs), now];
    if (failures.length > maxRestarts) {
      setState('failed');
      const reason = `mongo-java-server ${what}: ${failures.length} failures within ${Math.round(windowMs / 1000)} s, more than the ${maxRestarts} restarts allowed`;
      opts.onGiveUp(reason, { ...fields, event: 'database-gave-up', failures: failures.length });
      return;
    }
    setState('restarting');
    const delay = backoff(failures.length);
    opts.log.warn(
      { ...fields, event: 'database-down', failures: failures.length, restartInMs: delay },
      `database: mongo-java-server ${what}; starting it again in ${delay / 1000} s (failure ${failures.length}, at most ${maxRestarts} restarts within ${Math.round(windowMs / 1000)} s)`,
    );
    timer = setTimeout(() => {
      timer = undefined;
      attempt = startAgain().finally(() => (attempt = undefined));
    }, delay);
  };

  const watch = (): void => {
    const current = server.process;
    // The promise, not the event: an exit that came before this line is not missed.
    void current?.exited.then((exit: JavaServerExit) => {
      if (exit.expected || server.process?.child !== current.child) return;
      failed(
        { code: exit.code, signal: exit.signal, pid: current.pid, output: tail(exit.output, 3) || undefined },
        `exited unexpectedly (${describeExit(exit)}, pid ${String(current.pid)})`,
      );
    });
  };

  const startAgain = async (): Promise<void> => {
    if (state !== 'restarting' || restart === undefined) return;
    try {
      await restart();
    } catch (err) {
      failed({ error: errorMessage(err) }, `could not be started again (${tail(errorMessage(err), 1)})`);
      return;
    }
    if (state !== 'restarting') return;
    watch();
    const downMs = Date.now() - downSince;
    opts.log.info(
      { event: 'database-restarted', pid: server.process?.pid, downMs },
      `database: mongo-java-server started again (pid ${String(server.process?.pid)}) on the same data, ${(downMs / 1000).toFixed(1)} s after it went down`,
    );
    setState('running');
  };

  if (isSupervisable(server)) watch();

  return {
    state: () => state,
    stop: async () => {
      setState('stopped');
      clearTimeout(timer);
      // A start under way is given a little time; a process it leaves behind ends with the app (its stdin closes).
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([attempt, new Promise((resolve) => (bound = setTimeout(resolve, STOP_WAIT_MS)))]);
      clearTimeout(bound);
    },
  };
}

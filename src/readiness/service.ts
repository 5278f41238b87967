import type { SessionUser } from '../users/model';

/**
 * Latest readiness level per axis key of a startup (from managers' and mentors' assessments),
 * or null when it was never assessed. Used by the stage gates.
 * STUB: the readiness feature implements it, keeping this signature.
 */
export async function latestScores(_startupId: string): Promise<Record<string, number> | null> {
  return null;
}

/** What views/partials/readiness-radar.hbs shows on the startup overview. STUB, same remark. */
export async function readinessSummary(_user: SessionUser, _startupId: string): Promise<Record<string, unknown>> {
  return {};
}

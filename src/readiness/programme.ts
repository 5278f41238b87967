import { Programme } from '../programmes/model';
import { axesOf, type AxisDefinition } from './axes';

/**
 * The programme a startup follows (its own, else the first programme: the app runs one programme)
 * and its readiness axes.
 */
export async function programmeFor(startup: { programme?: unknown } | null) {
  if (startup?.programme) {
    const own = await Programme.findOne({ _id: startup.programme }).lean();
    if (own) return own;
  }
  return Programme.findOne({}).sort({ createdAt: 1, _id: 1 }).lean();
}

export async function axesFor(startup: { programme?: unknown } | null): Promise<AxisDefinition[]> {
  return axesOf(await programmeFor(startup));
}

/** Label of an axis key for display; an axis no longer in the programme shows its key. */
export function labelOf(axes: AxisDefinition[], key: string): { fr: string; en: string } {
  return axes.find((a) => a.key === key)?.label ?? { fr: key, en: key };
}

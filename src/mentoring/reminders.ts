import mongoose from 'mongoose';
import { parisWallTime } from '../core/time';
import { notify } from '../notifications/service';
import { Startup } from '../startups/model';
import type { MentoringDeps } from './assignments';
import { addDays, dayEnd, dayStart } from './days';
import { ActionItem } from './model';
import { teamOf } from '../users/team';

/**
 * Tells the owners of the open action items due tomorrow (Paris day): the startup's team, or the
 * mentor. Each item once: it is marked before its owners are told, by a conditional update that
 * only one instance wins. Returns how many items were reminded (a housekeeping chore).
 */
export async function remindActionItemsDue(deps: Partial<MentoringDeps> = {}, now = new Date()): Promise<number> {
  const tomorrow = parisWallTime(addDays(dayStart(parisWallTime(now).day), 1.1)).day;
  const due = await ActionItem.find({ done: false, remindedAt: null, due: mongoose.trusted({ $gte: dayStart(tomorrow), $lte: dayEnd(tomorrow) }) }).lean();
  let reminded = 0;
  for (const item of due) {
    const won = await ActionItem.updateOne({ _id: item._id, remindedAt: null, done: false }, { $set: { remindedAt: now } });
    if (won.modifiedCount !== 1) continue;
    const startup = await Startup.findOne({ _id: item.startup }, { name: 1 }).lean();
    const to = item.owner === 'coach' ? [String(item.mentor)] : await teamOf(String(item.startup));
    await notify({ to, kind: 'mentoring.actionItemDue', params: { item: item.text, startup: startup?.name ?? '' }, link: `/mentoring/sessions/${String(item.session)}#items` }, deps.mailer, deps.baseUrl ?? '');
    reminded += 1;
  }
  return reminded;
}

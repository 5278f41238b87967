import mongoose from 'mongoose';
import type { Mailer } from '../core/mail';
import { notify } from '../notifications/service';
import { Startup } from '../startups/model';
import { teamOf, usersWho } from '../users/team';
import { addDays, dayWords, today } from './days';
import { HostingAllocation, Requirement, RequirementRecord, Site, Space } from './model';
import { EXPIRY_NOTICE_DAYS } from './tab';

/** How far ahead an agreement's end is announced to the startup and the managers. */
export const ENDING_NOTICE_DAYS = 30;

/**
 * Tells the startup's team and the managers of agreements ending within 30 days, and of requirements
 * expiring within 60 days (unless renewed since). Each once: marked by a conditional update only one
 * instance wins, before anyone is told; an agreement whose end moves is announced again. Returns how
 * many were announced (a housekeeping chore).
 */
export async function remindHosting(deps: { mailer?: Mailer; baseUrl?: string } = {}, now = new Date()): Promise<number> {
  const day = today(now);
  const managers = await usersWho('hosting.manage');
  let told = 0;
  const ending = await HostingAllocation.find({ to: mongoose.trusted({ $gte: day, $lte: addDays(day, ENDING_NOTICE_DAYS) }) }).lean();
  for (const a of ending) {
    if (a.endingToldFor === a.to) continue;
    const won = await HostingAllocation.updateOne({ _id: a._id, to: a.to, endingToldFor: mongoose.trusted({ $ne: a.to }) }, { $set: { endingToldFor: a.to } });
    if (won.modifiedCount !== 1) continue;
    const [startup, space, site] = await Promise.all([Startup.findOne({ _id: a.startup }, { name: 1 }).lean(), Space.findOne({ _id: a.space }, { name: 1 }).lean(), Site.findOne({ _id: a.site }, { name: 1 }).lean()]);
    const to = [...new Set([...(await teamOf(String(a.startup))), ...managers])];
    await notify({ to, kind: 'hosting.ending', params: { startup: startup?.name ?? '', to: dayWords(a.to), space: space?.name ?? '', site: site?.name ?? '' }, link: `/startups/${String(a.startup)}/hosting` }, deps.mailer, deps.baseUrl ?? '');
    told += 1;
  }
  const records = await RequirementRecord.find({}).lean();
  const horizon = addDays(day, EXPIRY_NOTICE_DAYS);
  for (const r of records) {
    if (r.remindedAt || r.validUntil < day || r.validUntil > horizon) continue;
    // Renewed: a later record of the same requirement runs past this one.
    if (records.some((x) => String(x.startup) === String(r.startup) && String(x.requirement) === String(r.requirement) && x.validUntil > r.validUntil)) continue;
    const won = await RequirementRecord.updateOne({ _id: r._id, remindedAt: null }, { $set: { remindedAt: now } });
    if (won.modifiedCount !== 1) continue;
    const [startup, requirement] = await Promise.all([Startup.findOne({ _id: r.startup }, { name: 1 }).lean(), Requirement.findOne({ _id: r.requirement }, { name: 1 }).lean()]);
    const to = [...new Set([...(await teamOf(String(r.startup))), ...managers])];
    await notify({ to, kind: 'hosting.requirementExpiring', params: { startup: startup?.name ?? '', requirement: requirement?.name ?? '', day: dayWords(r.validUntil) }, link: `/startups/${String(r.startup)}/hosting` }, deps.mailer, deps.baseUrl ?? '');
    told += 1;
  }
  return told;
}

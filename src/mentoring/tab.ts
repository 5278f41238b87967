import mongoose from 'mongoose';
import type { StartupAccess } from '../startups/access';
import { MentorAssignment } from '../startups/assignment.model';
import { startupHeader } from '../startups/header';
import { User } from '../users/model';
import { startupHours } from './hours';
import { listSessions } from './list';
import { ActionItem } from './model';

/**
 * A startup's mentoring tab: its mentors (now and before; managers end or extend), its sessions
 * (upcoming first, then past; paged), the hours held, and the action items still open.
 */
export async function mentoringTab(access: StartupAccess, page: number) {
  access.require('mentoring.read');
  const startup = access.record._id;
  const manages = access.can('mentoring.manage');
  const [header, assignments, sessions, hours, items] = await Promise.all([
    startupHeader(access),
    MentorAssignment.find({ startup }).lean(),
    // All of the startup's sessions: whoever reaches its tab may read them (a mentor's colleague's too).
    listSessions(access.user, { q: '', status: '', when: '', startup: '', page }, { startup: startup }),
    startupHours(access.id),
    ActionItem.find({ startup, done: false }).lean(),
  ]);
  const mentorIds = [...new Set(assignments.map((a) => String(a.mentor)))];
  const mentors = mentorIds.length ? await User.find({ _id: mongoose.trusted({ $in: mentorIds.map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean() : [];
  const names = new Map(mentors.map((m) => [String(m._id), m.name]));
  const now = Date.now();
  const rows = assignments
    .map((a) => {
      const ended = Boolean(a.to && a.to.getTime() < now);
      return {
        id: String(a._id),
        mentorId: String(a.mentor),
        mentorName: names.get(String(a.mentor)) ?? '',
        from: a.from,
        to: a.to ?? undefined,
        note: a.note ?? '',
        assignedByName: a.assignedByName ?? '',
        endedByName: a.endedByName ?? '',
        state: ended ? 'ended' : a.from.getTime() > now ? 'future' : 'current',
        version: a.__v ?? 0,
        canChange: manages && !ended,
      };
    })
    .sort((a, b) => Number(a.state === 'ended') - Number(b.state === 'ended') || b.from.getTime() - a.from.getTime());
  return {
    header,
    startupId: access.id,
    assignments: rows,
    sessions,
    query: { page },
    hours,
    items: items
      .sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity))
      .map((i) => ({ id: String(i._id), sessionId: String(i.session), text: i.text, owner: i.owner, due: i.due, overdue: Boolean(i.due && i.due.getTime() < now) })),
    can: { assign: manages, plan: access.can('mentoring.plan') },
  };
}

import { expect } from 'chai';
import type { Types } from 'mongoose';
import { addDays, today } from '../../src/hosting/days';
import { housekeeping } from '../../src/housekeeping';
import { Notification } from '../../src/notifications/model';
import { remindOverdue } from '../../src/referrals/reminders';
import { isOverdue } from '../../src/referrals/service';
import { referralView } from '../../src/referrals/view';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { asUser } from './referrals.helpers';

const told = (user: Types.ObjectId) => Notification.countDocuments({ user, kind: 'referral.overdue' });

/** A referral left unanswered after its deadline shows as overdue and is announced once to the managers and the partner. */
describe('referrals: deadlines and the overdue reminder', () => {
  it('past the deadline without an answer: overdue, one reminder to managers and the organisation (two instances at once), none to founders', async () => {
    const org = await makePartnerOrganisation({ name: 'CHU Horizon' });
    const otherOrg = await makePartnerOrganisation({ name: 'Bioprod Sud' });
    const s = await makeStartup({ name: 'Derma Scan' });
    const [manager, partner, outsider, founder] = await Promise.all([
      makeUser({ role: 'manager' }),
      makeUser({ role: 'partner', organisation: org._id }),
      makeUser({ role: 'partner', organisation: otherOrg._id }),
      makeUser({ role: 'founder', startups: [s._id] }),
    ]);
    const late = await makeReferral(s._id, org._id, { status: 'viewed', respondBy: addDays(today(), -1) });
    // Due today: not late yet. Answered, or a draft: never late.
    await makeReferral(s._id, org._id, { respondBy: today() });
    await makeReferral(s._id, org._id, { status: 'accepted', respondBy: addDays(today(), -5) });
    await makeReferral(s._id, org._id, { status: 'draft', respondBy: addDays(today(), -5) });
    expect(isOverdue(late)).to.equal(true);
    expect((await referralView(await asUser(partner, late._id))).overdue).to.equal(true);
    const runs = await Promise.all([remindOverdue(), remindOverdue()]);
    expect(runs[0] + runs[1]).to.equal(1);
    expect(await told(manager._id)).to.equal(1);
    expect(await told(partner._id)).to.equal(1);
    expect(await told(outsider._id)).to.equal(0);
    expect(await told(founder._id)).to.equal(0);
    expect(await remindOverdue()).to.equal(0);
  });

  it('the reminder is one of the housekeeping chores', () => {
    expect(housekeeping().map(([name]) => name)).to.include('remind the referrals past their deadline without an answer');
  });
});

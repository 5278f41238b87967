import type { Strings } from '../core/i18n/define';
import type { fr } from './texts-fr';

/** English texts of the hosting feature: the same keys as texts-fr.ts. */
export const en: Strings<typeof fr> = {
  title: 'Hosting',
  kinds: { desk: 'Open-space desk', office: 'Private office', lab_l1: 'Lab bench L1', lab_l2: 'Lab bench L2', cold_room: 'Cold room / storage', meeting_room: 'Meeting room' },
  statuses: { pending: 'Pending', proposed: 'Another space proposed', approved: 'Approved', rejected: 'Rejected', declined: 'Proposal declined', withdrawn: 'Withdrawn' },
  allocationStatuses: { approved: 'Upcoming', active: 'Active', ended: 'Ended' },
  errors: {
    full: 'Not enough seats on {day}: {free} free that day.',
    aboveCapacity: 'This space holds at most {capacity} seat(s).',
    requirementMissing: 'Requirement not met: “{name}”.',
    requirementExpires: '“{name}” expires on {day}, before the end of the period.',
    unknownSpace: 'Choose a space from the list.',
    endBeforeStart: 'The end date must be on or after the start date.',
    startInPast: 'The start date cannot be in the past.',
    notOpenYet: 'This space opens on {day}.',
    alreadyDecided: 'This request has already been answered: the page shows where it stands now.',
    alreadyEnded: 'This hosting has ended: it can no longer be changed.',
    reasonRequired: 'Give a reason.',
    endTooEarly: 'The new end cannot come before {day}.',
  },
};

import { expect } from 'chai';
import { ROLES, decide, can, rolesFor, type Action, type Relation, type Role } from '../../src/core/policy';

/**
 * DESIGN.md section 3, row by row, as the policy must answer it. Each cell lists the relations
 * under which the role may act ('any': whatever the record, or there is none; []: never).
 * "own" = a founder's startup, "assigned" = a startup the mentor coaches today, "addressed" = a
 * referral to the partner's organisation (on a startup or a document: through a live one).
 */
type Cell = 'any' | Relation[];
const ROWS: { row: string; action: Action; cells: Record<Role, Cell> }[] = [
  { row: 'list / read startups', action: 'startups.read', cells: { manager: ['all'], founder: ['own'], mentor: ['assigned'], partner: [], observer: [] } },
  { row: 'create startups', action: 'startups.create', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'edit startup profile: descriptive fields', action: 'startups.edit', cells: { manager: ['all'], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'edit startup profile: status, cohort (never a founder)', action: 'startups.editProgrammeFields', cells: { manager: ['all'], founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'move stage', action: 'startups.moveStage', cells: { manager: ['all'], founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'readiness assessment', action: 'readiness.assess', cells: { manager: ['all'], founder: [], mentor: ['assigned'], partner: [], observer: [] } },
  { row: 'dossier documents: upload', action: 'documents.upload', cells: { manager: ['all'], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'dossier documents: download', action: 'documents.read', cells: { manager: ['all'], founder: ['own'], mentor: ['assigned'], partner: [], observer: [] } },
  { row: 'dossier documents: download, confidential', action: 'documents.readConfidential', cells: { manager: ['all'], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'milestones: create/plan', action: 'milestones.plan', cells: { manager: ['all'], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'milestones: edit after planning', action: 'milestones.edit', cells: { manager: ['all'], founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'milestones: submit evidence', action: 'milestones.submit', cells: { manager: [], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'milestones: review', action: 'milestones.review', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'milestones: comment', action: 'milestones.comment', cells: { manager: ['all'], founder: [], mentor: ['assigned'], partner: [], observer: [] } },
  // Mentoring sessions: on a session, "own" is the founder's startup or the mentor's own session (while they coach the startup).
  { row: 'mentoring sessions: read', action: 'mentoring.read', cells: { manager: ['all'], founder: ['own'], mentor: ['own', 'assigned'], partner: [], observer: [] } },
  { row: 'mentoring sessions: create', action: 'mentoring.plan', cells: { manager: ['all'], founder: [], mentor: ['assigned'], partner: [], observer: [] } },
  { row: 'mentoring sessions: edit (move, cancel, record, action items)', action: 'mentoring.edit', cells: { manager: ['all'], founder: [], mentor: ['own'], partner: [], observer: [] } },
  { row: 'mentoring sessions: founder feedback', action: 'mentoring.feedback', cells: { manager: [], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'session notes: read', action: 'mentoring.notes.read', cells: { manager: ['all'], founder: [], mentor: ['own'], partner: [], observer: [] } },
  { row: 'session notes: write', action: 'mentoring.notes.write', cells: { manager: [], founder: [], mentor: ['own'], partner: [], observer: [] } },
  { row: 'mentors and assignments', action: 'mentoring.manage', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'office hours: publish', action: 'officeHours.publish', cells: { manager: [], founder: [], mentor: 'any', partner: [], observer: [] } },
  { row: 'office hours: book', action: 'officeHours.book', cells: { manager: [], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'hosting: request', action: 'hosting.request', cells: { manager: ['all'], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'hosting: a startup\'s hosting tab', action: 'hosting.read', cells: { manager: ['all'], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'hosting: accept or decline a proposed space', action: 'hosting.answer', cells: { manager: [], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'hosting: approve, spaces', action: 'hosting.manage', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'referrals: create/send', action: 'referrals.manage', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'referrals: create/send: the partner directory (organisations, packs, partner users)', action: 'partners.manage', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'referrals: read, respond: read', action: 'referrals.read', cells: { manager: ['all'], founder: ['own'], mentor: [], partner: ['addressed'], observer: [] } },
  { row: 'referrals: read, respond: beyond the status (founders: status only)', action: 'referrals.details', cells: { manager: ['all'], founder: [], mentor: [], partner: ['addressed'], observer: [] } },
  { row: 'referrals: read, respond: respond', action: 'referrals.respond', cells: { manager: [], founder: [], mentor: [], partner: ['addressed'], observer: [] } },
  { row: 'referrals: the thread between the programme and the partner', action: 'referrals.comment', cells: { manager: ['all'], founder: [], mentor: [], partner: ['addressed'], observer: [] } },
  { row: 'referrals: consent for confidential documents', action: 'referrals.consent', cells: { manager: [], founder: ['own'], mentor: [], partner: [], observer: [] } },
  { row: 'list / read startups: partners only through an addressed referral (name, pitch, stage)', action: 'startups.summary', cells: { manager: ['all'], founder: ['own'], mentor: ['assigned'], partner: ['addressed'], observer: [] } },
  { row: 'dossier documents: download, partners only those shared on an addressed referral', action: 'documents.readShared', cells: { manager: [], founder: [], mentor: [], partner: ['addressed'], observer: [] } },
  { row: 'indicators and reports', action: 'indicators.read', cells: { manager: 'any', founder: ['own'], mentor: [], partner: [], observer: 'any' } },
  { row: 'users and programme settings: users', action: 'users.manage', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'users and programme settings: programme', action: 'programme.manage', cells: { manager: 'any', founder: [], mentor: [], partner: [], observer: [] } },
  { row: 'own account', action: 'account.self', cells: { manager: 'any', founder: 'any', mentor: 'any', partner: 'any', observer: 'any' } },
];

const RELATIONS: (Relation | null)[] = ['all', 'own', 'assigned', 'addressed', null];

describe('policy: the permission table of DESIGN.md section 3', () => {
  for (const { row, action, cells } of ROWS) {
    it(`${row} (${action})`, () => {
      for (const role of ROLES) {
        const cell = cells[role];
        for (const relation of RELATIONS) {
          const expected = cell === 'any' || (relation !== null && cell.includes(relation));
          expect(decide(role, relation, action), `${role} / ${relation ?? 'no relation'}`).to.equal(expected);
        }
        // The page itself: a role absent from the row gets 403 (can), present gets through to the record check.
        expect(can({ role }, action), `${role} may use the pages`).to.equal(cell === 'any' || cell.length > 0);
      }
    });
  }

  it('tells who may do an action, under a relation or at all', () => {
    expect(rolesFor('milestones.review')).to.deep.equal(['manager']);
    expect(rolesFor('startups.read')).to.deep.equal(['manager', 'founder', 'mentor']);
    expect(rolesFor('startups.read', 'assigned')).to.deep.equal(['mentor']);
    expect(rolesFor('account.self')).to.deep.equal([...ROLES]);
  });

  it('refuses everything to a user without a role it knows', () => {
    expect(can(undefined, 'home')).to.equal(false);
    expect(decide('intruder' as Role, 'all', 'startups.read')).to.equal(false);
  });
});

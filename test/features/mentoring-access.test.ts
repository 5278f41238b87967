import { expect } from 'chai';
import request from 'supertest';
import { MentoringSession } from '../../src/mentoring/model';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { makeActionItem, makeAssignment, makeSession, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, postForm, sharedWorld, text, type Agent, type TestApp } from '../helpers';

/**
 * Who reaches what in mentoring (DESIGN.md section 3, "mentoring sessions" and "session notes"):
 * managers all; the startup's founders read and give feedback, never the notes; mentors the
 * startups they coach now (their own sessions' notes only); partners and observers nothing (403);
 * anything outside one's reach is 404.
 */
const NOTES = 'Note confidentielle 7C4F : la fondatrice hésite à lever.';

describe('mentoring: who may see and do what', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  let ids: { a: string; b: string; session: string; item: string; mentorItem: string };

  sharedWorld(async () => {
    t = makeApp();
    const a = await makeStartup({ name: 'CardioSense' });
    const b = await makeStartup({ name: 'Oncolytix' });
    const people = {
      manager: await makeUser({ role: 'manager' }),
      founderA: await makeUser({ role: 'founder', startups: [a._id] }),
      founderB: await makeUser({ role: 'founder', startups: [b._id] }),
      mentorA: await makeUser({ role: 'mentor', name: 'Mentor A' }),
      colleague: await makeUser({ role: 'mentor', name: 'Collègue A' }),
      mentorB: await makeUser({ role: 'mentor', name: 'Mentor B' }),
      partner: await makeUser({ role: 'partner' }),
      observer: await makeUser({ role: 'observer' }),
    };
    const past = new Date(Date.now() - 3 * 86_400_000);
    await makeAssignment({ mentor: people.mentorA._id, startup: a._id, from: new Date(Date.now() - 30 * 86_400_000) });
    await makeAssignment({ mentor: people.colleague._id, startup: a._id, from: new Date(Date.now() - 30 * 86_400_000) });
    await makeAssignment({ mentor: people.mentorB._id, startup: b._id, from: new Date(Date.now() - 30 * 86_400_000) });
    const session = await makeSession(people.mentorA._id, a._id, { start: past, status: 'completed', notes: NOTES, topic: 'Essai clinique', mentorName: 'Mentor A' });
    const item = await makeActionItem(session, { text: 'Écrire le synopsis', owner: 'startup' });
    const mentorItem = await makeActionItem(session, { text: 'Présenter le CHU', owner: 'coach' });
    ids = { a: String(a._id), b: String(b._id), session: String(session._id), item: String(item._id), mentorItem: String(mentorItem._id) };
    for (const [name, user] of Object.entries(people)) agents[name] = await login(t.app, user.email);
  });

  const sessionPage = () => `/mentoring/sessions/${ids.session}`;

  it('anonymous: the pages send to the login page, the feed of a wrong token is 404', async () => {
    for (const path of [sessionPage(), `/startups/${ids.a}/mentoring`, '/mentoring/sessions', '/mentors', '/office-hours', '/calendar']) {
      const res = await request(t.app).get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location).to.match(/^\/login/);
    }
    expect((await request(t.app).get('/calendar/not-a-token.ics')).status).to.equal(404);
  });

  it('partners and observers: 403 on every mentoring page and action', async () => {
    for (const role of ['partner', 'observer']) {
      const agent = agents[role];
      for (const path of [sessionPage(), `/startups/${ids.a}/mentoring`, '/mentoring/sessions', '/mentoring/sessions/export.csv', '/mentors', '/office-hours', '/calendar', '/mentoring/hours']) {
        const res = await agent.get(path);
        expect(res.status, `${role} ${path}`).to.equal(403);
        expect(res.text).not.to.contain(NOTES);
      }
      const token = await csrfFrom(agent, '/account');
      expect((await agent.post(`${sessionPage()}/notes`).type('form').send({ _csrf: token, notes: 'x', version: '0' })).status).to.equal(403);
    }
  });

  it('the startup’s founder reads the session and its items but never the notes: not on the page, the tab, the list or its CSV', async () => {
    const founder = agents.founderA;
    const page = await founder.get(sessionPage());
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Essai clinique').and.to.contain('Écrire le synopsis');
    expect(page.text).not.to.contain('7C4F');
    expect(page.text).not.to.contain(text('mentoring.notes.title'));
    for (const path of [`/startups/${ids.a}/mentoring`, '/mentoring/sessions', `/mentoring/sessions/export.csv?startup=${ids.a}`, '/mentoring/sessions/export.csv']) {
      const res = await founder.get(path);
      expect(res.status, path).to.equal(200);
      expect(res.text, path).to.contain('Essai clinique');
      expect(res.text, path).not.to.contain('7C4F');
    }
    const csv = await founder.get('/mentoring/sessions/export.csv');
    expect(csv.text.split('\r\n')[0]).not.to.contain(text('mentoring.csv.notes'));
    // The manager's export of the same list has the notes.
    const managerCsv = await agents.manager.get('/mentoring/sessions/export.csv');
    expect(managerCsv.text.split('\r\n')[0]).to.contain(text('mentoring.csv.notes'));
    expect(managerCsv.text).to.contain('7C4F');
  });

  it('the founder may not edit, record, write notes, rate the preparation or tick the mentor’s items (403)', async () => {
    const founder = agents.founderA;
    expect((await founder.get(`${sessionPage()}/move`)).status).to.equal(403);
    const token = await csrfFrom(founder, '/account');
    for (const [path, body] of [
      ['notes', { notes: 'x', version: '0' }],
      ['record', { outcome: 'held', actualMinutes: '60', version: '0' }],
      ['cancel', { reason: 'x', version: '0' }],
      ['items', { text: 'Intrus', owner: 'startup' }],
      ['preparation', { rating: '3' }],
      [`items/${ids.mentorItem}/done`, { done: '1' }],
    ] as const) {
      const res = await founder.post(`${sessionPage()}/${path}`).type('form').send({ _csrf: token, ...body });
      expect(res.status, path).to.equal(403);
    }
    const stored = await MentoringSession.findOne({ _id: ids.session }).lean();
    expect(stored?.notes).to.equal(NOTES);
    expect(stored?.preparation ?? null).to.equal(null);
  });

  it('a founder of another startup and a mentor of another startup: 404 on the session, its tab, its forms and actions', async () => {
    for (const name of ['founderB', 'mentorB']) {
      const agent = agents[name];
      for (const path of [sessionPage(), `/startups/${ids.a}/mentoring`, `${sessionPage()}/move`, `/startups/${ids.a}/mentoring/sessions/new`]) {
        const res = await agent.get(path);
        expect([403, 404], `${name} ${path}`).to.include(res.status);
        if (!path.endsWith('/move') && !path.endsWith('/new')) expect(res.status, `${name} ${path}`).to.equal(404);
        expect(res.text).not.to.contain('Essai clinique');
      }
      const list = await agent.get('/mentoring/sessions');
      expect(list.text).not.to.contain('Essai clinique');
    }
    const mentorB = agents.mentorB;
    expect((await mentorB.get(`${sessionPage()}/move`)).status).to.equal(404);
    expect((await mentorB.get(`/startups/${ids.a}/mentoring/sessions/new`)).status).to.equal(404);
    const planned = await postForm(mentorB, '/account', `/startups/${ids.a}/mentoring/sessions`, { day: '2031-01-07', time: '10:00', durationMinutes: '60', topic: 'Intrus' });
    expect(planned.status).to.equal(404);
    const notes = await postForm(mentorB, '/account', `${sessionPage()}/notes`, { notes: 'Intrus', version: '0' });
    expect(notes.status).to.equal(404);
    expect(await MentoringSession.countDocuments({ topic: 'Intrus' })).to.equal(0);
    expect((await MentoringSession.findOne({ _id: ids.session }).lean())?.notes).to.equal(NOTES);
  });

  it('a colleague coaching the same startup reads the session without its notes and may not edit it (404)', async () => {
    const colleague = agents.colleague;
    const page = await colleague.get(sessionPage());
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Essai clinique');
    expect(page.text).not.to.contain('7C4F');
    expect((await colleague.get(`${sessionPage()}/move`)).status).to.equal(404);
    const notes = await postForm(colleague, '/account', `${sessionPage()}/notes`, { notes: 'Par-dessus', version: '0' });
    expect(notes.status).to.equal(404);
    // Their own list holds their own sessions only; the startup's tab holds all of its sessions.
    expect((await colleague.get('/mentoring/sessions')).text).not.to.contain('Essai clinique');
    const tab = await colleague.get(`/startups/${ids.a}/mentoring`);
    expect(tab.status).to.equal(200);
    expect(tab.text).to.contain('Essai clinique');
    expect(tab.text).not.to.contain('7C4F');
  });

  it('the session’s mentor and the managers read the notes', async () => {
    for (const name of ['mentorA', 'manager']) {
      const page = await agents[name].get(sessionPage());
      expect(page.status, name).to.equal(200);
      expect(page.text, name).to.contain('7C4F');
    }
  });
});

describe('mentoring: an assignment ended by a manager', () => {
  it('takes the startup from the mentor on their very next request: its pages, documents, sessions, list and home', async () => {
    const t = makeApp();
    const startup = await makeStartup({ name: 'DiagnoFlash' });
    const manager = await makeUser({ role: 'manager' });
    const mentor = await makeUser({ role: 'mentor', name: 'Mentor Sortant' });
    const assignment = await makeAssignment({ mentor: mentor._id, startup: startup._id, from: new Date(Date.now() - 10 * 86_400_000) });
    const session = await makeSession(mentor._id, startup._id, { topic: 'Performance analytique' });
    const mentorAgent = await login(t.app, mentor.email);
    const id = String(startup._id);
    const paths = [`/startups/${id}`, `/startups/${id}/mentoring`, `/startups/${id}/documents`, `/mentoring/sessions/${String(session._id)}`];
    for (const path of paths) expect((await mentorAgent.get(path)).status, path).to.equal(200);
    expect((await mentorAgent.get('/')).text).to.contain('DiagnoFlash');

    const managerAgent = await login(t.app, manager.email);
    const ended = await postForm(managerAgent, `/startups/${id}/mentoring/assignments/${String(assignment._id)}`, `/startups/${id}/mentoring/assignments/${String(assignment._id)}/end`, { version: '0' });
    expect(ended.status).to.equal(303);
    expect((await managerAgent.get(ended.headers.location)).text).to.contain(text('mentoring.assignment.ended', { name: 'Mentor Sortant' }));

    for (const path of paths) expect((await mentorAgent.get(path)).status, path).to.equal(404);
    expect((await mentorAgent.get('/mentoring/sessions')).text).not.to.contain('Performance analytique');
    expect((await mentorAgent.get('/')).text).not.to.contain('DiagnoFlash');
    // The history stays: the assignment is kept, with its end.
    const stored = await MentorAssignment.findOne({ _id: assignment._id }).lean();
    expect(stored?.to?.getTime()).to.be.at.most(Date.now());
  });
});

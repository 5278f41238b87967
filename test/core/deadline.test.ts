import { Writable } from 'node:stream';
import { expect } from 'chai';
import express, { type RequestHandler } from 'express';
import pinoHttp from 'pino-http';
import request from 'supertest';
import { continueUnlessAnswered, requestDeadline } from '../../src/core/http/deadline';
import { errorHandler } from '../../src/core/http/errors';
import { configureViews } from '../../src/core/http/views';
import { createLogger } from '../../src/core/logger';
import { text } from '../helpers';

/**
 * The request deadline on its own: a middleware that waits (as the session store does for a database
 * that is away), then the page. A short deadline stands in for the 5 s of the app.
 */
function appWith(opts: { away: () => boolean; waitMs: number }) {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const pageRuns: string[] = [];
  const app = express();
  configureViews(app);
  app.use(pinoHttp({ logger: createLogger('info', sink) }));
  app.use(requestDeadline({ isProduction: true, databaseAway: opts.away, ms: 200 }));
  const waiting: RequestHandler = (_req, _res, next) => void setTimeout(next, opts.waitMs);
  app.use(waiting, continueUnlessAnswered);
  app.get('/page', (req, res) => {
    pageRuns.push(req.path);
    res.send('the page');
  });
  app.use(errorHandler(true));
  return { app, logs, pageRuns };
}

describe('the request deadline', () => {
  it('answers 503 at the deadline while the database is away, in the reader\'s language, and the page never runs', async () => {
    const { app, logs, pageRuns } = appWith({ away: () => true, waitMs: 1500 });
    const started = Date.now();
    const res = await request(app).get('/page').set('Accept-Language', 'en');
    expect(res.status).to.equal(503);
    expect(res.text).to.include(text('errors.title503', {}, 'en'));
    expect(Date.now() - started).to.be.below(1500);
    // The wait ends later; what follows it does not run.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(pageRuns).to.deep.equal([]);
    expect(logs.some((line) => line.includes('answered 503 at the request deadline'))).to.equal(true);
  });

  it('leaves a slow request alone while the database answers, and answers 503 as soon as it goes away', async () => {
    const slow = appWith({ away: () => false, waitMs: 600 });
    const res = await request(slow.app).get('/page');
    expect(res.status).to.equal(200);
    expect(slow.pageRuns).to.deep.equal(['/page']);

    let away = false;
    const later = appWith({ away: () => away, waitMs: 3000 });
    setTimeout(() => (away = true), 700);
    const started = Date.now();
    const cut = await request(later.app).get('/page').set('Accept-Language', 'fr');
    expect(cut.status).to.equal(503);
    expect(cut.text).to.include(text('errors.title503', {}, 'fr'));
    expect(Date.now() - started).to.be.within(650, 2900);
  });
});

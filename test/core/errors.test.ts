import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import pinoHttp from 'pino-http';
import { createLogger } from '../../src/core/logger';
import { errorHandler } from '../../src/core/http/errors';
import { configureViews } from '../../src/core/http/views';
import { Conflict, NotFound } from '../../src/core/errors';

/** A bare app with the real views and error middleware, and routes that fail on purpose. */
function failingApp(production: boolean) {
  const app = express();
  configureViews(app);
  app.use(pinoHttp({ logger: createLogger('silent'), genReqId: () => 'req-123' }));
  app.get('/boom', () => {
    throw new Error('secret internal detail: connection string mongodb://admin:pw@db');
  });
  app.get('/missing', () => {
    throw new NotFound();
  });
  app.get('/conflict', () => {
    throw new Conflict();
  });
  app.use(errorHandler(production));
  return app;
}

describe('error middleware', () => {
  it('answers 500 in production with generic text and the request id, nothing internal', async () => {
    const res = await request(failingApp(true)).get('/boom');
    expect(res.status).to.equal(500);
    expect(res.text).to.contain('Erreur interne');
    expect(res.text).to.contain('req-123');
    expect(res.text).not.to.contain('secret internal detail');
    expect(res.text).not.to.match(/at .*\.ts:\d+/);
  });

  it('shows the 500 page in English to an English browser', async () => {
    const res = await request(failingApp(true)).get('/boom').set('Accept-Language', 'en');
    expect(res.text).to.contain('Internal error');
  });

  it('shows the stack to a developer outside production', async () => {
    const res = await request(failingApp(false)).get('/boom');
    expect(res.status).to.equal(500);
    expect(res.text).to.contain('secret internal detail');
  });

  it('turns typed errors into their status', async () => {
    expect((await request(failingApp(true)).get('/missing')).status).to.equal(404);
    const conflict = await request(failingApp(true)).get('/conflict');
    expect(conflict.status).to.equal(409);
    expect(conflict.text).to.contain('Conflit');
  });
});

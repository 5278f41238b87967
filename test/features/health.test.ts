import { expect } from 'chai';
import request from 'supertest';
import { makeApp } from '../helpers';

describe('/healthz', () => {
  it('answers 200 while the database answers', async () => {
    const { app } = makeApp();
    const res = await request(app).get('/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('answers 503 once shutdown has begun, so the load balancer stops sending traffic', async () => {
    const { app } = makeApp();
    app.locals.state.shuttingDown = true;
    const res = await request(app).get('/healthz');
    expect(res.status).to.equal(503);
    expect(res.body).to.deep.equal({ status: 'shutting-down' });
  });

  it('answers 503 at once while the embedded database server is being started again, 200 once it runs', async () => {
    const { app } = makeApp();
    app.locals.state.database = 'restarting';
    const res = await request(app).get('/healthz');
    expect(res.status).to.equal(503);
    expect(res.body).to.deep.equal({ status: 'database-restarting' });
    app.locals.state.database = 'running';
    expect((await request(app).get('/healthz')).status).to.equal(200);
  });
});

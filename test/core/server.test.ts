import http from 'node:http';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { freePort } from '../../src/core/db/proc';
import { PortHolder, get, setUpAndSignIn, startApp as startServer, waitFor } from './app-process';

function testDbTarget(): { host: string; port: number; db: string } {
  const uri = new URL(String(process.env.BOOST_TEST_DB_URI));
  return { host: uri.hostname, port: Number(uri.port || 27017), db: `boost_proc_${process.pid}` };
}

describe('the server process', function () {
  this.timeout(90000);

  it('on SIGTERM: new connections are refused, the request in flight completes, idle keep-alive connections close, exit 0', async () => {
    const target = testDbTarget();
    const port = await freePort();
    const server = startServer({ PORT: String(port), MONGODB_URI: `mongodb://${target.host}:${target.port}/${target.db}` });
    try {
      await waitFor('healthz 200', async () => (await get(port, '/healthz')).status === 200, 40000);
      const keepAlive = new http.Agent({ keepAlive: true });
      expect((await get(port, '/healthz', { agent: keepAlive })).status).to.equal(200);

      // A request whose body is still arriving when the signal comes.
      const body = 'email=a%40b.c&password=whatever+it+is';
      const inFlight = new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: '/login', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': body.length } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => req.end(body.slice(10)), 1500);
      });
      await new Promise((r) => setTimeout(r, 300));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      const refused = await get(port, '/healthz').then(
        () => 'answered',
        (err: NodeJS.ErrnoException) => err.code,
      );
      expect(refused).to.equal('ECONNREFUSED');
      const status = await inFlight;
      expect(status, 'the in-flight request got a real answer').to.be.within(200, 499);
      const started = Date.now();
      const code = await server.exit;
      expect(code, server.output()).to.equal(0);
      expect(Date.now() - started).to.be.below(8000);
      keepAlive.destroy();
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('when an external database (MONGODB_URI) goes away: nothing supervised, 503 within 6 s whatever waits first, healthz 503, then it recovers by itself', async () => {
    const target = testDbTarget();
    const relay = new PortHolder(await freePort(), target);
    await relay.open();
    const port = await freePort();
    const server = startServer({ PORT: String(port), LOG_LEVEL: 'info', MONGODB_URI: `mongodb://127.0.0.1:${relay.port}/${target.db}` });
    try {
      await waitFor('healthz 200', async () => (await get(port, '/healthz')).status === 200, 40000);
      const agent = await setUpAndSignIn(port);
      expect((await agent.get('/startups')).status).to.equal(200);

      await relay.close();
      const health = await get(port, '/healthz');
      expect(health.status).to.equal(503);
      // Signed in: the session store waits first, then the page would; anonymous: the page, then the session's save.
      const started = Date.now();
      const [signedIn, anonymous] = await Promise.all([agent.get('/startups'), get(port, '/login')]);
      expect(signedIn.status).to.equal(503);
      expect(anonymous.status).to.equal(503);
      expect(Date.now() - started, 'one bound for the whole request').to.be.at.most(6000);

      await relay.open();
      await waitFor('healthz 200 again', async () => (await get(port, '/healthz')).status === 200, 30000);
      expect((await agent.get('/startups')).status).to.equal(200);
      const lines = server.lines();
      expect(lines.filter((line) => !line.startsWith('{')), 'JSON lines only').to.deep.equal([]);
      expect(server.output()).to.not.include('supervised');
      expect(server.output()).to.not.include('"stack"');
    } finally {
      server.child.kill('SIGKILL');
      await relay.close();
      await mongoose.connection.getClient().db(target.db).dropDatabase();
    }
  });
});

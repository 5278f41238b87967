import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { ROOT_DIR } from '../../src/core/config';
import { freePort } from '../../src/core/db/proc';

/** A TCP relay in front of the test database: closing it is a database outage, reopening it the recovery. */
class Relay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function get(port: number, pathname: string, agent?: http.Agent): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
    });
    req.on('error', reject);
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startServer(env: Record<string, string>): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'src/server.ts')], {
    cwd: ROOT_DIR,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, output: () => output };
}

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
      await waitFor(async () => (await get(port, '/healthz')).status === 200, 40000);
      const keepAlive = new http.Agent({ keepAlive: true });
      expect((await get(port, '/healthz', keepAlive)).status).to.equal(200);

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

  it('when the database goes away: 503 within about 5 s, healthz 503, then recovers by itself', async () => {
    const target = testDbTarget();
    const relay = new Relay(await freePort(), target);
    await relay.open();
    const port = await freePort();
    const server = startServer({ PORT: String(port), MONGODB_URI: `mongodb://127.0.0.1:${relay.port}/${target.db}` });
    try {
      await waitFor(async () => (await get(port, '/healthz')).status === 200, 40000);
      expect((await get(port, '/login')).status).to.be.oneOf([200, 302]);

      await relay.close();
      const health = await get(port, '/healthz');
      expect(health.status).to.equal(503);
      const page = await get(port, '/login');
      expect(page.status).to.equal(503);
      expect(page.ms).to.be.below(8000);

      await relay.open();
      await waitFor(async () => (await get(port, '/healthz')).status === 200, 30000);
      expect((await get(port, '/login')).status).to.be.oneOf([200, 302]);
    } finally {
      server.child.kill('SIGKILL');
      await relay.close();
    }
  });
});

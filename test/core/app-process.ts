import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { ROOT_DIR } from '../../src/core/config';
import { postForm, type Agent } from '../helpers';

/** Helpers of the tests that run the app as a real process (src/server.ts) and break its database. */

export interface AppProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null after a signal). */
  exit: Promise<number | null>;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** The lines of output() (without empty ones). */
  lines(): string[];
}

export function startApp(env: Record<string, string>, unset: string[] = []): AppProcess {
  let output = '';
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  for (const name of unset) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'src/server.ts')], {
    cwd: ROOT_DIR,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, output: () => output, lines: () => output.split('\n').filter((line) => line.trim() !== '') };
}

export interface Answer {
  status: number;
  ms: number;
  body: string;
}

export function get(port: number, pathname: string, opts: { agent?: http.Agent; headers?: Record<string, string> } = {}): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent: opts.agent, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started, body }));
    });
    req.on('error', reject);
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
  });
}

/** Polls until the check holds (a failing check counts as not yet); never a fixed sleep. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The mongo-java-server processes whose parent is `pid`, read from /proc (what an operator's `ps` shows). */
export function javaServerChildren(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== pid || fields[0] === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('BoostDbServer')) found.push(Number(entry));
    } catch {
      // The process ended while it was read.
    }
  }
  return found;
}

/**
 * A TCP server on a given port. 'relay' forwards to a target (closing it is an outage of the target);
 * 'silent' accepts connections and never answers (the port taken by something that is no database).
 */
export class PortHolder {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target?: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    this.server = net.createServer((client) => {
      this.track(client);
      if (!this.target) return;
      const upstream = net.connect(this.target.port, this.target.host);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
    });
    const server = this.server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

export const MANAGER = { name: 'Camille Supervision', email: 'camille@ops.test', password: 'a long enough passphrase 42' };

/** First-run setup through the forms, which signs the first manager in: an agent holding the manager's session. */
export async function setUpAndSignIn(port: number): Promise<Agent> {
  const agent = request.agent(`http://127.0.0.1:${port}`);
  const setup = await postForm(agent, '/setup', '/setup', {
    programmeName: 'Boost supervision',
    name: MANAGER.name,
    email: MANAGER.email,
    newPassword: MANAGER.password,
    confirmPassword: MANAGER.password,
    locale: 'en',
  });
  if (setup.status !== 303) throw new Error(`setup answered ${setup.status}`);
  const home = await agent.get('/');
  if (home.status !== 200 || !home.text.includes(MANAGER.name)) throw new Error(`the setup did not sign the manager in (home answered ${home.status})`);
  return agent;
}

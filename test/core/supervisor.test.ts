import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import type { JavaServerExit } from '../../src/core/db/embedded/server';
import { watchExit } from '../../src/core/db/proc';
import type { DatabaseServer, ServerProcess } from '../../src/core/db/resolve';
import { defaultBackoff, superviseDatabase, type DatabaseState, type SupervisorOptions } from '../../src/core/db/supervisor';
import { waitFor } from './app-process';

/**
 * The supervisor's rules on a stand-in server whose process is a real `sleep` (killed to crash it), so that
 * the back-off and the give-up are checked in milliseconds; the app's own server is killed in
 * supervision.test.ts.
 */
class StandInServer implements DatabaseServer {
  readonly uri = 'mongodb://127.0.0.1:1/standin';
  readonly kind = 'mongo-java-server' as const;
  readonly reason = 'test';
  starts = 0;
  /** Restarts that fail (a port in use) before one succeeds. */
  failingStarts = 0;
  private stopping = false;
  private current: ServerProcess = StandInServer.spawnOne(() => this.stopping);

  private static spawnOne(expected?: () => boolean): ServerProcess {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    const events = new EventEmitter();
    const exited = watchExit(child).then((exit): JavaServerExit => {
      const ended = { ...exit, expected: expected?.() ?? false, output: 'stand-in' };
      events.emit('exit', ended);
      return ended;
    });
    return { child, pid: child.pid, exited, events, output: () => 'stand-in' };
  }

  get process(): ServerProcess {
    return this.current;
  }

  async restart(): Promise<void> {
    this.starts += 1;
    if (this.failingStarts > 0) {
      this.failingStarts -= 1;
      throw new Error('cannot listen on 127.0.0.1:1: Address already in use');
    }
    this.current = StandInServer.spawnOne(() => this.stopping);
  }

  crash(): void {
    this.current.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.current.child.kill('SIGTERM');
    await this.current.exited;
  }
}

interface Run {
  server: StandInServer;
  delays: number[];
  states: DatabaseState[];
  lines: string[];
  gaveUp: string[];
}

function supervised(options: Partial<SupervisorOptions> = {}): Run & { supervisor: ReturnType<typeof superviseDatabase> } {
  const run: Run = { server: new StandInServer(), delays: [], states: [], lines: [], gaveUp: [] };
  const supervisor = superviseDatabase(run.server, {
    log: { info: (_f, msg) => run.lines.push(msg), warn: (_f, msg) => run.lines.push(msg) },
    // The delay the supervisor asks for is recorded; the test waits 5 ms instead.
    backoffMs: (failures) => {
      run.delays.push(defaultBackoff(failures));
      return 5;
    },
    onState: (state) => run.states.push(state),
    onGiveUp: (reason) => run.gaveUp.push(reason),
    ...options,
  });
  return { ...run, supervisor };
}

describe('the database supervisor', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('waits 1 s, 2 s, 4 s… at most 30 s before each restart', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(defaultBackoff)).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('starts a crashed server again, with a longer wait after each failure, and reports each state', async () => {
    const run = supervised({ maxRestarts: 5 });
    cleanup = () => run.supervisor.stop().then(() => run.server.stop());
    for (let n = 1; n <= 3; n += 1) {
      const pid = run.server.process.pid;
      run.server.crash();
      await waitFor(`restart ${n}`, () => run.server.starts === n && run.supervisor.state() === 'running', 5000, 5);
      expect(run.server.process.pid).to.not.equal(pid);
    }
    expect(run.delays).to.deep.equal([1000, 2000, 4000]);
    expect(run.states).to.deep.equal(['restarting', 'running', 'restarting', 'running', 'restarting', 'running']);
    expect(run.lines[0]).to.match(/^database: mongo-java-server exited unexpectedly \(signal SIGKILL, pid \d+\); starting it again in 0\.005 s \(failure 1, at most 5 restarts within 120 s\)$/);
    expect(run.lines[1]).to.match(/^database: mongo-java-server started again \(pid \d+\) on the same data, \d+\.\d s after it went down$/);
    expect(run.gaveUp).to.deep.equal([]);
  });

  it('counts a restart that fails to start, and keeps trying', async () => {
    const run = supervised();
    cleanup = () => run.supervisor.stop().then(() => run.server.stop());
    run.server.failingStarts = 2;
    run.server.crash();
    await waitFor('the third start to succeed', () => run.supervisor.state() === 'running' && run.server.starts === 3, 5000, 5);
    expect(run.delays).to.deep.equal([1000, 2000, 4000]);
    expect(run.lines.filter((l) => l.includes('could not be started again (cannot listen on 127.0.0.1:1: Address already in use)'))).to.have.length(2);
  });

  it('forgets failures older than the window: the wait starts at 1 s again', async () => {
    const run = supervised({ windowMs: 300 });
    cleanup = () => run.supervisor.stop().then(() => run.server.stop());
    run.server.crash();
    await waitFor('the first restart', () => run.server.starts === 1 && run.supervisor.state() === 'running', 5000, 5);
    const restartedAt = Date.now();
    await waitFor('the window to pass', () => Date.now() - restartedAt > 400, 5000, 50);
    run.server.crash();
    await waitFor('the second restart', () => run.server.starts === 2 && run.supervisor.state() === 'running', 5000, 5);
    expect(run.delays).to.deep.equal([1000, 1000]);
  });

  it('gives up after more failures than restarts allowed within the window, and restarts nothing more', async () => {
    const run = supervised({ maxRestarts: 2 });
    cleanup = () => run.server.stop();
    for (let n = 1; n <= 2; n += 1) {
      run.server.crash();
      await waitFor(`restart ${n}`, () => run.server.starts === n && run.supervisor.state() === 'running', 5000, 5);
    }
    run.server.crash();
    await waitFor('the supervisor to give up', () => run.gaveUp.length === 1, 5000, 5);
    expect(run.gaveUp[0]).to.match(/^mongo-java-server exited unexpectedly \(signal SIGKILL, pid \d+\): 3 failures within 120 s, more than the 2 restarts allowed$/);
    expect(run.supervisor.state()).to.equal('failed');
    expect(run.server.starts).to.equal(2);
  });

  it('leaves alone a server stopped on purpose, and restarts nothing once stopped', async () => {
    const run = supervised();
    await run.supervisor.stop();
    run.server.crash();
    await run.server.process.exited;
    await run.server.stop();
    expect(run.server.starts).to.equal(0);
    expect(run.lines).to.deep.equal([]);

    const second = supervised();
    await second.server.stop();
    await second.supervisor.stop();
    expect(second.lines).to.deep.equal([]);
    expect(second.states).to.deep.equal(['stopped']);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { OutputTail, describeExit, once, tail, terminate, watchExit, type Exit } from '../proc';
import { LAUNCHER_CLASS, type JavaServerRuntime } from './provision';

const READY_TIMEOUT_MS = 120_000;
/** Closing the store compacts it a little; a killed JVM loses nothing acknowledged, so the wait is bounded. */
const STOP_GRACE_MS = 15_000;
/** Exit codes of BoostDbServer.java. */
const EXIT_LOCKED = 3;

export interface StartJavaServerOptions {
  runtime: JavaServerRuntime;
  /** The MVStore file; undefined keeps the data in memory (throw-away servers of the tests). */
  file?: string;
  cacheMb: number;
  heapMb: number;
  host?: string;
  /** 0 (default): the server picks a free port and reports it. */
  port?: number;
}

/** How the Java process ended; `expected` when stop() asked for it. */
export interface JavaServerExit extends Exit {
  expected: boolean;
  /** The last lines the process printed. */
  output: string;
}

export interface RunningJavaServer {
  host: string;
  port: number;
  file?: string;
  /** The Java process, for a supervisor (pid, signals). */
  child: ChildProcess;
  /** Resolves when the process has ended, whether stop() asked for it or not. */
  exited: Promise<JavaServerExit>;
  /** Emits 'exit' (JavaServerExit) once, when the process ends. */
  events: EventEmitter;
  /** The last lines it printed (its output is captured, never passed to the app's stdout). */
  output(): string;
  stop(): Promise<void>;
}

/** The data file is held by another running server. */
export class StoreLockedError extends Error {}

export function javaArgs(opts: StartJavaServerOptions): string[] {
  return [
    `-Xmx${opts.heapMb}m`,
    // Out of memory leaves a server in an unknown state: better to end (acknowledged writes are committed).
    '-XX:+ExitOnOutOfMemoryError',
    '-cp',
    opts.runtime.classpath.join(path.delimiter),
    LAUNCHER_CLASS,
    opts.host ?? '127.0.0.1',
    String(opts.port ?? 0),
    opts.file ?? '-',
    String(opts.cacheMb),
  ];
}

/** Starts BoostDbServer and resolves once it listens (it prints `listening PORT`). */
export async function startJavaServer(opts: StartJavaServerOptions): Promise<RunningJavaServer> {
  const host = opts.host ?? '127.0.0.1';
  // stdin stays open: the server exits when it closes, i.e. when this process ends in any way.
  const child = spawn(opts.runtime.java, javaArgs(opts), { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = new OutputTail();
  let port: number | undefined;
  let failure: string | undefined;
  let onReady: ((port: number) => void) | undefined;
  child.stdout?.on('data', (chunk: Buffer) =>
    output.push(chunk, (line) => {
      const listening = /^listening (\d+)$/.exec(line);
      if (listening && port === undefined) {
        port = Number(listening[1]);
        onReady?.(port);
      }
      const error = /^error (\w+): (.*)$/.exec(line);
      if (error) failure = error[2];
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  // A write to the stdin of a process that already ended must not crash the app.
  child.stdin?.on('error', () => undefined);

  let stopping = false;
  const events = new EventEmitter();
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  const exited = watchExit(child).then((exit): JavaServerExit => {
    // A server that ended by itself needs no kill at exit (a supervisor may start another one).
    process.off('exit', killOnExit);
    const ended = { ...exit, expected: stopping, output: output.text() };
    events.emit('exit', ended);
    return ended;
  });
  const stop = once(async () => {
    stopping = true;
    process.off('exit', killOnExit);
    await terminate(child, exited, STOP_GRACE_MS);
  });

  const ready = new Promise<number>((resolve) => {
    onReady = resolve;
    if (port !== undefined) resolve(port);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS);
  });
  const outcome = await Promise.race([ready, exited, timeout]);
  clearTimeout(timer);
  if (typeof outcome === 'number') {
    return { host, port: outcome, file: opts.file, child, exited, events, output: () => output.text(), stop };
  }
  await stop();
  if (outcome === 'timeout') {
    throw new Error(`mongo-java-server did not listen within ${READY_TIMEOUT_MS / 1000} s: ${tail(output.text()) || 'no output'}`);
  }
  throw startError(outcome, failure, output.text(), opts.file);
}

function startError(exit: JavaServerExit | Exit, failure: string | undefined, output: string, file: string | undefined): Error {
  if (exit.error) return new Error(`mongo-java-server could not be started: ${exit.error.message}`);
  if (exit.code === EXIT_LOCKED) {
    return new StoreLockedError(
      `the data file ${file ?? ''} is locked by another running server: another \`npm start\` (or a server ` +
        'it left behind) uses the same DATA_DIR. Stop it, or give this one another DATA_DIR.',
    );
  }
  const detail = failure ?? (tail(output) || 'no output');
  return new Error(`mongo-java-server exited at start (${describeExit(exit)}): ${detail}`);
}

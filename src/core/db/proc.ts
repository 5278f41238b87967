import { execFile, type ChildProcess } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Small helpers shared by the code that finds, starts and stops database server processes. */

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function fileExists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    await fs.access(file, fsConstants.X_OK);
    return stat.isFile();
  } catch {
    return false;
  }
}

export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Last lines of a (possibly long) tool output, on one line, for error messages. */
export function tail(text: string, lines = 5): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(-lines)
    .join(' | ');
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a tool to completion; rejects with the tail of its stderr. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const options = { cwd: opts.cwd, env: opts.env, maxBuffer: 16 * 1024 * 1024, timeout: opts.timeoutMs ?? 0 };
    execFile(cmd, args, options, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${tail(stderr) || err.message}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/** The last lines a child process printed, kept in memory (its output is never passed to our stdout). */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly max = 40) {}

  /** Feeds a chunk; calls onLine for each complete line. */
  push(chunk: Buffer | string, onLine?: (line: string) => void): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    for (const raw of parts) {
      const line = raw.replace(/\r$/, '');
      this.lines.push(line.length > 1000 ? `${line.slice(0, 1000)}…` : line);
      if (this.lines.length > this.max) this.lines.shift();
      onLine?.(line);
    }
  }

  text(): string {
    return [...this.lines, this.partial].join('\n');
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be executed at all ('error' without 'exit'). */
  error?: Error;
}

export function watchExit(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
}

export function describeExit(exit: Exit): string {
  if (exit.error) return exit.error.message;
  return exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
export async function terminate(child: ChildProcess, exited: Promise<Exit>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await Promise.race([exited, sleep(100)]);
    return;
  }
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** stop() may be called twice (test teardown and an error path); the second call waits for the first. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

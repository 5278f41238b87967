import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { waitFor200 } from './http';

/**
 * Child processes of the benchmark (the app, the bare page) and what is to be stopped at the end:
 * every start registers its stop, and stopAll() runs them on success, failure and Ctrl-C alike.
 */
const stops: { name: string; stop: () => Promise<void> }[] = [];

export function onStop(name: string, stop: () => Promise<void>): () => void {
  const entry = { name, stop };
  stops.push(entry);
  return () => {
    const i = stops.indexOf(entry);
    if (i >= 0) stops.splice(i, 1);
  };
}

export async function stopAll(): Promise<void> {
  while (stops.length > 0) {
    const entry = stops.pop();
    if (!entry) break;
    try {
      await entry.stop();
    } catch (err) {
      console.error(`bench: stopping ${entry.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export interface Child {
  pid: number;
  port: number;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Stops a child with SIGTERM (the app shuts down gracefully), SIGKILL after `graceMs`. */
function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface NodeChildOptions {
  name: string;
  /** A TypeScript file run through tsx, or a compiled .js file (dist/) run by node alone. */
  entry: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
  logFile: string;
  timeoutMs?: number;
  /** Options of node itself (e.g. --expose-gc). */
  nodeArgs?: string[];
  /** Opens an IPC channel to the child (the app's memory probe answers on it). */
  ipc?: boolean;
}

/**
 * Starts `node [--import tsx] <entry>` (for the app: what `npm start` runs, without a wrapper process, so
 * that the pid measured is the server's), output to `logFile`, and waits until `readyPath` answers 200.
 */
export async function startNodeChild(options: NodeChildOptions): Promise<Child> {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'w' });
  const loader = options.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const stdio: StdioOptions = options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, options.entry], { cwd: options.cwd, env: options.env, stdio });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = async (): Promise<void> => {
    await stopChild(child);
    log.end();
  };
  const forget = onStop(options.name, stop);
  try {
    await waitFor200(`http://127.0.0.1:${options.port}${options.readyPath}`, options.timeoutMs ?? 180_000, () => child.exitCode === null && child.signalCode === null);
  } catch (err) {
    forget();
    await stop();
    const tail = readFileSync(options.logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${options.name} did not start: ${err instanceof Error ? err.message : String(err)}\n--- ${options.logFile} (end) ---\n${tail}`, { cause: err });
  }
  return {
    pid: child.pid ?? 0,
    port: options.port,
    logFile: options.logFile,
    child,
    stop: async () => {
      forget();
      await stop();
    },
  };
}

/** Runs `node [--import tsx] <entry> <args>` to its end, each line of its output to `onLine`; throws unless it exits 0. */
export async function runNodeChild(options: { name: string; entry: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv; onLine: (line: string) => void; onError?: (line: string) => void }): Promise<void> {
  const loader = options.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, options.entry, ...options.args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const forget = onStop(options.name, () => stopChild(child, 5000));
  const errors: string[] = [];
  createInterface({ input: child.stdout }).on('line', options.onLine);
  createInterface({ input: child.stderr }).on('line', (line) => {
    errors.push(line);
    options.onError?.(line);
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  forget();
  if (code !== 0) throw new Error(`${options.name} failed (exit ${code}):\n${errors.slice(-20).join('\n')}`);
}

/** Resident memory of a process in MB (VmRSS of /proc/<pid>/status), or undefined when not readable. */
export function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of the local process listening on a TCP port (Linux /proc), or undefined (another user's, or not local). */
export function pidListeningOn(port: number): number | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT; state 0A is LISTEN; inode is column 10.
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(entry);
      } catch {
        // The fd closed meanwhile.
      }
    }
  }
  return undefined;
}

export function portOfUri(uri: string): number | undefined {
  const m = /^mongodb:\/\/(?:[^@/]*@)?[^/:,]+:(\d+)/.exec(uri);
  return m ? Number(m[1]) : undefined;
}

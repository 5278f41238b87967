import { promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { DatabaseServer } from '../../src/core/db/resolve';

/** Helpers of the database tests (real servers, no mocks). */

/** The real environment minus variables that would change which server or binary is picked. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['FERRETDB_BIN', 'MONGOMS_SYSTEM_BINARY', 'MONGODB_URI', 'MAVEN_REPOSITORY_URL']) delete env[name];
  return env;
}

export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function portOf(uri: string): number {
  const match = /:(\d+)\//.exec(uri);
  if (match === null) throw new Error(`no port in ${uri}`);
  return Number(match[1]);
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** A process that has ended but was not reaped yet (a zombie) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Polls a condition until it holds (never a fixed sleep); fails after timeoutMs. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isServer(value: unknown): value is DatabaseServer {
  return typeof value === 'object' && value !== null && 'stop' in value && typeof value.stop === 'function';
}

/** The error a promise rejects with; a server that started anyway is stopped and the test fails. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(Error);
    return err as Error;
  }
  if (isServer(value)) await value.stop();
  throw new Error('expected a rejection');
}

const noteSchema = new mongoose.Schema({ text: { type: String, required: true } });

/** Work with a Note model on its own connection to uri. */
export async function withNotes<T>(uri: string, work: (Note: mongoose.Model<{ text: string }>) => Promise<T>): Promise<T> {
  const conn = await mongoose.createConnection(uri, { bufferCommands: false, serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    return await work(conn.model('Note', noteSchema));
  } finally {
    await conn.close();
  }
}

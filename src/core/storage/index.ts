import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import type { Config } from '../config';
import { GridFsStorage } from './gridfs';
import { KEY_PATTERN, assertKey, newKey } from './keys';

export type StorageDriver = 'disk' | 'gridfs';

/**
 * Where uploaded files live. Files are stored under a random key, never under the user's name.
 * Drivers: local disk under `uploads/` (default) and MongoDB GridFS (several instances).
 */
export interface Storage {
  readonly driver: StorageDriver;
  /** Stores the content and returns its new random key. Nothing is left behind when the stream fails. */
  put(content: Readable): Promise<string>;
  /** The content of `key`; rejects when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes `key`; no error when it is already gone. */
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export { KEY_PATTERN, newKey, assertKey };

export class DiskStorage implements Storage {
  readonly driver = 'disk' as const;
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    assertKey(key);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async put(content: Readable): Promise<string> {
    const key = newKey();
    const final = this.pathOf(key);
    await mkdir(path.dirname(final), { recursive: true });
    const temp = `${final}.part`;
    try {
      await pipeline(content, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, final);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return key;
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    await stat(file);
    return createReadStream(file);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }
}

export { GridFsStorage };

/** The bucket of the GridFS driver (collections `documents.files` and `documents.chunks`). */
export const GRIDFS_BUCKET = 'documents';

/**
 * The storage of `driver` (default: the configured one). GridFS works on the app's mongoose
 * connection, looked up at each call so that a reconnection is picked up.
 */
export function createStorage(config: Pick<Config, 'storageDriver' | 'uploadDir'>, driver: StorageDriver = config.storageDriver): Storage {
  if (driver === 'gridfs') {
    return new GridFsStorage(() => {
      const db = mongoose.connection.db;
      if (!db) throw new Error('GridFS storage needs an open mongoose connection');
      return db;
    }, GRIDFS_BUCKET);
  }
  return new DiskStorage(config.uploadDir);
}

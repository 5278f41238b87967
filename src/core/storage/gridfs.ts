import type { Readable } from 'node:stream';
import { GridFSBucket, type Db } from 'mongodb';
import type { Storage } from './index';
import { assertKey, newKey } from './keys';

/**
 * Files in MongoDB GridFS (`<bucket>.files` + `<bucket>.chunks` of 255 KB), for several instances
 * sharing one database. The random key is the file's `_id`. Checked on FerretDB 1.24 (SQLite):
 * upload, download, find and delete all work there.
 */
export class GridFsStorage implements Storage {
  readonly driver = 'gridfs' as const;

  constructor(
    private readonly db: () => Db,
    private readonly bucketName: string,
  ) {}

  private bucket(): GridFSBucket {
    return new GridFSBucket(this.db(), { bucketName: this.bucketName });
  }

  async put(content: Readable): Promise<string> {
    const key = newKey();
    const upload = this.bucket().openUploadStreamWithId(key as never, key);
    try {
      // Each write resolves once its chunk is in the database, so after a failure no insert is still
      // in flight and the purge below sees every chunk written.
      for await (const piece of content) {
        await new Promise<void>((resolve, reject) => upload.write(piece as Buffer, (err) => (err ? reject(err) : resolve())));
      }
      await new Promise<void>((resolve, reject) => {
        upload.once('error', reject);
        upload.end(() => resolve());
      });
    } catch (err) {
      // The files document is written last: only chunks can be left; remove them and any files entry.
      upload.destroy();
      await this.purge(key);
      throw err;
    }
    return key;
  }

  async get(key: string): Promise<Readable> {
    assertKey(key);
    if (!(await this.exists(key))) throw Object.assign(new Error(`no stored file ${key}`), { code: 'ENOENT' });
    return this.bucket().openDownloadStream(key as never);
  }

  async remove(key: string): Promise<void> {
    assertKey(key);
    await this.purge(key);
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    return (await this.db().collection(`${this.bucketName}.files`).countDocuments({ _id: key as never }, { limit: 1 })) > 0;
  }

  private async purge(key: string): Promise<void> {
    const db = this.db();
    await db.collection(`${this.bucketName}.chunks`).deleteMany({ files_id: key });
    await db.collection(`${this.bucketName}.files`).deleteOne({ _id: key as never });
  }
}

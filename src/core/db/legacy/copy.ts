import { BSON, type Db, type Document, type IndexDescriptionInfo } from 'mongodb';
import { errorMessage } from '../proc';

const BATCH_DOCS = 1000;
/** GridFS chunks are up to 255 KB each: a batch is also cut by size. */
const BATCH_BYTES = 8 * 1024 * 1024;
const PROGRESS_EVERY_MS = 2000;

export interface CopyReport {
  /** documents copied, and how many the source counted before the copy. */
  collections: { name: string; documents: number; expected: number }[];
  /** Indexes the target refused (the app recreates its own at its next start). */
  indexWarnings: string[];
}

/** Collections of a database holding documents, with how many (the emptiness test of an import target). */
export async function nonEmptyCollections(db: Db): Promise<{ name: string; count: number }[]> {
  const found: { name: string; count: number }[] = [];
  for (const info of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (info.name.startsWith('system.')) continue;
    const count = await db.collection(info.name).countDocuments({}, { limit: 1 });
    if (count > 0) found.push({ name: info.name, count: await db.collection(info.name).estimatedDocumentCount() });
  }
  return found;
}

export class TargetNotEmpty extends Error {}

export async function assertEmpty(db: Db): Promise<void> {
  const occupied = await nonEmptyCollections(db);
  if (occupied.length === 0) return;
  const list = occupied.map((c) => `${c.name}: ${c.count}`).join(', ');
  throw new TargetNotEmpty(`the target database "${db.databaseName}" already holds data (${list}); the import only fills an empty database`);
}

/**
 * Copies every collection of `from` (GridFS ones included: they are collections) into `to`, with its
 * indexes, in batches; refuses when `to` holds any document. Values are copied as stored (no number
 * promotion), so an Int32 stays an Int32 and binary chunks stay binary.
 */
export async function copyDatabase(from: Db, to: Db, log: (msg: string) => void): Promise<CopyReport> {
  await assertEmpty(to);
  const names = (await from.listCollections({ type: 'collection' }, { nameOnly: true }).toArray())
    .map((info) => info.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
  const report: CopyReport = { collections: [], indexWarnings: [] };
  log(`copying ${names.length} collection(s) of "${from.databaseName}": ${names.join(', ') || 'none'}`);
  for (const name of names) {
    await ensureCollection(to, name);
    report.indexWarnings.push(...(await copyIndexes(from, to, name)));
    report.collections.push({ name, ...(await copyDocuments(from, to, name, log)) });
  }
  return report;
}

async function ensureCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (err) {
    // 48 NamespaceExists: the app created it, empty, at its start.
    if ((err as { code?: number }).code !== 48) throw err;
  }
}

const INDEX_OPTIONS = ['unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression'] as const;

async function copyIndexes(from: Db, to: Db, name: string): Promise<string[]> {
  const warnings: string[] = [];
  const indexes: IndexDescriptionInfo[] = await from.collection(name).listIndexes().toArray();
  for (const index of indexes) {
    if (index.name === '_id_') continue;
    const options: Document = { name: index.name };
    for (const key of INDEX_OPTIONS) if (index[key] !== undefined) options[key] = index[key];
    try {
      await to.collection(name).createIndex(index.key, options);
    } catch (err) {
      warnings.push(`${name}.${index.name ?? '?'}: ${errorMessage(err)}`);
    }
  }
  return warnings;
}

async function copyDocuments(from: Db, to: Db, name: string, log: (msg: string) => void): Promise<{ documents: number; expected: number }> {
  const total = await from.collection(name).countDocuments({});
  const cursor = from.collection(name).find({}, { promoteValues: false, promoteLongs: false, promoteBuffers: false, batchSize: BATCH_DOCS });
  let batch: Document[] = [];
  let bytes = 0;
  let copied = 0;
  let lastReport = Date.now();
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await to.collection(name).insertMany(batch, { ordered: true });
    copied += batch.length;
    batch = [];
    bytes = 0;
    if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      log(`  ${name}: ${copied}/${total}`);
      lastReport = Date.now();
    }
  };
  for await (const doc of cursor) {
    batch.push(doc);
    bytes += BSON.calculateObjectSize(doc);
    if (batch.length >= BATCH_DOCS || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  log(`  ${name}: ${copied} document(s)`);
  return { documents: copied, expected: total };
}

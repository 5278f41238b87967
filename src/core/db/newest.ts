import mongoose, { type Model } from 'mongoose';

const DAY = 24 * 60 * 60 * 1000;

/** The time windows tried in turn, newest first; the last one (null) is everything. */
const WINDOWS = [7, 31, 366, null] as const;

export interface NewestOptions {
  /** The record's date field (indexed with the collection's filters on MongoDB). */
  field: string;
  skip: number;
  limit: number;
  now?: Date;
}

/**
 * A page of an append-only collection (activity, notifications) newest first, without sorting the
 * whole collection: the query is narrowed to the last week, and widened (a month, a year, all) only
 * while the window holds fewer records than the page needs. A server that cannot use an index
 * (the embedded one) then sorts a few hundred records instead of a hundred thousand; MongoDB serves
 * each try from the index. The date condition comes first so that it rules records out early.
 */
export async function newestFirst<T>(model: Model<T>, filter: Record<string, unknown>, options: NewestOptions) {
  const now = (options.now ?? new Date()).getTime();
  const wanted = options.skip + options.limit;
  for (const days of WINDOWS) {
    const windowed = days === null ? filter : { [options.field]: mongoose.trusted({ $gte: new Date(now - days * DAY) }), ...filter };
    const docs = await model
      .find(windowed)
      .sort({ [options.field]: -1, _id: -1 })
      .limit(wanted)
      .lean();
    if (docs.length >= wanted || days === null) return docs.slice(options.skip);
  }
  return [];
}

/**
 * A page and the total of an append-only collection, newest first. The whole collection: the page
 * through newestFirst and the size from the collection's metadata. A filtered one (a search, a kind):
 * one read of the matching records' dates (two small fields each), sorted here, then the page's
 * records by _id: one pass over the collection for the page and its count, however rare the matches.
 */
export async function newestPage<T>(model: Model<T>, filter: Record<string, unknown>, options: NewestOptions) {
  if (Object.keys(filter).length === 0) {
    const [docs, total] = await Promise.all([newestFirst(model, filter, options), model.estimatedDocumentCount()]);
    return { docs, total };
  }
  const field = options.field;
  const keys = await model.find(filter, { _id: 1, [field]: 1 }).lean<{ _id: mongoose.Types.ObjectId; [key: string]: unknown }[]>();
  const time = (k: { [key: string]: unknown }) => (k[field] instanceof Date ? (k[field] as Date).getTime() : 0);
  keys.sort((a, b) => time(b) - time(a) || String(b._id).localeCompare(String(a._id)));
  const ids = keys.slice(options.skip, options.skip + options.limit).map((k) => k._id);
  const found = ids.length ? await model.find({ _id: mongoose.trusted({ $in: ids }) }).lean() : [];
  const byId = new Map(found.map((d) => [String((d as { _id: unknown })._id), d]));
  return { docs: ids.flatMap((id) => byId.get(String(id)) ?? []), total: keys.length };
}

/** Whether `id` has the shape of an ObjectId (24 hex digits): anything else is an unknown record, never a query. */
export function isObjectId(id: unknown): id is string {
  return typeof id === 'string' && /^[a-f0-9]{24}$/i.test(id);
}

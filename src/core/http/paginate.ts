/** A page of a list plus what the pagination partial needs. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
}

export const PER_PAGE = 20;

export function pageBounds(page: number, perPage = PER_PAGE): { skip: number; limit: number } {
  return { skip: (Math.max(page, 1) - 1) * perPage, limit: perPage };
}

export function paged<T>(items: T[], total: number, page: number, perPage = PER_PAGE): Paged<T> {
  return { items, total, page, pages: Math.max(1, Math.ceil(total / perPage)), perPage };
}

/** Escapes user text for a RegExp (search boxes): no operator, no ReDoS. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `-field` → { field: -1, _id: -1 }; always ends with _id so pages are stable. The tie-break follows the
 * sort's direction: records created in the same millisecond still come newest first for `-createdAt`.
 */
export function sortSpec(sort: string): Record<string, 1 | -1> {
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  return { [field]: desc ? -1 : 1, _id: desc ? -1 : 1 };
}

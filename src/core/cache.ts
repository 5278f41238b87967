/**
 * A summary kept in this process for a short while: the first request computes it, the next ones
 * read it, and once it is older than `freshMs` the next request still gets it at once while it is
 * computed again in the background (stale-while-revalidate). For programme-wide dashboards whose
 * inputs scan large collections (the embedded server scans for any filter but _id): a figure up to
 * a minute old instead of seconds of scanning on every home page. Never for what a user just
 * changed and expects to see at once.
 */
interface Entry<T> {
  value?: T;
  at: number;
  pending?: Promise<T>;
}

const entries = new Map<string, Entry<unknown>>();

export async function kept<T>(key: string, freshMs: number, compute: () => Promise<T>): Promise<T> {
  const entry = (entries.get(key) ?? { at: 0 }) as Entry<T>;
  entries.set(key, entry);
  const refresh = (): Promise<T> => {
    entry.pending ??= compute()
      .then((value) => {
        entry.value = value;
        entry.at = Date.now();
        return value;
      })
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  };
  if (entry.value === undefined) return refresh();
  if (Date.now() - entry.at > freshMs) void refresh().catch(() => undefined);
  return entry.value;
}

/** Forgets every kept summary (tests that change the data underneath one). */
export function forgetKept(): void {
  entries.clear();
}

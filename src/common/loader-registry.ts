import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders. A service names a loader and gives its batch
 * function; the first use in a request creates it, later uses share it, so
 * every nested field costs one query per level however long the page is.
 * A new registry is made for every request: nothing is cached across requests.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(name, loader);
    }
    return loader;
  }
}

export interface RequestContext {
  loaders: LoaderRegistry;
  req?: unknown;
}

/** Groups rows by a key, in the order of `keys`, for one-to-many loaders. */
export function groupBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

/** Picks one row per key, in the order of `keys`, for one-to-one loaders. */
export function indexBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

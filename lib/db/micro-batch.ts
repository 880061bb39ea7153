// Micro-batching for the hottest reads and writes (issue 11: public verify at
// 1,000 requests/s on 2 cores). Every call made while the event loop handles
// one round of I/O is answered by ONE call of `loadMany`, made on the next
// turn (setImmediate): under load, the 50 requests whose bodies arrived
// together cost one round trip and one query plan instead of 50, and each
// still gets its own exact answer from the database (no cache, nothing
// stale). A lone call waits one loop turn, well under a millisecond.

export type BatchLoad<K, V> = (keys: readonly K[]) => Promise<readonly V[]>;

/**
 * A function answering one key at a time that sends the keys of one loop turn
 * to `loadMany` together. `loadMany` answers the keys in order (same length);
 * when it fails, every call of that batch fails with its error. At most
 * `maxBatch` keys go in one call (the rest start the next batch at once).
 */
export function microBatch<K, V>(loadMany: BatchLoad<K, V>, opts: { maxBatch?: number } = {}): (key: K) => Promise<V> {
  const maxBatch = opts.maxBatch ?? 500;
  type Waiter = { key: K; resolve: (v: V) => void; reject: (e: unknown) => void };
  let pending: Waiter[] = [];
  let scheduled = false;

  const run = (batch: Waiter[]) => {
    loadMany(batch.map((w) => w.key)).then(
      (values) => {
        if (values.length !== batch.length) {
          const err = new Error(`microBatch: loadMany answered ${values.length} values for ${batch.length} keys`);
          for (const w of batch) w.reject(err);
          return;
        }
        batch.forEach((w, i) => w.resolve(values[i]!));
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
  };

  const flush = () => {
    scheduled = false;
    const all = pending;
    pending = [];
    for (let i = 0; i < all.length; i += maxBatch) run(all.slice(i, i + maxBatch));
  };

  return (key) =>
    new Promise<V>((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** One batcher per database client (tests use several clients in one process). */
export function perClient<C extends object, K, V>(make: (client: C) => (key: K) => Promise<V>): (client: C, key: K) => Promise<V> {
  const byClient = new WeakMap<C, (key: K) => Promise<V>>();
  return (client, key) => {
    let load = byClient.get(client);
    if (!load) {
      load = make(client);
      byClient.set(client, load);
    }
    return load(key);
  };
}

/**
 * Short-lived in-process copies of hot reads, shared by the API (api/read-cache.ts) and the
 * worker (the PKI document, activities/pki.ts): identical reads in flight share one query, and an
 * answer is reused for a fraction of a second. Why: the MongoDB-compatible server is the shared,
 * slow part; under load every request waited on its own query.
 */

/**
 * A bounded map of promises that expire `ttlMs` after they settle; a failed load is not kept.
 * For `staleMs` past that, the first reader reloads it and waits for the new copy, while the
 * readers that come during that reload get the old copy at once (so that a busy copy expiring
 * never makes every reader wait on the database, and whoever asks after the copy's time still
 * reads what is there now); should the reload fail, its reader too gets the old copy. Past
 * `ttlMs + staleMs` readers wait for the load as without a stale window.
 */
export class ReadCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly staleMs = 0,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const known = this.entries.get(key);
    if (known && known.until > now) return known.value;
    if (known && known.until + this.staleMs > now) {
      return known.reloading ? known.value : this.reload(key, known, load);
    }
    // Until it settles the entry never expires: readers in the meantime share the query.
    const entry: Entry<T> = { value: load(), until: Number.POSITIVE_INFINITY, reloading: false };
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.value.then(
      () => {
        entry.until = this.clock() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.bound();
    return entry.value;
  }

  /** One load replacing a stale copy, unless the copy was dropped meanwhile (a write). */
  private reload(key: string, stale: Entry<T>, load: () => Promise<T>): Promise<T> {
    stale.reloading = true;
    return load().then(
      (value) => {
        if (this.entries.get(key) === stale) this.set(key, value);
        return value;
      },
      () => {
        stale.reloading = false; // the stale copy serves out its time; the next reader retries
        return stale.value;
      },
    );
  }

  private bound(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Keeps `value` as the copy of `key` (a fresher read made elsewhere). */
  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, {
      value: Promise.resolve(value),
      until: this.clock() + this.ttlMs,
      reloading: false,
    });
    this.bound();
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

interface Entry<T> {
  value: Promise<T>;
  until: number;
  reloading: boolean;
}

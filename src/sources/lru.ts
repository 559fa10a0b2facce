/** What {@link Lru} keeps: anything with a key and the two links of its place in the recency order. */
export interface LruEntry {
  readonly key: string;
  newer: this | undefined;
  older: this | undefined;
}

/**
 * Entries by key, at most `limit` of them, the least recently used evicted first. The recency
 * order is a list threaded through the entries themselves: marking an entry used moves it to the
 * front with a few link writes (none when it is already there), with no allocation and no second
 * Map operation, so a cache hit costs one Map lookup.
 */
export class Lru<Entry extends LruEntry> {
  readonly #entries = new Map<string, Entry>();
  readonly #limit: number;
  #newest: Entry | undefined;
  #oldest: Entry | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  /** Marks an entry as the most recently used. */
  touch(entry: Entry): void {
    if (entry === this.#newest) return;
    this.#unlink(entry);
    this.#pushNewest(entry);
  }

  /** Keeps a new entry (for a key not kept) as the most recently used, evicting the least recently used beyond the limit. */
  add(entry: Entry): void {
    this.#entries.set(entry.key, entry);
    this.#pushNewest(entry);
    if (this.#entries.size > this.#limit && this.#oldest !== undefined) this.delete(this.#oldest);
  }

  /** Drops this very entry, if it is still kept (not a newer one of the same key). */
  delete(entry: Entry): void {
    if (this.#entries.get(entry.key) !== entry) return;
    this.#entries.delete(entry.key);
    this.#unlink(entry);
  }

  clear(): void {
    this.#entries.clear();
    this.#newest = this.#oldest = undefined;
  }

  #unlink(entry: Entry): void {
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    entry.newer = entry.older = undefined;
  }

  #pushNewest(entry: Entry): void {
    entry.older = this.#newest;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }
}

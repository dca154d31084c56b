import { IntegrationPrincipal } from '../principal';

interface Entry {
  principal: IntegrationPrincipal;
  expiresAt: number;
}

/**
 * Keys that authenticated recently, by hash, so an integration's every request does not cost a
 * database round trip. Safe only while the process hears about key changes: `ApiKeyChanges`
 * turns the cache on when its LISTEN is up, drops a key the moment a change to it commits,
 * and turns the cache off (and empties it) whenever the connection is lost, because changes
 * made meanwhile were not heard. `ttlMs` bounds an entry's life anyway.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  /**
   * Bumped by every eviction. A lookup that started before a revocation may answer after the
   * eviction; comparing generations keeps such a stale answer out of the cache.
   */
  private generation = 0;

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number } = { maxEntries: 10_000, ttlMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.listening;
  }

  /** Called when the change feed is (re)established or lost; either way, what is held is dropped. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.clear();
  }

  get(hash: string): IntegrationPrincipal | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  /** The generation to hand back to `set` with the answer of a lookup starting now. */
  startLookup(): number {
    return this.generation;
  }

  set(hash: string, principal: IntegrationPrincipal, lookupGeneration: number): void {
    if (!this.listening || lookupGeneration !== this.generation) return;
    if (this.entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(hash, { principal, expiresAt: this.now() + this.options.ttlMs });
  }

  evict(hash: string): void {
    this.generation++;
    this.entries.delete(hash);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A lease is a named lock with an expiry: whoever holds it renews it while working, and when the
 * holder dies (a killed replica, a crashed ingestion) it simply runs out, so nobody has to clean up.
 * One mechanism for the ingestion lock, the one re-indexing job at a time, and the turns of one
 * Direct Line conversation. Implementations: memoryLeases.ts (one process), redisLeases.ts (shared).
 */
export interface Lease {
  readonly name: string;
  /** What the holder said it is (a job id); readable by others through `holder`. */
  readonly holder: string;
  /** Extends the expiry; false when the lease had already run out or was taken over. */
  renew(): Promise<boolean>;
  /** Gives the lease up (only if still held by this holder). */
  release(): Promise<void>;
}

export interface LeaseStore {
  /** Takes the lease when nobody holds it; undefined when someone does. */
  tryAcquire(name: string, ttlMs: number, holder?: string): Promise<Lease | undefined>;
  /** Who holds the lease now, if anyone. */
  holderOf(name: string): Promise<string | undefined>;
}

/**
 * Renews `lease` every third of its lifetime until the returned function is called. `onLost` is
 * called once when the lease turns out to be gone, or could not be renewed for a whole lifetime.
 */
export function keepRenewed(lease: Lease, ttlMs: number, onLost: (error: Error) => void): () => void {
  let lastRenewed = Date.now();
  let stopped = false;
  const timer = setInterval(() => {
    lease.renew().then(
      (held) => {
        if (stopped) return;
        if (held) lastRenewed = Date.now();
        else lose(new Error(`the lease ${lease.name} ran out or was taken over`));
      },
      (error: unknown) => {
        if (!stopped && Date.now() - lastRenewed >= ttlMs) lose(new Error(`the lease ${lease.name} could not be renewed: ${(error as Error).message}`));
      },
    );
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  const lose = (error: Error) => {
    stop();
    onLost(error);
  };
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}

import { IngestLockedError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { keepRenewed, type LeaseStore } from '../core/state/leases.ts';
import { DEFAULT_LOCK_STALE_MS, type IngestLock } from './ingestLock.ts';

/** One ingestion per deployment: the lease name, below the store's key prefix. */
export const INGEST_LEASE = 'ingest-lock';

/**
 * The ingestion lock as a lease in the shared state store (STATE_STORE=redis): replicas, the admin
 * API's child processes and the CLI on any machine see the same lock, with no reliance on file
 * locking over a network share. It is renewed while the run goes on; the lease of a killed run runs
 * out after `staleMs`.
 */
export async function acquireLeaseIngestLock(
  leases: LeaseStore,
  options: { description: string; staleMs?: number; logger?: Logger },
): Promise<IngestLock> {
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const lease = await leases.tryAcquire(INGEST_LEASE, staleMs, `ingest pid ${process.pid}`);
  if (!lease) throw new IngestLockedError(options.description);
  let lost: Error | undefined;
  const stop = keepRenewed(lease, staleMs, (error) => {
    lost = error;
    options.logger?.error({ err: error, lock: options.description }, 'ingestion lock was compromised');
  });
  return {
    lockPath: options.description,
    compromised: () => lost,
    release: async () => {
      stop();
      if (!lost) await lease.release();
    },
  };
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { IngestLockedError, WegweiserError } from '../core/errors.ts';
import { LOCK_FILE } from '../core/index/indexFormat.ts';
import type { Logger } from '../core/logger.ts';

/** Default age after which a lock nobody refreshes counts as left behind by a crashed run. */
export const DEFAULT_LOCK_STALE_MS = 30_000;

export interface IngestLock {
  readonly lockPath: string;
  /** Set when the lock was lost while held (e.g. taken over as stale); the run must not go live then. */
  compromised(): Error | undefined;
  release(): Promise<void>;
}

/**
 * Takes the index's ingestion lock (a directory created atomically by proper-lockfile and refreshed
 * while held, so a lock of a killed process goes stale and is taken over after `staleMs`).
 */
export async function acquireIngestLock(
  indexDir: string,
  options: { staleMs?: number; logger?: Logger } = {},
): Promise<IngestLock> {
  await mkdir(indexDir, { recursive: true });
  const lockPath = path.join(indexDir, LOCK_FILE);
  let lost: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(indexDir, {
      lockfilePath: lockPath,
      stale: options.staleMs ?? DEFAULT_LOCK_STALE_MS,
      retries: 0,
      // The default handler throws from a timer, which would crash the process; record it instead.
      onCompromised: (error) => {
        lost = error;
        options.logger?.error({ err: error, lockPath }, 'ingestion lock was compromised');
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new IngestLockedError(lockPath);
    throw new WegweiserError(`Cannot create the ingestion lock ${lockPath}: ${(error as Error).message}`, 'ingest_lock_failed', {
      cause: error,
    });
  }
  return {
    lockPath,
    compromised: () => lost,
    release: async () => {
      if (lost) return;
      await release();
    },
  };
}

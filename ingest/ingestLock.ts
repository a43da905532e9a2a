import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { IngestLockedError, WegweiserError } from '../core/errors.ts';
import { LOCK_FILE } from '../core/index/indexFormat.ts';
import type { Logger } from '../core/logger.ts';

/** Default age after which a lock nobody refreshes counts as left behind by a crashed run. */
export const DEFAULT_LOCK_STALE_MS = 30_000;
/** Who holds the lock, next to it (the lock itself is a directory that must stay empty). */
export const LOCK_OWNER_FILE = 'ingest.lock.owner.json';

export interface IngestLock {
  readonly lockPath: string;
  /** Set when the lock was lost while held (e.g. taken over as stale); the run must not go live then. */
  compromised(): Error | undefined;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function readOwner(indexDir: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path.join(indexDir, LOCK_OWNER_FILE), 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.hostname === 'string') return owner as LockOwner;
  } catch {
    // No or unreadable owner file: fall back to the stale-time rule.
  }
  return undefined;
}

/**
 * A lock whose owner process on this machine no longer exists is left over from a crash (SIGKILL,
 * power loss) and can be removed at once instead of after the stale time.
 */
async function removeLockOfDeadOwner(indexDir: string, lockPath: string, logger?: Logger): Promise<boolean> {
  const owner = await readOwner(indexDir);
  if (!owner || owner.hostname !== os.hostname() || owner.pid === process.pid || !isProcessGone(owner.pid)) return false;
  logger?.warn({ pid: owner.pid, since: owner.startedAt, lockPath }, 'removing the ingestion lock of a process that no longer exists');
  try {
    await rmdir(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return true;
}

async function tryLock(indexDir: string, lockPath: string, staleMs: number, onCompromised: (error: Error) => void) {
  return lockfile.lock(indexDir, {
    lockfilePath: lockPath,
    stale: staleMs,
    retries: 0,
    // The default handler throws from a timer, which would crash the process; record it instead.
    onCompromised,
  });
}

/**
 * Takes the index's ingestion lock: a directory created atomically by proper-lockfile and refreshed
 * while held, so the lock of a killed process goes stale and is taken over after `staleMs`; when its
 * owner is known to be gone (same machine, process id no longer exists) it is taken over at once.
 */
export async function acquireIngestLock(
  indexDir: string,
  options: { staleMs?: number; logger?: Logger } = {},
): Promise<IngestLock> {
  await mkdir(indexDir, { recursive: true });
  const lockPath = path.join(indexDir, LOCK_FILE);
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  let lost: Error | undefined;
  const onCompromised = (error: Error) => {
    lost = error;
    options.logger?.error({ err: error, lockPath }, 'ingestion lock was compromised');
  };
  let release: () => Promise<void>;
  try {
    try {
      release = await tryLock(indexDir, lockPath, staleMs, onCompromised);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || !(await removeLockOfDeadOwner(indexDir, lockPath, options.logger))) {
        throw error;
      }
      release = await tryLock(indexDir, lockPath, staleMs, onCompromised);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new IngestLockedError(lockPath);
    throw new WegweiserError(`Cannot create the ingestion lock ${lockPath}: ${(error as Error).message}`, 'ingest_lock_failed', {
      cause: error,
    });
  }
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  try {
    await writeFile(path.join(indexDir, LOCK_OWNER_FILE), `${JSON.stringify(owner)}\n`);
  } catch (error) {
    await release();
    throw new WegweiserError(`Cannot write ${LOCK_OWNER_FILE} in ${indexDir}: ${(error as Error).message}`, 'ingest_lock_failed', { cause: error });
  }
  return {
    lockPath,
    compromised: () => lost,
    release: async () => {
      if (lost) return;
      await rm(path.join(indexDir, LOCK_OWNER_FILE), { force: true });
      await release();
    },
  };
}

import path from 'node:path';
import lockfile from 'proper-lockfile';
import { LOCK_FILE } from '../../core/index/indexFormat.ts';

/** Same staleness rule as the ingestion's lock: a lock not refreshed for this long was left by a crash. */
const LOCK_STALE_MS = 30_000;

/**
 * True while another process (the ingestion CLI, watch mode) holds the index lock, so the admin API
 * can answer 409 at once; the child's exit code 3 still covers the race between check and start.
 */
export async function isIndexLocked(indexDir: string): Promise<boolean> {
  try {
    return await lockfile.check(indexDir, { lockfilePath: path.join(indexDir, LOCK_FILE), stale: LOCK_STALE_MS, realpath: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

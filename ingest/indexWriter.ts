import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { IndexError } from '../core/errors.ts';
import {
  CURRENT_FILE,
  MANIFEST_FILE,
  STORE_FILE,
  VECTORS_FILE,
  VERSIONS_DIR,
  versionDir,
  type IndexManifest,
} from '../core/index/indexFormat.ts';
import type { Logger } from '../core/logger.ts';
import type { StoreChanges } from '../core/index/storeFormat.ts';
import { writeStore } from './storeWriter.ts';

/** HNSW build parameters: the hnswlib defaults that balance recall and build time well for text. */
const HNSW_M = 16;
const HNSW_EF_CONSTRUCTION = 200;
/** When more than this share of the stored points is deleted, rebuild the graph instead of patching it. */
const MAX_DELETED_SHARE = 0.5;

/** Sortable and unique: creation time plus randomness (two runs in the same millisecond still differ). */
export function newVersionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export interface VectorPlan {
  dimensions: number;
  /** The previous version's vectors, already loaded (our own in-memory copy: the live files stay untouched). */
  previous?: HierarchicalNSW;
  /** Labels of chunks that leave the index (deleted, changed or re-embedded files). */
  removedLabels: readonly number[];
  /** Labels of previous chunks that stay, with their vectors reused. */
  keptLabels: readonly number[];
  additions: ReadonlyArray<{ label: number; vector: number[] }>;
}

function freshIndex(dimensions: number, capacity: number): HierarchicalNSW {
  const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
  index.initIndex({ maxElements: Math.max(1, capacity), m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION });
  return index;
}

/**
 * The vector index of the new version. Incremental when possible: deleted labels are only marked (their
 * space is not reclaimed), so once they dominate the graph is rebuilt from the kept vectors, without
 * re-embedding anything.
 */
export function buildVectorIndex(plan: VectorPlan): HierarchicalNSW {
  const liveCount = plan.keptLabels.length + plan.additions.length;
  const previous = plan.previous;
  const storedAfter = (previous?.getCurrentCount() ?? 0) + plan.additions.length;
  const patch = previous !== undefined && storedAfter - liveCount <= Math.max(1, storedAfter * MAX_DELETED_SHARE);
  let index: HierarchicalNSW;
  if (patch) {
    index = previous;
    for (const label of plan.removedLabels) index.markDelete(label);
    const needed = index.getCurrentCount() + plan.additions.length;
    if (needed > index.getMaxElements()) index.resizeIndex(needed);
  } else {
    index = freshIndex(plan.dimensions, liveCount);
    if (previous) for (const label of plan.keptLabels) index.addPoint(previous.getPoint(label), label);
  }
  for (const { label, vector } of plan.additions) index.addPoint(vector, label);
  return index;
}

async function writeDurably(filePath: string, write: (handle: import('node:fs/promises').FileHandle) => Promise<void>): Promise<void> {
  const handle = await open(filePath, 'w');
  try {
    await write(handle);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFile(filePath: string): Promise<void> {
  const handle = await open(filePath, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or new file in `dir` durable; some platforms cannot fsync folders, which is harmless. */
async function syncDir(dir: string, logger?: Logger): Promise<void> {
  try {
    await syncFile(dir);
  } catch (error) {
    logger?.debug({ err: error, dir }, 'folder fsync not supported');
  }
}

export interface VersionContent {
  manifest: IndexManifest;
  /** The chunk store's changes against the version folder `base` (absent: a new store). */
  store: StoreChanges & { base?: string };
  /** Dense vectors, only when the embedder has them. */
  vectors?: HierarchicalNSW;
}

/**
 * Writes a complete version folder (chunk store, vectors, then manifest), each file synced to disk.
 * Nothing points at it yet: a crash now leaves an orphan folder that the next run removes.
 */
export async function writeVersion(indexDir: string, content: VersionContent, logger?: Logger): Promise<string> {
  const dir = versionDir(indexDir, content.manifest.id);
  await mkdir(dir, { recursive: true });
  const storePath = path.join(dir, STORE_FILE);
  const { base, ...changes } = content.store;
  await writeStore(storePath, { ...changes, ...(base ? { base: path.join(base, STORE_FILE) } : {}) });
  await syncFile(storePath);
  if (content.vectors) {
    const vectorsPath = path.join(dir, VECTORS_FILE);
    await content.vectors.writeIndex(vectorsPath);
    await syncFile(vectorsPath);
  }
  await writeDurably(path.join(dir, MANIFEST_FILE), async (handle) => {
    await handle.write(`${JSON.stringify(content.manifest, null, 2)}\n`);
  });
  await syncDir(dir, logger);
  await syncDir(path.dirname(dir), logger);
  return dir;
}

/** Points CURRENT at `versionId` atomically: readers see the old or the new version, never a mix. */
export async function commitVersion(indexDir: string, versionId: string, logger?: Logger): Promise<void> {
  const temp = path.join(indexDir, `${CURRENT_FILE}.${versionId}.tmp`);
  await writeDurably(temp, async (handle) => {
    await handle.write(`${versionId}\n`);
  });
  try {
    await rename(temp, path.join(indexDir, CURRENT_FILE));
  } catch (error) {
    throw new IndexError(`Cannot make index version ${versionId} live: ${(error as Error).message}`, 'index_commit_failed', { cause: error });
  }
  await syncDir(indexDir, logger);
}

/**
 * Deletes version folders other than the live one and the one before it (a reader that resolved
 * CURRENT just before the switch may still be reading that one). Also removes orphans of crashed runs.
 */
export async function removeOldVersions(indexDir: string, keep: ReadonlyArray<string | undefined>, logger?: Logger): Promise<string[]> {
  const keepSet = new Set(keep.filter((id): id is string => id !== undefined));
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(path.join(indexDir, VERSIONS_DIR));
  } catch (error) {
    logger?.warn({ err: error }, 'cannot list index versions for clean-up');
    return removed;
  }
  for (const entry of entries) {
    if (keepSet.has(entry)) continue;
    try {
      await rm(path.join(indexDir, VERSIONS_DIR, entry), { recursive: true, force: true });
      removed.push(entry);
    } catch (error) {
      // Clean-up is best effort: a left-over folder wastes space but never affects answers.
      logger?.warn({ err: error, version: entry }, 'cannot remove old index version');
    }
  }
  // Temp files of a crashed CURRENT write.
  try {
    for (const entry of await readdir(indexDir)) {
      if (entry.startsWith(`${CURRENT_FILE}.`) && entry.endsWith('.tmp')) await rm(path.join(indexDir, entry), { force: true });
    }
  } catch (error) {
    logger?.warn({ err: error }, 'cannot remove temporary CURRENT files');
  }
  return removed;
}

/**
 * Removes version folders a killed run left behind: one written but never made live, or the one a run
 * killed right after its switch could not delete yet. Keeps the live version and the newest one before
 * it (what a finished run keeps). Call only while holding the ingestion lock.
 */
export async function removeOrphanedVersions(indexDir: string, liveVersion: string | undefined, logger?: Logger): Promise<string[]> {
  if (!liveVersion) return [];
  let entries: string[];
  try {
    entries = await readdir(path.join(indexDir, VERSIONS_DIR));
  } catch {
    return [];
  }
  const previous = entries.filter((id) => id < liveVersion).sort().at(-1);
  const removed = await removeOldVersions(indexDir, [liveVersion, previous], logger);
  if (removed.length > 0) logger?.info({ removed }, 'removed index versions left by an interrupted run');
  return removed;
}

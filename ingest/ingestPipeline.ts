import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { DocumentLoadError, type IndexError, IngestLockedError, WegweiserError } from '../core/errors.ts';
import type { EmbeddingsProvider } from '../core/embeddings/embeddingsProvider.ts';
import { INDEX_FORMAT_VERSION, type FailedFile, type IndexManifest, type ManifestFile } from '../core/index/indexFormat.ts';
import { openIndex, readCurrentManifest, readCurrentVersion, sameEmbedder, type LoadedIndex } from '../core/index/indexReader.ts';
import type { IngestProgress, IngestReport } from '../core/index/ingestReport.ts';
import type { Logger } from '../core/logger.ts';
import type { Chunk } from '../core/types.ts';
import { embeddingText, type DraftChunk } from './chunker.ts';
import type { ProcessedDocument } from './documentProcessing.ts';
import { sharedDocumentWorker, type DocumentWorker } from './documentWorker.ts';
import { describeFsError, isInsideFolder, OUTSIDE_DOCS_FOLDER, scanDocsFolder, type ScannedFile } from './docsScanner.ts';
import { acquireIngestLock, type IngestLock } from './ingestLock.ts';
import { buildVectorIndex, commitVersion, newVersionId, removeOldVersions, removeOrphanedVersions, writeVersion } from './indexWriter.ts';
import { loaderForFile, supportedExtensions } from './loaders/loaderRegistry.ts';
import { DEFAULT_LOAD_LIMITS, type LoadLimits } from './loaders/loadLimits.ts';

export interface IngestOptions {
  docsDir: string;
  indexDir: string;
  embeddings: EmbeddingsProvider;
  /** Re-read and re-embed every document instead of reusing unchanged ones. */
  full?: boolean;
  maxFileSizeBytes: number;
  onProgress?: (event: IngestProgress) => void;
  logger?: Logger;
  /** Texts per embeddings request. */
  batchSize?: number;
  /** Age after which a lock nobody refreshes is taken over (proper-lockfile's minimum is 2 s). */
  lockStaleMs?: number;
  /** Takes the ingestion lock; default: the lock file in the index folder (one machine). */
  acquireLock?: () => Promise<IngestLock>;
  /** Resource limits for reading each document (archive sizes, text, worker heap and time). */
  limits?: Partial<LoadLimits>;
  /** Stops the run between files and batches (CLI on SIGINT/SIGTERM); nothing is made live then. */
  signal?: AbortSignal;
}

/** The run was stopped before it made a new version live; the previous index stays as it was. */
export class IngestAbortedError extends WegweiserError {
  constructor(reason: unknown) {
    super(`The ingestion was stopped (${reason instanceof Error ? reason.message : String(reason ?? 'aborted')}); the previous index stays live.`, 'ingest_aborted');
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new IngestAbortedError(signal.reason);
}

/** Computing embeddings failed; the previous index stays live. */
export class EmbeddingFailedError extends WegweiserError {
  constructor(cause: unknown) {
    super(
      `Computing embeddings failed: ${(cause as Error)?.message ?? String(cause)}. Nothing was changed; the previous index stays live.`,
      'embedding_failed',
      { cause },
    );
  }
}

const DEFAULT_BATCH_SIZE = 64;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What became of one file in this run. */
type FileOutcome =
  | { kind: 'unchanged'; entry: ManifestFile; labels: number[] }
  | { kind: 'loaded'; entry: ManifestFile; drafts: DraftChunk[]; isNew: boolean }
  | { kind: 'failed'; failure: FailedFile; previous?: { entry: ManifestFile; labels: number[] } };

interface Previous {
  index: LoadedIndex;
  files: Map<string, ManifestFile>;
  /** Chunks (and vectors) can be reused (same embedder and analysis, no full rebuild). */
  reusable: boolean;
}

async function openPrevious(options: IngestOptions, notes: string[]): Promise<Previous | undefined> {
  let index: LoadedIndex | undefined;
  try {
    index = await openIndex(options.indexDir);
  } catch (error) {
    // A damaged index must not block repairing it: rebuild from the documents.
    options.logger?.warn({ err: error }, 'previous index unreadable; rebuilding from scratch');
    notes.push(
      (error as IndexError).code === 'index_format_outdated'
        ? `The index format changed (${(error as Error).message}); all documents were read again.`
        : `The previous index could not be read (${(error as Error).message}); all documents were read again.`,
    );
    return undefined;
  }
  if (!index) return undefined;
  const files = new Map(index.manifest.files.map((f) => [f.source, f]));
  let reusable = !options.full;
  if (!sameEmbedder(index.manifest.embedder, options.embeddings.info)) {
    const was = index.manifest.embedder;
    const now = options.embeddings.info;
    notes.push(
      `The embeddings changed from ${was.provider}/${was.model} (${was.dimensions} dimensions) to ${now.provider}/${now.model} (${now.dimensions} dimensions); the index was rebuilt completely.`,
    );
    reusable = false;
  }
  return { index, files, reusable };
}

class OutsideDocsFolderError extends Error {}

/**
 * Reads a scanned file, proving once more (a link may have been swapped in since the scan) that its
 * real path lies inside the documents folder; O_NOFOLLOW refuses a link put in between.
 */
async function readInsideFolder(file: string, docsDir: string): Promise<Buffer> {
  const [root, real] = await Promise.all([realpath(docsDir), realpath(file)]);
  if (!isInsideFolder(root, real)) throw new OutsideDocsFolderError('skipped: the file is a link to a place outside the documents folder');
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function processFile(file: ScannedFile, options: IngestOptions, previous: Previous | undefined, worker: DocumentWorker): Promise<FileOutcome> {
  const before = previous?.files.get(file.relativePath);
  const beforeLabels = before ? previous!.index.store.labels(file.relativePath) : [];
  const fail = (code: string, reason: string): FileOutcome => {
    if (before) {
      return {
        kind: 'failed',
        failure: { source: file.relativePath, code, reason: `${reason} (previous version kept)` },
        previous: { entry: before, labels: beforeLabels },
      };
    }
    return { kind: 'failed', failure: { source: file.relativePath, code, reason } };
  };

  const loader = loaderForFile(file.relativePath);
  if (!loader) {
    const extension = path.extname(file.relativePath).toLowerCase();
    const what = extension ? `files of type ${extension} are not supported` : 'files without an extension are not supported';
    return fail('unsupported_type', `${what}; supported types: ${supportedExtensions().join(', ')}`);
  }
  if (file.size > options.maxFileSizeBytes) {
    return fail(
      'too_large',
      `${formatBytes(file.size)} exceeds the limit of ${formatBytes(options.maxFileSizeBytes)} (MAX_FILE_SIZE_MB)`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readInsideFolder(file.absolutePath, options.docsDir);
  } catch (error) {
    if (error instanceof OutsideDocsFolderError) {
      // Content from outside the folder is never indexed, not even as a kept previous version.
      return { kind: 'failed', failure: { source: file.relativePath, code: OUTSIDE_DOCS_FOLDER, reason: error.message } };
    }
    return fail('unreadable', describeFsError(error));
  }
  if (bytes.length === 0) return fail('empty_file', 'the file is empty');
  const hash = sha256(bytes);
  const mtime = file.mtime.toISOString();
  if (before && previous?.reusable && before.hash === hash && beforeLabels.length === before.chunkCount) {
    return { kind: 'unchanged', entry: { ...before, mtime }, labels: beforeLabels };
  }

  const size = bytes.length;
  let document: ProcessedDocument;
  try {
    // The loader and chunker run in the worker process, within the limits.
    document = await worker.process({ absolutePath: file.absolutePath, relativePath: file.relativePath, bytes }, { hash, mtime });
  } catch (error) {
    if (error instanceof DocumentLoadError) return fail(error.code, error.reason);
    options.logger?.error({ err: error, file: file.relativePath }, 'document could not be processed');
    return fail('load_failed', `the document could not be processed (${(error as Error).message})`);
  }
  const drafts = document.drafts;
  if (drafts.length === 0) return fail('no_text', 'the document contains no text');
  return {
    kind: 'loaded',
    isNew: !before,
    drafts,
    entry: {
      source: file.relativePath,
      title: document.title,
      format: document.format,
      hash,
      size,
      mtime,
      chunkCount: drafts.length,
      sectionCount: document.sectionCount,
    },
  };
}

async function embedAll(
  texts: readonly string[],
  options: IngestOptions,
  progress: (event: IngestProgress) => void,
): Promise<number[][]> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const { dimensions } = options.embeddings.info;
  const embeddings = options.embeddings.embeddings;
  const vectors: number[][] = [];
  progress({ phase: 'embed', done: 0, total: texts.length });
  // Without dense embeddings the chunks are only analysed into the store's word and n-gram indexes.
  if (!embeddings || dimensions === 0) {
    progress({ phase: 'embed', done: texts.length, total: texts.length });
    return [];
  }
  for (let i = 0; i < texts.length; i += batchSize) {
    throwIfAborted(options.signal);
    let batch: number[][];
    try {
      batch = await embeddings.embedDocuments(texts.slice(i, i + batchSize));
    } catch (error) {
      throw new EmbeddingFailedError(error);
    }
    for (const vector of batch) {
      if (vector.length !== dimensions) {
        throw new EmbeddingFailedError(new Error(`the embeddings returned ${vector.length} dimensions, expected ${dimensions}`));
      }
      vectors.push(vector);
    }
    progress({ phase: 'embed', done: vectors.length, total: texts.length });
  }
  if (vectors.length !== texts.length) {
    throw new EmbeddingFailedError(new Error(`the embeddings returned ${vectors.length} vectors for ${texts.length} texts`));
  }
  return vectors;
}

/**
 * The common case of a scheduled or watch-mode run is that nothing changed. It is settled from the
 * manifest and the file hashes alone, without loading chunks and vectors; anything unusual (a failed
 * file, another embedder, a file that differs) goes the full way.
 */
async function reportIfUnchanged(scan: Awaited<ReturnType<typeof scanDocsFolder>>, options: IngestOptions, started: number): Promise<IngestReport | undefined> {
  if (scan.problems.length > 0) return undefined;
  let current: Awaited<ReturnType<typeof readCurrentManifest>>;
  try {
    current = await readCurrentManifest(options.indexDir);
  } catch {
    return undefined;
  }
  if (!current) return undefined;
  const { manifest, versionId } = current;
  if (!sameEmbedder(manifest.embedder, options.embeddings.info) || manifest.failed.length > 0 || manifest.files.length !== scan.files.length) return undefined;
  const bySource = new Map(manifest.files.map((file) => [file.source, file]));
  for (const file of scan.files) {
    const entry = bySource.get(file.relativePath);
    if (!entry || entry.size !== file.size || file.size > options.maxFileSizeBytes || !loaderForFile(file.relativePath)) return undefined;
  }
  // Read and hash several files at a time: the run is I/O-bound.
  for (let i = 0; i < scan.files.length; i += HASH_CONCURRENCY) {
    const batch = scan.files.slice(i, i + HASH_CONCURRENCY);
    const same = await Promise.all(
      batch.map(async (file) => {
        const bytes = await readFile(file.absolutePath).catch(() => undefined);
        return bytes !== undefined && sha256(bytes) === bySource.get(file.relativePath)?.hash;
      }),
    );
    if (same.includes(false)) return undefined;
  }
  return {
    versionId,
    written: true,
    added: [],
    updated: [],
    unchanged: scan.files.map((file) => file.relativePath),
    removed: [],
    failed: [],
    chunkCount: manifest.chunkCount,
    chunksEmbedded: 0,
    pagesOrSections: manifest.files.reduce((sum, file) => sum + file.sectionCount, 0),
    durationMs: Date.now() - started,
    docsDir: path.resolve(options.docsDir),
    notes: [`Nothing changed; index version ${versionId} stays live.`],
  };
}

const HASH_CONCURRENCY = 16;

function failedKey(failed: readonly FailedFile[]): string {
  return JSON.stringify(failed.map((f) => [f.source, f.code, f.reason]));
}

/**
 * Clean-up at start (`npm start` finds an index and skips ingestion): removes version folders a killed
 * run left behind, under the same lock a run takes (the lock file, or the shared store's lease via
 * `acquireLock`). Does nothing while another ingestion holds the lock.
 */
export async function tidyIndexDir(indexDir: string, options: { logger?: Logger; acquireLock?: () => Promise<IngestLock> } = {}): Promise<void> {
  const { logger } = options;
  let lock;
  try {
    lock = options.acquireLock ? await options.acquireLock() : await acquireIngestLock(path.resolve(indexDir), logger ? { logger } : {});
  } catch (error) {
    if (error instanceof IngestLockedError) return;
    throw error;
  }
  try {
    await removeOrphanedVersions(path.resolve(indexDir), await readCurrentVersion(indexDir).catch(() => undefined), logger);
  } finally {
    await lock.release().catch((error: unknown) => logger?.warn({ err: error }, 'cannot release the ingestion lock'));
  }
}

/**
 * Brings the index in line with the documents folder: reads new and changed documents, reuses the
 * chunks and vectors of unchanged ones, drops deleted ones, and makes a new index version live
 * atomically. Only one ingestion runs per index (IngestLockedError otherwise).
 */
export async function runIngestion(options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const logger = options.logger;
  const progress = (event: IngestProgress) => options.onProgress?.(event);
  const docsDir = path.resolve(options.docsDir);
  const indexDir = path.resolve(options.indexDir);

  // Scan before taking the lock, so a missing folder creates nothing on disk.
  const scan = await scanDocsFolder(docsDir);
  const lock = options.acquireLock
    ? await options.acquireLock()
    : await acquireIngestLock(indexDir, { ...(options.lockStaleMs ? { staleMs: options.lockStaleMs } : {}), ...(logger ? { logger } : {}) });
  let previousIndex: Previous | undefined;
  let worker: DocumentWorker | undefined;
  const stopWorker = () => void worker?.close();
  options.signal?.addEventListener('abort', stopWorker, { once: true });
  try {
    await removeOrphanedVersions(indexDir, await readCurrentVersion(indexDir).catch(() => undefined), logger);
    const unchanged = options.full ? undefined : await reportIfUnchanged(scan, { ...options, docsDir, indexDir }, started);
    if (unchanged) {
      progress({ phase: 'scan', done: scan.files.length, total: scan.files.length });
      logger?.info({ version: unchanged.versionId }, 'ingestion found no changes');
      return unchanged;
    }
    // The reader process starts while the previous index loads.
    worker = sharedDocumentWorker({ ...DEFAULT_LOAD_LIMITS, ...options.limits });
    worker.warmUp(logger);
    const notes: string[] = [];
    const previous = (previousIndex = await openPrevious({ ...options, docsDir, indexDir }, notes));
    progress({ phase: 'scan', done: scan.files.length, total: scan.files.length });
    logger?.info({ files: scan.files.length, previousVersion: previous?.index.versionId, full: Boolean(options.full) }, 'ingestion started');

    const outcomes: FileOutcome[] = [];
    for (let i = 0; i < scan.files.length; i++) {
      throwIfAborted(options.signal);
      const file = scan.files[i]!;
      progress({ phase: 'load', done: i, total: scan.files.length, file: file.relativePath });
      const outcome = await processFile(file, { ...options, docsDir, indexDir }, previous, worker!);
      if (outcome.kind === 'failed') logger?.warn({ file: file.relativePath, code: outcome.failure.code, reason: outcome.failure.reason }, 'document skipped');
      outcomes.push(outcome);
    }
    progress({ phase: 'load', done: scan.files.length, total: scan.files.length });
    for (const problem of scan.problems) {
      // A link out of the folder loses whatever it contributed before; an unreadable file keeps it.
      const before = problem.code === OUTSIDE_DOCS_FOLDER ? undefined : previous?.files.get(problem.relativePath);
      outcomes.push(
        before
          ? {
              kind: 'failed',
              failure: { source: problem.relativePath, code: 'unreadable', reason: `${problem.reason} (previous version kept)` },
              previous: { entry: before, labels: previous?.index.store.labels(problem.relativePath) ?? [] },
            }
          : { kind: 'failed', failure: { source: problem.relativePath, code: problem.code, reason: problem.reason } },
      );
    }

    // Sort what each file contributes: chunks reused (with their vectors), and chunks still to embed.
    const kept: number[] = [];
    const toEmbed: DraftChunk[] = [];
    const files: ManifestFile[] = [];
    const failed: FailedFile[] = [];
    const report = { added: [] as string[], updated: [] as string[], unchanged: [] as string[] };
    const present = new Set<string>();
    for (const outcome of outcomes) {
      if (outcome.kind === 'unchanged') {
        kept.push(...outcome.labels);
        files.push(outcome.entry);
        report.unchanged.push(outcome.entry.source);
        present.add(outcome.entry.source);
      } else if (outcome.kind === 'loaded') {
        toEmbed.push(...outcome.drafts);
        files.push(outcome.entry);
        (outcome.isNew ? report.added : report.updated).push(outcome.entry.source);
        present.add(outcome.entry.source);
      } else {
        failed.push(outcome.failure);
        present.add(outcome.failure.source);
        if (outcome.previous) {
          files.push(outcome.previous.entry);
          // Kept chunks of a failed file need new vectors and terms when the embedder or analysis changed.
          if (previous?.reusable) kept.push(...outcome.previous.labels);
          else toEmbed.push(...previous!.index.store.getMany(outcome.previous.labels).map(({ label: _label, ...draft }) => draft));
        }
      }
    }
    const removed = previous ? [...previous.files.keys()].filter((source) => !present.has(source)).sort() : [];
    files.sort((a, b) => (a.source < b.source ? -1 : 1));

    const summary = {
      ...report,
      removed,
      failed,
      docsDir,
      notes,
      pagesOrSections: files.reduce((sum, f) => sum + f.sectionCount, 0),
    };
    const nothingChanged =
      previous !== undefined &&
      previous.reusable &&
      report.added.length === 0 &&
      report.updated.length === 0 &&
      removed.length === 0 &&
      toEmbed.length === 0 &&
      failedKey(failed) === failedKey(previous.index.manifest.failed);
    if (nothingChanged) {
      notes.push(`Nothing changed; index version ${previous.index.versionId} stays live.`);
      logger?.info({ version: previous.index.versionId }, 'ingestion found no changes');
      return {
        ...summary,
        versionId: previous.index.versionId,
        written: true,
        chunkCount: previous.index.store.count,
        chunksEmbedded: 0,
        durationMs: Date.now() - started,
      };
    }
    if (!previous && kept.length + toEmbed.length === 0) {
      notes.push(
        scan.files.length === 0
          ? `No documents found in ${docsDir}; nothing usable was written.`
          : 'No document could be read; nothing usable was written.',
      );
      return { ...summary, written: false, chunkCount: 0, chunksEmbedded: 0, durationMs: Date.now() - started };
    }

    const vectors = await embedAll(
      toEmbed.map((draft) => embeddingText(draft)),
      options,
      progress,
    );

    progress({ phase: 'write', done: 0, total: 1 });
    let nextLabel = previous?.index.manifest.nextLabel ?? 0;
    const added: Chunk[] = toEmbed.map((draft) => ({ ...draft, label: nextLabel++ }));
    const keptLabels = new Set(kept);
    const reuse = previous?.reusable ?? false;
    const removedLabels = reuse && previous ? previous.index.store.labels().filter((label) => !keptLabels.has(label)) : [];
    const { dimensions } = options.embeddings.info;
    const vectorIndex =
      dimensions > 0
        ? buildVectorIndex({
            dimensions,
            ...(reuse && previous?.index.vectors ? { previous: previous.index.vectors } : {}),
            keptLabels: kept,
            removedLabels,
            additions: added.map((chunk, i) => ({ label: chunk.label, vector: vectors[i]! })),
          })
        : undefined;
    const chunkCount = kept.length + added.length;
    const versionId = newVersionId();
    const manifest: IndexManifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      id: versionId,
      createdAt: new Date().toISOString(),
      docsDir,
      embedder: options.embeddings.info,
      chunkCount,
      nextLabel,
      files,
      failed,
    };
    throwIfAborted(options.signal);
    const written = await writeVersion(
      indexDir,
      {
        manifest,
        store: reuse && previous ? { base: previous.index.dir, removedLabels, added } : { removedLabels: [], added },
        ...(vectorIndex ? { vectors: vectorIndex } : {}),
      },
      logger,
    );
    if (options.signal?.aborted) {
      await rm(written, { recursive: true, force: true });
      throwIfAborted(options.signal);
    }
    const lost = lock.compromised();
    if (lost) {
      throw new WegweiserError(
        `The ingestion lost its lock (${lost.message}); its result was not made live to avoid clashing with another run.`,
        'ingest_lock_lost',
        { cause: lost },
      );
    }
    await commitVersion(indexDir, versionId, logger);
    await removeOldVersions(indexDir, [versionId, previous?.index.versionId], logger);
    progress({ phase: 'write', done: 1, total: 1 });
    logger?.info({ version: versionId, chunks: chunkCount, embedded: added.length }, 'index version written');
    return {
      ...summary,
      versionId,
      written: true,
      chunkCount,
      chunksEmbedded: added.length,
      durationMs: Date.now() - started,
    };
  } finally {
    previousIndex?.index.close();
    options.signal?.removeEventListener('abort', stopWorker);
    await lock.release().catch((error: unknown) => logger?.warn({ err: error }, 'cannot release the ingestion lock'));
  }
}

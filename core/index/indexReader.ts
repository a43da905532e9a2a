import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { IndexError } from '../errors.ts';
import { ChunkStore } from './chunkStore.ts';
import {
  CURRENT_FILE,
  INDEX_FORMAT_VERSION,
  MANIFEST_FILE,
  STORE_FILE,
  VECTORS_FILE,
  manifestSchema,
  versionDir,
  type EmbedderInfo,
  type IndexManifest,
} from './indexFormat.ts';

export interface LoadedIndex {
  dir: string;
  versionId: string;
  manifest: IndexManifest;
  /** Chunks, their analysed terms and facts, read on demand from the version's SQLite file. */
  store: ChunkStore;
  /** Cosine-space HNSW index, labels = Chunk.label; only when the index was built with dense embeddings. */
  vectors?: HierarchicalNSW;
  /** Releases the store (the vectors go with the last reference). Idempotent. */
  close(): void;
}

/** Search breadth: well above typical top-k so recall stays high on small and mid-sized indexes. */
const SEARCH_EF = 128;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The live version named by CURRENT, or undefined when no index has been written yet. */
export async function readCurrentVersion(indexDir: string): Promise<string | undefined> {
  let content: string;
  try {
    content = await readFile(path.join(indexDir, CURRENT_FILE), 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new IndexError(`Cannot read ${path.join(indexDir, CURRENT_FILE)}: ${(error as Error).message}`, 'index_unreadable', {
      cause: error,
    });
  }
  const id = content.trim();
  // CURRENT is written atomically, so an empty or odd value means someone edited it by hand.
  if (!/^[\w.-]+$/.test(id)) {
    throw new IndexError(
      `${path.join(indexDir, CURRENT_FILE)} does not name a valid index version ("${id.slice(0, 80)}"); re-ingest with \`npm run ingest -- --full\``,
      'index_corrupt',
    );
  }
  return id;
}

async function readVersionFile(dir: string, name: string): Promise<string> {
  try {
    return await readFile(path.join(dir, name), 'utf8');
  } catch (error) {
    throw new IndexError(
      `The index version ${dir} is incomplete: ${name} ${isMissing(error) ? 'is missing' : `cannot be read (${(error as Error).message})`}; re-ingest with \`npm run ingest -- --full\``,
      'index_corrupt',
      { cause: error },
    );
  }
}

function corrupt(dir: string, what: string, cause?: unknown): IndexError {
  return new IndexError(
    `The index version ${dir} is corrupt: ${what}; re-ingest with \`npm run ingest -- --full\``,
    'index_corrupt',
    { cause },
  );
}

export function parseManifest(dir: string, text: string): IndexManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt(dir, `${MANIFEST_FILE} is not valid JSON`, error);
  }
  const formatVersion = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof formatVersion === 'number' && formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexError(
      `The index version ${dir} has format ${formatVersion}, this Wegweiser reads format ${INDEX_FORMAT_VERSION}; \`npm run ingest\` (and \`npm start\`) rebuild it from the documents`,
      'index_format_outdated',
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw corrupt(dir, `${MANIFEST_FILE} does not match the index format (${first?.path.join('.')}: ${first?.message})`);
  }
  return parsed.data;
}

/** Loads the manifest of the live version only (cheap; for status pages and the ingestion itself). */
export async function readCurrentManifest(indexDir: string): Promise<{ versionId: string; manifest: IndexManifest } | undefined> {
  const versionId = await readCurrentVersion(indexDir);
  if (versionId === undefined) return undefined;
  const dir = versionDir(indexDir, versionId);
  return { versionId, manifest: parseManifest(dir, await readVersionFile(dir, MANIFEST_FILE)) };
}

/**
 * Opens the live index version. Returns undefined when no index exists yet; throws IndexError when the
 * files are missing or do not fit together.
 */
export async function openIndex(indexDir: string): Promise<LoadedIndex | undefined> {
  const versionId = await readCurrentVersion(indexDir);
  if (versionId === undefined) return undefined;
  const dir = versionDir(indexDir, versionId);
  try {
    await stat(dir);
  } catch (error) {
    throw new IndexError(
      `${path.join(indexDir, CURRENT_FILE)} names version ${versionId}, but ${dir} does not exist; re-ingest with \`npm run ingest -- --full\``,
      'index_corrupt',
      { cause: error },
    );
  }
  const manifest = parseManifest(dir, await readVersionFile(dir, MANIFEST_FILE));
  const store = openStore(dir);
  try {
    if (store.count !== manifest.chunkCount) {
      throw corrupt(dir, `${STORE_FILE} holds ${store.count} chunks but the manifest says ${manifest.chunkCount}`);
    }
    const vectors = manifest.embedder.dimensions > 0 ? await openVectors(dir, manifest) : undefined;
    return { dir, versionId, manifest, store, ...(vectors ? { vectors } : {}), close: () => store.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}

function openStore(dir: string): ChunkStore {
  const file = path.join(dir, STORE_FILE);
  if (!existsSync(file)) throw corrupt(dir, `${STORE_FILE} is missing`);
  try {
    return ChunkStore.open(file);
  } catch (error) {
    throw corrupt(dir, `${STORE_FILE} cannot be read (${(error as Error).message})`, error);
  }
}

/** hnswlib reads the file on a worker thread, so a large index does not block the event loop. */
async function openVectors(dir: string, manifest: IndexManifest): Promise<HierarchicalNSW> {
  const vectorsPath = path.join(dir, VECTORS_FILE);
  if (!existsSync(vectorsPath)) throw corrupt(dir, `${VECTORS_FILE} is missing`);
  const vectors = new hnswlib.HierarchicalNSW('cosine', manifest.embedder.dimensions);
  try {
    await vectors.readIndex(vectorsPath);
  } catch (error) {
    throw corrupt(dir, `${VECTORS_FILE} cannot be read (${(error as Error).message})`, error);
  }
  if (vectors.getNumDimensions() !== manifest.embedder.dimensions) {
    throw corrupt(dir, `${VECTORS_FILE} has ${vectors.getNumDimensions()} dimensions but the manifest says ${manifest.embedder.dimensions}`);
  }
  vectors.setEf(SEARCH_EF);
  return vectors;
}

export function sameEmbedder(a: EmbedderInfo, b: EmbedderInfo): boolean {
  return a.provider === b.provider && a.model === b.model && a.dimensions === b.dimensions;
}

function describe(info: EmbedderInfo): string {
  return `${info.provider} (model ${info.model}, ${info.dimensions} dimensions)`;
}

/** Vectors from one embedder are meaningless to another: refuse to search them. */
export function assertCompatibleEmbedder(manifest: IndexManifest, info: EmbedderInfo): void {
  if (sameEmbedder(manifest.embedder, info)) return;
  throw new IndexError(
    `The index was built with embeddings ${describe(manifest.embedder)} but the assistant is configured for ${describe(info)}; re-ingest with \`npm run ingest -- --full\``,
    'index_embedder_mismatch',
  );
}

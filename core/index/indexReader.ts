import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { IndexError } from '../errors.ts';
import type { Chunk } from '../types.ts';
import {
  CHUNKS_FILE,
  CURRENT_FILE,
  MANIFEST_FILE,
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
  chunks: Chunk[];
  chunkByLabel: Map<number, Chunk>;
  /** Cosine-space HNSW index, labels = Chunk.label, ef already raised for search. */
  vectors: HierarchicalNSW;
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
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw corrupt(dir, `${MANIFEST_FILE} does not match the index format (${first?.path.join('.')}: ${first?.message})`);
  }
  return parsed.data;
}

function looksLikeChunk(value: unknown): value is Chunk {
  const c = value as Partial<Chunk> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.id === 'string' &&
    typeof c.label === 'number' &&
    typeof c.source === 'string' &&
    typeof c.text === 'string' &&
    typeof c.locator === 'object' &&
    c.locator !== null &&
    typeof c.facts === 'object'
  );
}

export function parseChunks(dir: string, text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw corrupt(dir, `${CHUNKS_FILE} line ${i + 1} is not valid JSON`, error);
    }
    if (!looksLikeChunk(value)) throw corrupt(dir, `${CHUNKS_FILE} line ${i + 1} is not a chunk`);
    chunks.push(value);
  }
  return chunks;
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
  const chunks = parseChunks(dir, await readVersionFile(dir, CHUNKS_FILE));
  if (chunks.length !== manifest.chunkCount) {
    throw corrupt(dir, `${CHUNKS_FILE} holds ${chunks.length} chunks but the manifest says ${manifest.chunkCount}`);
  }
  const chunkByLabel = new Map<number, Chunk>();
  for (const chunk of chunks) chunkByLabel.set(chunk.label, chunk);

  const vectorsPath = path.join(dir, VECTORS_FILE);
  try {
    await stat(vectorsPath);
  } catch (error) {
    throw corrupt(dir, `${VECTORS_FILE} is missing`, error);
  }
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
  return { dir, versionId, manifest, chunks, chunkByLabel, vectors };
}

const chunksBySourceCache = new WeakMap<LoadedIndex, Map<string, Chunk[]>>();

/**
 * The chunks of one document in document order (the order the index writer keeps them in), or an
 * empty list when the document is not in the index. This is the one way the channels read a
 * document's text (the source viewer), so a different chunk storage changes only this function.
 */
export function chunksOfSource(index: LoadedIndex, source: string): readonly Chunk[] {
  let bySource = chunksBySourceCache.get(index);
  if (!bySource) {
    bySource = Map.groupBy(index.chunks, (chunk) => chunk.source);
    chunksBySourceCache.set(index, bySource);
  }
  return bySource.get(source) ?? [];
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

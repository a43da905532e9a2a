import path from 'node:path';
import { z } from 'zod';

/**
 * On-disk layout of the index (all below INDEX_DIR):
 *
 *   CURRENT                  name of the live version (written to a temp file, then renamed: atomic)
 *   versions/<id>/manifest.json
 *   versions/<id>/chunks.sqlite  chunk store: every Chunk as a JSON record, posting lists of words and
 *                                character n-grams, dates and offers (see storeFormat.ts)
 *   versions/<id>/vectors.hnsw   hnswlib index, cosine space, labels = Chunk.label; only with dense
 *                                embeddings (a cloud or on-prem model), not with EMBEDDINGS=local
 *   ingest.lock              held while an ingestion runs
 *
 * A version folder is complete before CURRENT names it, so a crash mid-way leaves the previous
 * version live. Readers resolve CURRENT once and then read only that version.
 */
/** 2: chunk store in SQLite instead of chunks.jsonl; vectors only for dense embeddings. 3: publisher searched with the title; prepositions are stop words. 4: own posting lists and a document table instead of FTS5. */
export const INDEX_FORMAT_VERSION = 4;
export const CURRENT_FILE = 'CURRENT';
export const VERSIONS_DIR = 'versions';
export const MANIFEST_FILE = 'manifest.json';
export const STORE_FILE = 'chunks.sqlite';
export const VECTORS_FILE = 'vectors.hnsw';
export const LOCK_FILE = 'ingest.lock';

export const embedderInfoSchema = z.object({
  /** 'local' | 'azure-openai' | 'openai-compatible' */
  provider: z.string(),
  model: z.string(),
  /** Size of the dense vectors; 0 when the index has none (EMBEDDINGS=local: words and n-grams only). */
  dimensions: z.number().int().nonnegative(),
});
export type EmbedderInfo = z.infer<typeof embedderInfoSchema>;

export const manifestFileSchema = z.object({
  source: z.string(),
  title: z.string(),
  format: z.string(),
  hash: z.string(),
  size: z.number(),
  mtime: z.string(),
  chunkCount: z.number().int(),
  /** Number of pages, slides or sections the loader produced. */
  sectionCount: z.number().int(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const failedFileSchema = z.object({
  source: z.string(),
  reason: z.string(),
  code: z.string(),
});
export type FailedFile = z.infer<typeof failedFileSchema>;

export const manifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  id: z.string(),
  createdAt: z.string(),
  docsDir: z.string(),
  embedder: embedderInfoSchema,
  chunkCount: z.number().int(),
  /** Next free vector label; labels are never reused within an index lineage. */
  nextLabel: z.number().int(),
  files: z.array(manifestFileSchema),
  failed: z.array(failedFileSchema),
});
export type IndexManifest = z.infer<typeof manifestSchema>;

export function versionDir(indexDir: string, id: string): string {
  return path.join(indexDir, VERSIONS_DIR, id);
}

import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import type { EmbeddingsProvider } from '../../core/embeddings/embeddingsProvider.ts';
import type { LoadedIndex } from '../../core/index/indexReader.ts';
import type { Chunk } from '../../core/types.ts';
import { createHashedEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { sharedPath } from '../sharedDir.ts';

export const CORPUS_DIR = sharedPath('corpus');
export const PPTX_FIXTURE = sharedPath('fixtures/digitale-kompetenzen-praesentation.pptx');
export const CORPUS_FILES = [
  'digitale-kompetenzen-praesentation.pdf',
  'digitaljourney.html',
  'masterclass-ii.html',
  'transformationstreiber.txt',
  'workshop-digitalisierungsstrategie.docx',
];
export const REPO_DIR = path.resolve(import.meta.dirname, '../..');
export const DIMENSIONS = 256;

export interface Workspace {
  root: string;
  docsDir: string;
  indexDir: string;
  cleanup(): Promise<void>;
}

/** A temp folder with a writable copy of the sample corpus (plus the PPTX deck in a subfolder). */
export async function makeWorkspace(options: { withPptx?: boolean; withCorpus?: boolean } = {}): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-ingest-'));
  const docsDir = path.join(root, 'docs');
  const indexDir = path.join(root, 'index');
  if (options.withCorpus !== false) {
    for (const name of CORPUS_FILES) {
      await cp(path.join(CORPUS_DIR, name), path.join(docsDir, name));
      // The shared corpus is read-only; tests modify their copies.
      await chmod(path.join(docsDir, name), 0o644);
    }
  }
  if (options.withPptx) {
    await cp(PPTX_FIXTURE, path.join(docsDir, 'folien', 'praesentation.pptx'));
    await chmod(path.join(docsDir, 'folien', 'praesentation.pptx'), 0o644);
  }
  return { root, docsDir, indexDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Real (hashed, dense) embeddings, counting what is embedded and optionally failing after some calls. */
export class CountingEmbeddings extends Embeddings {
  calls = 0;
  texts = 0;
  private readonly inner = createHashedEmbeddings(DIMENSIONS).embeddings!;

  constructor(private readonly failAfterCalls = Number.POSITIVE_INFINITY) {
    super({});
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (this.calls >= this.failAfterCalls) throw new Error('embedding service unavailable (injected)');
    this.calls++;
    this.texts += documents.length;
    return this.inner.embedDocuments(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.inner.embedQuery(document);
  }
}

export function countingProvider(failAfterCalls?: number): EmbeddingsProvider & { embeddings: CountingEmbeddings } {
  const base = createHashedEmbeddings(DIMENSIONS);
  return { embeddings: new CountingEmbeddings(failAfterCalls), info: base.info };
}

/** Whitespace-insensitive text for phone numbers split across lines. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Every chunk of an opened index version, in index order. */
export function allChunks(index: LoadedIndex): Chunk[] {
  return [...index.store.all()];
}

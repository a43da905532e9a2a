import type { Embeddings } from '@langchain/core/embeddings';
import type { EmbedderInfo } from '../index/indexFormat.ts';

/**
 * An embeddings implementation (LangChain's interface) together with what the index records about it.
 * Without `embeddings` (and with `info.dimensions` 0) the index has no dense vectors: retrieval is BM25
 * over words and character n-grams alone, which is the default (EMBEDDINGS=local).
 */
export interface EmbeddingsProvider {
  embeddings?: Embeddings;
  info: EmbedderInfo;
}

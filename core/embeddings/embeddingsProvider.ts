import type { Embeddings } from '@langchain/core/embeddings';
import type { EmbedderInfo } from '../index/indexFormat.ts';

/** An embeddings implementation (LangChain's interface) together with what the index records about it. */
export interface EmbeddingsProvider {
  embeddings: Embeddings;
  info: EmbedderInfo;
}

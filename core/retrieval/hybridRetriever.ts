import type { Embeddings } from '@langchain/core/embeddings';
import type { RetrievedChunk } from '../answering/answerEngine.ts';
import type { LoadedIndex } from '../index/indexReader.ts';
import { KeywordIndex } from './keywordIndex.ts';

export type RetrievalMode = 'hybrid' | 'vector' | 'keyword';

export interface RetrieveOptions {
  topK: number;
  sources?: readonly string[];
  mode?: RetrievalMode;
}

/** Reciprocal rank fusion constant: 60 is the value from the original RRF paper and works without tuning. */
const RRF_K = 60;

/**
 * Vector search on the hnswlib index plus BM25 keyword search, fused by reciprocal rank fusion.
 * Each ranking contributes 1/(k + rank), so a chunk found by both rises to the top without having to
 * calibrate cosine similarities against BM25 scores.
 */
export class HybridRetriever {
  readonly keyword: KeywordIndex;

  constructor(
    private readonly index: LoadedIndex,
    private readonly embeddings: Embeddings,
    keyword?: KeywordIndex,
  ) {
    this.keyword = keyword ?? KeywordIndex.build(index.chunks);
  }

  async retrieve(query: string, options: RetrieveOptions): Promise<RetrievedChunk[]> {
    const mode = options.mode ?? 'hybrid';
    // Look deeper in each list than we return, so fusion has candidates to agree on.
    const depth = Math.max(options.topK * 4, 20);
    const fused = new Map<number, RetrievedChunk>();
    const add = (label: number, rank: number, which: 'vectorRank' | 'keywordRank') => {
      const chunk = this.index.chunkByLabel.get(label);
      if (!chunk) return;
      const entry = fused.get(label) ?? { chunk, score: 0 };
      entry.score += 1 / (RRF_K + rank);
      entry[which] = rank;
      fused.set(label, entry);
    };

    if (mode !== 'keyword') {
      const hits = await this.vectorSearch(query, depth, options.sources);
      hits.forEach((label, i) => add(label, i + 1, 'vectorRank'));
    }
    if (mode !== 'vector') {
      const hits = this.keyword.query(query, { limit: depth, sources: options.sources });
      hits.forEach((hit, i) => add(hit.label, i + 1, 'keywordRank'));
    }
    return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, options.topK);
  }

  private async vectorSearch(query: string, depth: number, sources?: readonly string[]): Promise<number[]> {
    const live = this.index.chunks.length;
    if (live === 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    const sourceSet = sources && sources.length > 0 ? new Set(sources) : undefined;
    // hnswlib calls the filter for every candidate it visits, so pass one only when it is needed;
    // deleted labels are excluded by hnswlib itself.
    const filter = sourceSet
      ? (label: number) => {
          const chunk = this.index.chunkByLabel.get(label);
          return chunk !== undefined && sourceSet.has(chunk.source);
        }
      : undefined;
    const k = Math.min(depth, live);
    // A generous ef keeps recall high on near-duplicate-heavy corpora; search cost grows only slowly with it.
    this.index.vectors.setEf(Math.max(k * 4, 128));
    const result = this.index.vectors.searchKnn(vector, k, filter);
    return result.neighbors;
  }
}

import type { Embeddings } from '@langchain/core/embeddings';
import type { RetrievedChunk } from '../answering/answerEngine.ts';
import type { LoadedIndex } from '../index/indexReader.ts';
import { KeywordIndex } from './keywordIndex.ts';

/**
 * `hybrid`: every ranking the index has, fused. `keyword`: BM25 over analysed words alone. `ngram`:
 * BM25 over character n-grams alone. `vector`: dense vectors alone (empty when the index has none).
 */
export type RetrievalMode = 'hybrid' | 'keyword' | 'ngram' | 'vector';

export interface RetrieveOptions {
  topK: number;
  sources?: readonly string[];
  mode?: RetrievalMode;
}

/** Reciprocal rank fusion constant: 60 is the value from the original RRF paper and works without tuning. */
const RRF_K = 60;
/** hnswlib search breadth: a generous ef keeps recall high on near-duplicate-heavy corpora. */
const MIN_EF = 128;

type Ranking = 'keywordRank' | 'ngramRank' | 'vectorRank';

/**
 * BM25 over words and over character n-grams (both FTS5 in the chunk store), plus dense vectors on the
 * hnswlib index when the index was built with a real embedding model, fused by reciprocal rank fusion.
 * Each ranking contributes 1/(k + rank), so a chunk found by several rises to the top without having to
 * calibrate cosine similarities against BM25 scores.
 */
export class HybridRetriever {
  readonly keyword: KeywordIndex;

  constructor(
    private readonly index: LoadedIndex,
    private readonly embeddings?: Embeddings,
  ) {
    this.keyword = new KeywordIndex(index.store);
  }

  /** Whether dense vector search is available (an index built with a real embedding model). */
  get hasVectors(): boolean {
    return this.index.vectors !== undefined && this.embeddings !== undefined;
  }

  async retrieve(query: string, options: RetrieveOptions): Promise<RetrievedChunk[]> {
    const mode = options.mode ?? 'hybrid';
    // Look deeper in each list than we return, so fusion has candidates to agree on.
    const depth = Math.max(options.topK * 4, 20);
    const fused = new Map<number, { score: number; ranks: Partial<Record<Ranking, number>> }>();
    const add = (labels: readonly number[], which: Ranking) => {
      labels.forEach((label, i) => {
        const entry = fused.get(label) ?? { score: 0, ranks: {} };
        entry.score += 1 / (RRF_K + i + 1);
        entry.ranks[which] = i + 1;
        fused.set(label, entry);
      });
    };
    const search = { limit: depth, sources: options.sources };
    if (mode === 'hybrid' || mode === 'keyword') add(this.keyword.query(query, search).map((hit) => hit.label), 'keywordRank');
    if (mode === 'hybrid' || mode === 'ngram') add(this.keyword.gramQuery(query, search).map((hit) => hit.label), 'ngramRank');
    if ((mode === 'hybrid' || mode === 'vector') && this.hasVectors) add(await this.vectorSearch(query, depth, options.sources), 'vectorRank');

    const top = [...fused].sort((a, b) => b[1].score - a[1].score).slice(0, options.topK);
    const chunks = new Map(this.index.store.getMany(top.map(([label]) => label)).map((chunk) => [chunk.label, chunk]));
    return top.flatMap(([label, { score, ranks }]) => {
      const chunk = chunks.get(label);
      return chunk ? [{ chunk, score, ...ranks }] : [];
    });
  }

  private async vectorSearch(query: string, depth: number, sources?: readonly string[]): Promise<number[]> {
    const vectors = this.index.vectors!;
    const live = this.index.store.count;
    if (live === 0) return [];
    const vector = await this.embeddings!.embedQuery(query);
    // hnswlib calls the filter for every candidate it visits, so pass one only when it is needed;
    // deleted labels are excluded by hnswlib itself.
    const allowed = sources && sources.length > 0 ? new Set(sources.flatMap((source) => this.index.store.chunksOf(source).map((c) => c.label))) : undefined;
    const filter = allowed ? (label: number) => allowed.has(label) : undefined;
    const k = Math.min(depth, allowed?.size ?? live);
    if (k === 0) return [];
    vectors.setEf(Math.max(k * 4, MIN_EF));
    return vectors.searchKnn(vector, k, filter).neighbors;
  }
}

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

interface Fused {
  label: number;
  source?: string;
  score: number;
  ranks: Partial<Record<Ranking, number>>;
}

/**
 * BM25 over words and over character n-grams (posting lists in the chunk store), plus dense vectors on the
 * hnswlib index when the index was built with a real embedding model, fused by reciprocal rank fusion.
 * Each ranking contributes 1/(k + rank), so a chunk found by several rises to the top without having to
 * calibrate cosine similarities against BM25 scores.
 *
 * The n-gram ranking votes twice: for the chunk, and for its document — every chunk of a document gets
 * 1/(k + the document's rank among the n-gram hits) — so that within a document the chunks the words
 * and the grams agree on come first, and a document the grams find (a misspelt or compound name) lifts
 * all its sections, also those only the words tell apart ("Wann beginnt …": the date section). The
 * n-grams rank the word hits too (keywordIndex.gramQuery), so every chunk the words found gets both
 * votes. Measured against the document vote alone and the chunk vote alone (bench corpus, real-world
 * and dev sets; README "Fusion"): never lower recall@1/3/5 on any of them. Words and dense vectors rank
 * chunks.
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
    const fused = new Map<number, Fused>();
    const entry = (label: number, source?: string) => {
      let found = fused.get(label);
      if (!found) fused.set(label, (found = { label, score: 0, ranks: {} }));
      found.source ??= source;
      return found;
    };
    const addChunks = (hits: ReadonlyArray<{ label: number; source?: string }>, which: Ranking) => {
      hits.forEach((hit, i) => {
        const found = entry(hit.label, hit.source);
        found.score += 1 / (RRF_K + i + 1);
        found.ranks[which] = i + 1;
      });
    };
    const search = { limit: depth, sources: options.sources };
    const words = mode === 'hybrid' || mode === 'keyword' ? this.keyword.query(query, search) : [];
    addChunks(words, 'keywordRank');
    const vectorHits = (mode === 'hybrid' || mode === 'vector') && this.hasVectors ? await this.vectorSearch(query, depth, options.sources) : [];
    addChunks(vectorHits.map((label) => ({ label })), 'vectorRank');
    if (mode === 'ngram') addChunks(this.keyword.gramQuery(query, search), 'ngramRank');
    if (mode === 'hybrid') {
      // The n-grams rank the chunks they find and those the words found, so that every document the
      // fusion sees gets its vote.
      const grams = this.keyword.gramQuery(query, { ...search, candidates: words.map((hit) => hit.label) });
      const documentRank = new Map<string, number>();
      grams.forEach((hit, i) => {
        if (!documentRank.has(hit.source)) documentRank.set(hit.source, documentRank.size + 1);
        const found = entry(hit.label, hit.source);
        found.score += 1 / (RRF_K + i + 1);
        found.ranks.ngramRank = i + 1;
      });
      // Vector hits carry no source; their chunks are read below anyway when they make the top.
      const unknown = vectorHits.filter((label) => fused.get(label)!.source === undefined);
      for (const chunk of unknown.length > 0 ? this.index.store.getMany(unknown) : []) fused.get(chunk.label)!.source = chunk.source;
      for (const found of fused.values()) {
        const rank = found.source === undefined ? undefined : documentRank.get(found.source);
        if (rank !== undefined) found.score += 1 / (RRF_K + rank);
      }
    }

    // Stable sort: among equal scores the order in which the rankings listed the chunks stays.
    const top = [...fused.values()].sort((a, b) => b.score - a.score).slice(0, options.topK);
    const chunks = new Map(this.index.store.getMany(top.map((found) => found.label)).map((chunk) => [chunk.label, chunk]));
    return top.flatMap(({ label, score, ranks }) => {
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

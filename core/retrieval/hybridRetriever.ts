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

/** A chunk some ranking found; a rank of 0: not found by that ranking. One shape for every entry. */
interface Fused {
  label: number;
  source: string | undefined;
  score: number;
  keywordRank: number;
  vectorRank: number;
  ngramRank: number;
}

function fusedEntry(fused: Map<number, Fused>, label: number, source: string | undefined): Fused {
  let found = fused.get(label);
  if (!found) fused.set(label, (found = { label, source, score: 0, keywordRank: 0, vectorRank: 0, ngramRank: 0 }));
  else found.source ??= source;
  return found;
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
    // Every ranking adds 1/(k + rank) to the chunks it lists, in this order: words, vectors, n-grams,
    // then the n-grams' document vote (the order of the additions fixes the scores to the last bit).
    const fused = new Map<number, Fused>();
    const search = { limit: depth, sources: options.sources };
    const words = mode === 'hybrid' || mode === 'keyword' ? this.keyword.query(query, search) : [];
    for (let i = 0; i < words.length; i++) {
      const found = fusedEntry(fused, words[i]!.label, words[i]!.source);
      found.score += 1 / (RRF_K + i + 1);
      found.keywordRank = i + 1;
    }
    const vectorHits = (mode === 'hybrid' || mode === 'vector') && this.hasVectors ? await this.vectorSearch(query, depth, options.sources) : [];
    for (let i = 0; i < vectorHits.length; i++) {
      const found = fusedEntry(fused, vectorHits[i]!, undefined);
      found.score += 1 / (RRF_K + i + 1);
      found.vectorRank = i + 1;
    }
    if (mode === 'ngram' || mode === 'hybrid') {
      // In hybrid mode the n-grams rank the chunks they find and those the words found, so that every
      // document the fusion sees gets its vote.
      const candidates = mode === 'hybrid' ? words.map((hit) => hit.label) : undefined;
      const grams = this.keyword.gramQuery(query, candidates ? { ...search, candidates } : search);
      const documentRank = mode === 'hybrid' ? new Map<string, number>() : undefined;
      for (let i = 0; i < grams.length; i++) {
        const hit = grams[i]!;
        if (documentRank && !documentRank.has(hit.source)) documentRank.set(hit.source, documentRank.size + 1);
        const found = fusedEntry(fused, hit.label, hit.source);
        found.score += 1 / (RRF_K + i + 1);
        found.ngramRank = i + 1;
      }
      if (documentRank) {
        // Vector hits carry no source; their chunks are read below anyway when they make the top.
        const unknown = vectorHits.filter((label) => fused.get(label)!.source === undefined);
        for (const chunk of unknown.length > 0 ? this.index.store.getMany(unknown) : []) fused.get(chunk.label)!.source = chunk.source;
        for (const found of fused.values()) {
          const rank = found.source === undefined ? undefined : documentRank.get(found.source);
          if (rank !== undefined) found.score += 1 / (RRF_K + rank);
        }
      }
    }

    const top = best(fused, options.topK);
    const chunks = this.index.store.getMany(top.map((found) => found.label));
    // getMany keeps the order of the labels and skips those it does not know.
    const out: RetrievedChunk[] = [];
    let next = 0;
    for (const found of top) {
      const chunk = chunks[next];
      if (chunk?.label !== found.label) continue;
      next++;
      const retrieved: RetrievedChunk = { chunk, score: found.score };
      if (found.keywordRank > 0) retrieved.keywordRank = found.keywordRank;
      if (found.vectorRank > 0) retrieved.vectorRank = found.vectorRank;
      if (found.ngramRank > 0) retrieved.ngramRank = found.ngramRank;
      out.push(retrieved);
    }
    return out;
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

/**
 * The `k` best entries, best first: higher score, and among equal scores the one the rankings listed
 * first (the order of the map), as a stable sort of all entries would give them.
 */
function best(fused: Map<number, Fused>, k: number): Fused[] {
  const top: Fused[] = [];
  if (k <= 0) return top;
  for (const found of fused.values()) {
    if (top.length === k && !(found.score > top[k - 1]!.score)) continue;
    // Insert after every kept entry with a score at least as high (earlier entries win ties).
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && top[i - 1]!.score < found.score) {
      if (i < k) top[i] = top[i - 1]!;
      i--;
    }
    if (i < k) top[i] = found;
  }
  return top;
}

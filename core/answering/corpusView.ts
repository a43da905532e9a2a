import type { ChunkStore } from '../index/chunkStore.ts';
import type { Chunk, Offer } from '../types.ts';
import type { KeywordIndex } from '../retrieval/keywordIndex.ts';
import type { CorpusView } from './answerEngine.ts';
import { chunkTerms } from '../retrieval/chunkTerms.ts';

/**
 * What answer engines may ask about the whole index: term weights, compound parts, documents, dates.
 * Everything is read from the chunk store when asked for; the few per-document term sets a question
 * needs are kept in small bounded caches, so a long-running bot does not copy the index onto its heap.
 */
export function corpusViewOf(store: ChunkStore, keyword: KeywordIndex): CorpusView {
  const termsBySource = new BoundedCache<string, Set<string>>(SOURCE_CACHE);
  const precedingCache = new WeakMap<Chunk, Set<string>>();
  const chunksBySource = new BoundedCache<string, Chunk[]>(DOCUMENT_CACHE);
  return {
    searchChunks: (query, limit) => store.getMany(keyword.query(query, { limit }).map((hit) => hit.label)),
    offers: () => store.chunksWithOffers().flatMap((chunk) => chunk.facts.offers.map((offer): { offer: Offer; chunk: Chunk } => ({ offer, chunk }))),
    idf: (term) => keyword.idf(term),
    compoundParts: (word) => keyword.compoundParts(word),
    knows: (term) => keyword.knows(term),
    sourceTerms: (source) =>
      termsBySource.get(source, () => {
        const terms = new Set<string>();
        for (const chunk of store.chunksOf(source)) for (const term of chunkTerms(chunk)) terms.add(term);
        return terms;
      }),
    precedingTerms: (chunk) => {
      const number = chunk.locator.number;
      if (chunk.locator.kind === 'section' || number === undefined) return EMPTY;
      let terms = precedingCache.get(chunk);
      if (!terms) {
        terms = new Set<string>();
        for (const previous of store.chunksOnPages(chunk.source, number - PRECEDING_PAGES, number - 1)) for (const term of chunkTerms(previous)) terms.add(term);
        precedingCache.set(chunk, terms);
      }
      return terms;
    },
    followingChunks: (chunk, count) => {
      const number = chunk.locator.number;
      if (chunk.locator.kind === 'section' || number === undefined || count <= 0) return [];
      return store.chunksOnPages(chunk.source, number + 1, number + count);
    },
    chunksOf: (source) => chunksBySource.get(source, () => store.chunksOf(source)),
    nextChunk: (chunk) => {
      const siblings = chunksBySource.get(chunk.source, () => store.chunksOf(chunk.source));
      const at = siblings.findIndex((c) => c.id === chunk.id);
      return at >= 0 ? siblings[at + 1] : undefined;
    },
    chunksDatedWithin: (range, limit) => store.chunksDatedWithin(range, limit),
  };
}

const EMPTY: ReadonlySet<string> = new Set();
const PRECEDING_PAGES = 2;
/** Documents whose term sets are kept; a question touches a handful. */
const SOURCE_CACHE = 256;
/** Documents whose chunks are kept parsed, for the engine's look at the rest of a document. */
const DOCUMENT_CACHE = 32;

class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K, make: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = make();
      if (this.entries.size >= this.limit) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}

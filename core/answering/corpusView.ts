import type { Chunk, Offer } from '../types.ts';
import type { KeywordIndex } from '../retrieval/keywordIndex.ts';
import type { CorpusView } from './answerEngine.ts';
import { chunkTerms } from '../retrieval/chunkTerms.ts';

/** What answer engines may ask about the whole index: term weights, compound parts, documents, dates. */
export function corpusViewOf(chunks: readonly Chunk[], keyword: KeywordIndex): CorpusView {
  const termsBySource = new Map<string, Set<string>>();
  const byLabel = new Map(chunks.map((chunk) => [chunk.label, chunk]));
  let bySource: Map<string, Chunk[]> | undefined;
  let offers: { offer: Offer; chunk: Chunk }[] | undefined;
  let numbered: Map<string, Map<number, Chunk[]>> | undefined;
  const precedingCache = new WeakMap<Chunk, Set<string>>();
  return {
    searchChunks: (query, limit) =>
      keyword
        .query(query, { limit })
        .map((hit) => byLabel.get(hit.label))
        .filter((chunk): chunk is Chunk => chunk !== undefined),
    offers: () => (offers ??= chunks.flatMap((chunk) => chunk.facts.offers.map((offer) => ({ offer, chunk })))),
    idf: (term) => keyword.idf(term),
    compoundParts: (word) => keyword.compoundParts(word),
    knows: (term) => keyword.knows(term),
    sourceTerms: (source) => {
      let terms = termsBySource.get(source);
      if (!terms) {
        bySource ??= Map.groupBy(chunks, (chunk) => chunk.source);
        terms = new Set<string>();
        for (const chunk of bySource.get(source) ?? []) for (const term of chunkTerms(chunk)) terms.add(term);
        termsBySource.set(source, terms);
      }
      return terms;
    },
    precedingTerms: (chunk) => {
      const number = chunk.locator.number;
      if (chunk.locator.kind === 'section' || number === undefined) return EMPTY;
      let terms = precedingCache.get(chunk);
      if (!terms) {
        numbered ??= numberChunks(chunks);
        terms = new Set<string>();
        const pages = numbered.get(chunk.source);
        for (let n = number - PRECEDING_PAGES; n < number; n++) for (const previous of pages?.get(n) ?? []) for (const term of chunkTerms(previous)) terms.add(term);
        precedingCache.set(chunk, terms);
      }
      return terms;
    },
    followingChunks: (chunk, count) => {
      const number = chunk.locator.number;
      if (chunk.locator.kind === 'section' || number === undefined) return [];
      numbered ??= numberChunks(chunks);
      const pages = numbered.get(chunk.source);
      const following: Chunk[] = [];
      for (let n = number + 1; n <= number + count; n++) following.push(...(pages?.get(n) ?? []));
      return following;
    },
    chunksOf: (source) => {
      bySource ??= Map.groupBy(chunks, (c) => c.source);
      return bySource.get(source) ?? [];
    },
    nextChunk: (chunk) => {
      bySource ??= Map.groupBy(chunks, (c) => c.source);
      const siblings = bySource.get(chunk.source) ?? [];
      const at = siblings.indexOf(chunk);
      return at >= 0 ? siblings[at + 1] : undefined;
    },
    chunksDatedWithin: (range, limit) => {
      const found: Chunk[] = [];
      for (const chunk of chunks) {
        const hit = chunk.facts.dates.some((d) => d.start !== undefined && d.end !== undefined && d.start <= range.end && d.end >= range.start);
        if (hit) found.push(chunk);
        if (found.length >= limit) break;
      }
      return found;
    },
  };
}

const EMPTY: ReadonlySet<string> = new Set();
const PRECEDING_PAGES = 2;

/** Source -> page or slide number -> its chunks. */
function numberChunks(chunks: readonly Chunk[]): Map<string, Map<number, Chunk[]>> {
  const bySource = new Map<string, Map<number, Chunk[]>>();
  for (const chunk of chunks) {
    const number = chunk.locator.number;
    if (number === undefined) continue;
    let pages = bySource.get(chunk.source);
    if (!pages) bySource.set(chunk.source, (pages = new Map()));
    pages.set(number, [...(pages.get(number) ?? []), chunk]);
  }
  return bySource;
}

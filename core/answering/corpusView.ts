import type { Chunk, Offer } from '../types.ts';
import type { KeywordIndex } from '../retrieval/keywordIndex.ts';
import type { CorpusView } from './answerEngine.ts';
import { chunkTerms } from './evidence.ts';

/** What answer engines may ask about the whole index: term weights, compound parts, documents, dates. */
export function corpusViewOf(chunks: readonly Chunk[], keyword: KeywordIndex): CorpusView {
  const termsBySource = new Map<string, Set<string>>();
  let offers: { offer: Offer; chunk: Chunk }[] | undefined;
  return {
    offers: () => (offers ??= chunks.flatMap((chunk) => chunk.facts.offers.map((offer) => ({ offer, chunk })))),
    idf: (term) => keyword.idf(term),
    compoundParts: (word) => keyword.compoundParts(word),
    sourceTerms: (source) => {
      let terms = termsBySource.get(source);
      if (!terms) {
        terms = new Set<string>();
        for (const chunk of chunks) if (chunk.source === source) for (const term of chunkTerms(chunk)) terms.add(term);
        termsBySource.set(source, terms);
      }
      return terms;
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

import MiniSearch from 'minisearch';
import type { Chunk } from '../types.ts';
import { analyze, foldGerman, splitCompound, splitWords } from '../text/germanText.ts';

export interface KeywordHit {
  label: number;
  score: number;
}

interface IndexedChunk {
  label: number;
  source: string;
  title: string;
  heading: string;
  text: string;
}

/**
 * BM25 keyword search (MiniSearch) with German analysis: folded, stemmed terms, stop words dropped, and
 * closed compounds split into parts known from the corpus, so "Plattform" finds "Weiterbildungsplattform".
 */
export class KeywordIndex {
  private constructor(
    private readonly search: MiniSearch<IndexedChunk>,
    private readonly vocabulary: Set<string>,
  ) {}

  static build(chunks: readonly Chunk[]): KeywordIndex {
    const vocabulary = new Set<string>();
    for (const chunk of chunks) {
      for (const term of analyze(`${chunk.title} ${chunk.heading ?? ''} ${chunk.text}`)) vocabulary.add(term);
    }
    const tokenize = (text: string) => analyzeWithCompounds(text, vocabulary);
    const search = new MiniSearch<IndexedChunk>({
      idField: 'label',
      fields: ['title', 'heading', 'text'],
      storeFields: ['source'],
      tokenize,
      processTerm: (term) => term,
      searchOptions: { tokenize, processTerm: (term) => term },
    });
    search.addAll(
      chunks.map((chunk) => ({
        label: chunk.label,
        source: chunk.source,
        title: chunk.title,
        heading: chunk.heading ?? '',
        text: chunk.text,
      })),
    );
    return new KeywordIndex(search, vocabulary);
  }

  query(text: string, options: { limit: number; sources?: readonly string[] }): KeywordHit[] {
    const sources = options.sources && options.sources.length > 0 ? new Set(options.sources) : undefined;
    const results = this.search.search(text, {
      boost: { heading: 2, title: 1.5 },
      combineWith: 'OR',
      // Tolerate small misspellings of longer words (names, programme titles).
      fuzzy: (term) => (term.length >= 7 ? 0.15 : false),
      filter: sources ? (result) => sources.has(result.source as string) : undefined,
    });
    return results.slice(0, options.limit).map((result) => ({ label: result.id as number, score: result.score }));
  }

  /** Whether a stemmed term occurs anywhere in the indexed documents. */
  knows(term: string): boolean {
    return this.vocabulary.has(term);
  }
}

function analyzeWithCompounds(text: string, vocabulary: Set<string>): string[] {
  const terms = analyze(text);
  for (const word of splitWords(text)) {
    if (word.length < 9) continue;
    terms.push(...splitCompound(foldGerman(word), (stem) => vocabulary.has(stem)));
  }
  return terms;
}

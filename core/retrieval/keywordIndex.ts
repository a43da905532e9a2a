import MiniSearch from 'minisearch';
import type { Chunk } from '../types.ts';
import { analyze, foldGerman, splitCompound, splitWords } from '../text/germanText.ts';

const COMMON_TERM_SHARE = 0.5;

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
    /** Stemmed term -> number of chunks it occurs in. */
    private readonly documentFrequency: Map<string, number>,
    private readonly chunkCount: number,
  ) {}

  static build(chunks: readonly Chunk[]): KeywordIndex {
    const documentFrequency = new Map<string, number>();
    for (const chunk of chunks) {
      for (const term of new Set(analyze(`${chunk.title} ${chunk.heading ?? ''} ${chunk.text}`))) {
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
    }
    const tokenize = (text: string) => analyzeWithCompounds(text, documentFrequency);
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
    return new KeywordIndex(search, documentFrequency, chunks.length);
  }

  query(text: string, options: { limit: number; sources?: readonly string[] }): KeywordHit[] {
    const sources = options.sources && options.sources.length > 0 ? new Set(options.sources) : undefined;
    const results = this.search.search(text, {
      // Terms in more than a fifth of all chunks add little to BM25 but make every query score and sort
      // thousands of chunks; leave them out unless the query has nothing rarer.
      processTerm: this.dropCommonTerms(text),
      boost: { heading: 2, title: 1.5 },
      combineWith: 'OR',
      // No fuzzy matching: on large corpora it matches similar names and programme titles and costs
      // more than it finds (planted-fact recall@5 at 10k chunks 0.86 with it, 0.94 without).
      // Misspellings are caught by the character n-grams of the vector side.
      fuzzy: false,
      filter: sources ? (result) => sources.has(result.source as string) : undefined,
    });
    return results.slice(0, options.limit).map((result) => ({ label: result.id as number, score: result.score }));
  }

  private dropCommonTerms(text: string): (term: string) => string | null {
    const limit = Math.max(50, this.chunkCount * COMMON_TERM_SHARE);
    const terms = analyzeWithCompounds(text, this.documentFrequency);
    const rare = terms.filter((term) => (this.documentFrequency.get(term) ?? 0) <= limit);
    if (rare.length === 0) return (term) => term;
    return (term) => ((this.documentFrequency.get(term) ?? 0) <= limit ? term : null);
  }

  /** Whether a stemmed term occurs anywhere in the indexed documents. */
  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** Inverse document frequency of a stemmed term; terms the corpus never uses get the highest weight. */
  idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.chunkCount + 1) / (df + 0.5));
  }

  /** Splits a closed compound of the question into parts the corpus knows. */
  compoundParts(word: string): string[] {
    return splitCompound(foldGerman(word), (stem) => this.documentFrequency.has(stem));
  }
}

function analyzeWithCompounds(text: string, vocabulary: Map<string, number>): string[] {
  const terms = analyze(text);
  for (const word of splitWords(text)) {
    if (word.length < 9) continue;
    terms.push(...splitCompound(foldGerman(word), (stem) => vocabulary.has(stem)));
  }
  return terms;
}

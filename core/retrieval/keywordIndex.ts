import MiniSearch from 'minisearch';
import type { Chunk } from '../types.ts';
import { analyze, foldGerman, splitCompound, splitWords } from '../text/germanText.ts';
import { chunkTerms } from './chunkTerms.ts';

const COMMON_TERM_SHARE = 0.2;
/** How many candidates per requested hit the common terms re-rank. */
const RERANK_DEPTH = 5;

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
    private readonly chunkByLabel: Map<number, Chunk>,
  ) {}

  private get chunkCount(): number {
    return this.chunkByLabel.size;
  }

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
    return new KeywordIndex(search, documentFrequency, new Map(chunks.map((chunk) => [chunk.label, chunk])));
  }

  /**
   * BM25 search in two steps. Terms found in more than a fifth of all chunks ("beginnt", "Teilnahme" in
   * a catalogue of programmes) would make MiniSearch score and sort most of the index for every query,
   * so the search runs on the rarer terms; the common ones then re-rank the candidates it found, where
   * they still tell the date section of a programme from its cost section.
   */
  query(text: string, options: { limit: number; sources?: readonly string[] }): KeywordHit[] {
    const sources = options.sources && options.sources.length > 0 ? new Set(options.sources) : undefined;
    const common = this.commonTermsOf(text);
    const results = this.search.search(text, {
      processTerm: common.size > 0 ? (term) => (common.has(term) ? null : term) : (term) => term,
      boost: { heading: 2, title: 1.5 },
      combineWith: 'OR',
      // No fuzzy matching: on large corpora it matches similar names and programme titles and costs
      // more than it finds (planted-fact recall@5 at 10k chunks 0.86 with it, 0.94 without).
      // Misspellings are caught by the character n-grams of the vector side.
      fuzzy: false,
      filter: sources ? (result) => sources.has(result.source as string) : undefined,
    });
    if (common.size === 0) return results.slice(0, options.limit).map((result) => ({ label: result.id as number, score: result.score }));
    const candidates = results.slice(0, Math.max(options.limit * RERANK_DEPTH, 100)).map((result) => {
      const chunk = this.chunkByLabel.get(result.id as number);
      const terms = chunk ? chunkTerms(chunk) : new Set<string>();
      let score = result.score;
      for (const term of common) if (terms.has(term)) score += this.idf(term);
      return { label: result.id as number, score };
    });
    return candidates.sort((a, b) => b.score - a.score).slice(0, options.limit);
  }

  /** The query's terms that occur in more than COMMON_TERM_SHARE of all chunks, unless all of them do. */
  private commonTermsOf(text: string): Set<string> {
    const limit = Math.max(50, this.chunkCount * COMMON_TERM_SHARE);
    const terms = analyzeWithCompounds(text, this.documentFrequency);
    const common = new Set(terms.filter((term) => (this.documentFrequency.get(term) ?? 0) > limit));
    return common.size === new Set(terms).size ? new Set() : common;
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

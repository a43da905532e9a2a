import type { ChunkStore } from '../index/chunkStore.ts';
import type { PostingField, PostingList } from '../index/postingLists.ts';
import { termsWithCompounds } from '../index/storeFormat.ts';
import { characterGrams, foldGerman, splitCompound } from '../text/germanText.ts';
import { Bm25Field } from './bm25.ts';

export interface TermHit {
  label: number;
  /** The document the chunk belongs to. */
  source: string;
  /** BM25 score, higher is better. */
  score: number;
}

/**
 * A character n-gram found in more than this share of all chunks is left out of the n-gram query: it
 * adds almost nothing to BM25 (its inverse document frequency is near zero) but its long list would have
 * to be read and, until the top k are found, scored. Measured on the benchmark corpus at 100k chunks (bench/queryBench.ts).
 */
const COMMON_GRAM_SHARE = 0.05;
/** Below this many chunks every n-gram counts: the share above would leave a small index without grams. */
const COMMON_GRAM_FLOOR = 50;
/** When every gram of a question is common, the rarest few still give a ranking. */
const MIN_GRAMS = 8;
const FREQUENCY_CACHE = 20_000;

export interface KeywordQueryOptions {
  limit: number;
  sources?: readonly string[];
}

/**
 * BM25 keyword search over the chunk store's posting lists (bm25.ts), with the shared German analysis
 * (core/text): folded, stemmed words, stop words dropped, closed compounds split into parts the corpus
 * knows ("Plattform" finds "Weiterbildungsplattform"), and character n-grams for what whole words miss.
 */
export class KeywordIndex {
  private readonly frequencies = new Map<string, number>();
  /** Questions share most of their grams ("wann", "begi"), and each look-up is a seek in the store. */
  private readonly gramFrequencies = new Map<string, number>();
  private readonly fields = new Map<PostingField, Bm25Field>();

  constructor(private readonly store: ChunkStore) {}

  /** BM25 over the analysed words of title, heading and text. */
  query(text: string, options: KeywordQueryOptions): TermHit[] {
    const terms = termsWithCompounds(text, (stem) => this.knows(stem));
    return this.match('words', [...new Set(terms)], options);
  }

  /** BM25 over character n-grams of the folded words, common grams left out (see COMMON_GRAM_SHARE). */
  gramQuery(text: string, options: KeywordQueryOptions): TermHit[] {
    const limit = Math.max(COMMON_GRAM_FLOOR, this.store.count * COMMON_GRAM_SHARE);
    const grams = [...new Set(characterGrams(text))];
    let chosen = grams.filter((gram) => {
      const df = this.gramFrequency(gram);
      return df > 0 && df <= limit;
    });
    if (chosen.length === 0) {
      chosen = grams
        .filter((gram) => this.gramFrequency(gram) > 0)
        .sort((a, b) => this.gramFrequency(a) - this.gramFrequency(b))
        .slice(0, MIN_GRAMS);
    }
    return this.match('grams', chosen, options);
  }

  /** BM25 top-k over the terms' lists; `sources` restricts the candidates to those documents. */
  private match(field: PostingField, terms: readonly string[], options: KeywordQueryOptions): TermHit[] {
    const lists = terms.map((term) => this.store.postings(field, term)).filter((list): list is PostingList => list !== undefined);
    if (lists.length === 0 || options.limit <= 0) return [];
    const { sourceOf, sources } = this.store.documents;
    let accept: ((label: number) => boolean) | undefined;
    if (options.sources && options.sources.length > 0) {
      const wanted = new Set(options.sources);
      const allowed = new Uint8Array(sources.length);
      sources.forEach((source, i) => (allowed[i] = wanted.has(source) ? 1 : 0));
      accept = (label) => allowed[sourceOf[label]!] === 1;
    }
    return this.scorer(field)
      .top(lists, options.limit, accept)
      .map((hit) => ({ label: hit.label, source: sources[sourceOf[hit.label]!]!, score: hit.score }));
  }

  private scorer(field: PostingField): Bm25Field {
    let scorer = this.fields.get(field);
    if (!scorer) {
      const documents = this.store.documents;
      this.fields.set(field, (scorer = new Bm25Field({ count: documents.count, totalLength: documents.total[field], length: documents.length[field] })));
    }
    return scorer;
  }

  private frequency(term: string): number {
    return cached(this.frequencies, term, () => this.store.frequency('words', term));
  }

  private gramFrequency(gram: string): number {
    return cached(this.gramFrequencies, gram, () => this.store.frequency('grams', gram));
  }

  /** Whether a stemmed term occurs anywhere in the indexed documents. */
  knows(term: string): boolean {
    return this.frequency(term) > 0;
  }

  /** Inverse document frequency of a stemmed term; terms the corpus never uses get the highest weight. */
  idf(term: string): number {
    return Math.log(1 + (this.store.count + 1) / (this.frequency(term) + 0.5));
  }

  /** Splits a closed compound of the question into parts the corpus knows. */
  compoundParts(word: string): string[] {
    return splitCompound(foldGerman(word), (stem) => this.knows(stem));
  }
}

/** Document frequencies per index version; bounded, so odd questions cannot grow the heap. */
function cached(cache: Map<string, number>, key: string, read: () => number): number {
  let value = cache.get(key);
  if (value === undefined) {
    value = read();
    if (cache.size >= FREQUENCY_CACHE) cache.clear();
    cache.set(key, value);
  }
  return value;
}

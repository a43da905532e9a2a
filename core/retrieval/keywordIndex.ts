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
 * A character n-gram found in more than this share of all chunks does not search for candidates in the
 * n-gram query (it only scores those the rarer grams find, see gramQuery): the grams of one word occur
 * together, so MaxScore cannot prune their lists and the search would score a large part of the index.
 * The share was measured on the benchmark corpus at 100k chunks (bench/queryBench.ts) when FTS5 ran the
 * n-gram query.
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

export interface GramQueryOptions extends KeywordQueryOptions {
  /** Chunks to rank besides those the rare grams find (hybrid retrieval passes the word hits). */
  candidates?: readonly number[];
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

  /**
   * BM25 over character n-grams of the folded words, in two steps: the rare grams find the candidates
   * (common grams left out, see COMMON_GRAM_SHARE), then every gram of the question scores them. The
   * common grams are those of the words many documents share — the kind of programme, "Netzwerkreihe"
   * — so the second step tells "Netzwerkreihe Soltowald" from "Workshopreihe Soltowald", which the
   * rare grams alone rank by length (bench: hybrid recall@5 at 100k chunks 0.85 with the rare grams
   * alone, 0.95 rescored). Scoring a few dozen candidates over all lists costs little; searching the
   * whole index with the common grams does not (MaxScore cannot prune lists whose grams co-occur).
   */
  gramQuery(text: string, options: GramQueryOptions): TermHit[] {
    if (options.limit <= 0) return [];
    const limit = Math.max(COMMON_GRAM_FLOOR, this.store.count * COMMON_GRAM_SHARE);
    const grams = [...new Set(characterGrams(text))].filter((gram) => this.gramFrequency(gram) > 0);
    let rare = grams.filter((gram) => this.gramFrequency(gram) <= limit);
    if (rare.length === 0) rare = [...grams].sort((a, b) => this.gramFrequency(a) - this.gramFrequency(b)).slice(0, MIN_GRAMS);
    const found = this.match('grams', rare, options);
    const extra = options.candidates ?? [];
    if (found.length + extra.length === 0) return [];
    const candidates = new Uint32Array(found.length + extra.length);
    found.forEach((hit, i) => (candidates[i] = hit.label));
    candidates.set(extra, found.length);
    candidates.sort();
    let unique = 0;
    for (let i = 0; i < candidates.length; i++) if (i === 0 || candidates[i] !== candidates[i - 1]) candidates[unique++] = candidates[i]!;
    const labels = candidates.subarray(0, unique);
    // A gram in more than half of the chunks has BM25's floor idf (1e-6, as in FTS5): its list, the
    // longest there is, would add nothing but its reading.
    const lists: PostingList[] = [];
    for (const gram of grams) {
      const list = this.gramFrequency(gram) < this.store.count / 2 ? this.store.postings('grams', gram) : undefined;
      if (list) lists.push(list);
    }
    const scores = this.scorer('grams').scoreLabels(lists, labels);
    const order: number[] = [];
    for (let i = 0; i < labels.length; i++) if (scores[i]! > 0) order.push(i);
    order.sort((a, b) => scores[b]! - scores[a]! || labels[a]! - labels[b]!);
    const { sourceOf, sources } = this.store.documents;
    return order.slice(0, options.limit).map((i) => ({ label: labels[i]!, source: sources[sourceOf[labels[i]!]!]!, score: scores[i]! }));
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
      const stats = { count: documents.count, totalLength: documents.total[field], length: documents.length[field] };
      // The lists' term scores go into the store's posting cache (bm25.ts), with the lists.
      this.fields.set(field, (scorer = new Bm25Field(stats, (length) => this.store.scoreArray(length))));
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

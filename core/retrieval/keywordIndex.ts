import type { ChunkStore } from '../index/chunkStore.ts';
import type { PostingField, PostingList } from '../index/postingLists.ts';
import { wordTerms } from '../index/storeFormat.ts';
import { foldGerman, splitCompound, splitWords, wordGrams } from '../text/germanText.ts';
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
/** Distinct words of questions whose analysis is kept (QuestionWord), per index version. */
const WORD_CACHE = 20_000;

/**
 * What both queries need of one word of a question, worked out once per index version: the terms and
 * compound parts of termsWithCompounds, and the n-grams of characterGrams with their frequencies. A
 * question's words are mostly those of earlier questions ("Telefonnummer", "Ansprechperson", the kind
 * of programme), and working them out again costs more than the look-up: a compound is split by trying
 * every cut, each a stem and a vocabulary look-up, and every gram is looked up in a map of 20,000
 * strings — scattered reads that miss the CPU's caches when another process (or store) ran in between
 * (README, "Where the 100k time went").
 */
interface QuestionWord {
  terms: readonly string[];
  parts: readonly string[];
  grams: readonly string[];
  gramFrequencies: readonly number[];
  /**
   * The posting lists of terms, parts and grams, looked up when first needed (null: no chunk holds it),
   * so that a question looks up a list per word, not per term and gram (README, "Where the 100k time
   * went"). They live in the store's posting cache: the whole word cache is dropped when that starts a
   * new buffer (ChunkStore.postingGeneration), so no entry keeps an old buffer alive.
   */
  termLists: Array<PostingList | null | undefined>;
  partLists: Array<PostingList | null | undefined>;
  gramLists: Array<PostingList | null | undefined>;
}

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
  private readonly words = new Map<string, QuestionWord>();
  private wordsGeneration = -1;
  /** The n-gram query's candidate labels, reused from question to question (gramQuery). */
  private candidates = new Uint32Array(64);
  /** Their scores (scoreLabels). */
  private scores = new Float64Array(64);

  constructor(private readonly store: ChunkStore) {}

  /** BM25 over the analysed words of title, heading and text. */
  query(text: string, options: KeywordQueryOptions): TermHit[] {
    // termsWithCompounds (storeFormat.ts), word by word from the cache: the terms, then the compound parts.
    // Each distinct term once, in that order, with its list.
    const seen = new Set<string>();
    const lists: PostingList[] = [];
    const entries: QuestionWord[] = [];
    for (const word of splitWords(text)) {
      const entry = this.wordOf(word);
      entries.push(entry);
      this.addTermLists(entry.terms, entry.termLists, seen, lists);
    }
    for (const entry of entries) if (entry.parts.length > 0) this.addTermLists(entry.parts, entry.partLists, seen, lists);
    return this.match('words', lists, options);
  }

  private addTermLists(terms: readonly string[], cached: Array<PostingList | null | undefined>, seen: Set<string>, lists: PostingList[]): void {
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      if (seen.has(term)) continue;
      seen.add(term);
      let list = cached[t];
      if (list === undefined) cached[t] = list = this.store.postings('words', term) ?? null;
      if (list) lists.push(list);
    }
  }

  private wordOf(word: string): QuestionWord {
    if (this.wordsGeneration !== this.store.postingGeneration) {
      this.words.clear();
      this.wordsGeneration = this.store.postingGeneration;
    }
    let entry = this.words.get(word);
    if (!entry) {
      const folded = foldGerman(word);
      const terms: string[] = [];
      const parts: string[] = [];
      wordTerms(word, folded, (stem) => this.knows(stem), terms, parts);
      const grams: string[] = [];
      wordGrams(folded, grams);
      entry = {
        terms,
        parts,
        grams,
        gramFrequencies: grams.map((gram) => this.gramFrequency(gram)),
        termLists: new Array(terms.length).fill(undefined),
        partLists: new Array(parts.length).fill(undefined),
        gramLists: new Array(grams.length).fill(undefined),
      };
      if (this.words.size >= WORD_CACHE) this.words.clear();
      this.words.set(word, entry);
    }
    return entry;
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
    const count = this.store.count;
    const limit = Math.max(COMMON_GRAM_FLOOR, count * COMMON_GRAM_SHARE);
    // The question's distinct grams the index holds, in order, with their frequencies; each list is
    // looked up once, when the search or the scoring first needs it.
    const grams: string[] = [];
    const frequencies: number[] = [];
    const seen = new Set<string>();
    // Where each gram's list is kept: the word it came from, and its place there.
    const owners: QuestionWord[] = [];
    const slots: number[] = [];
    // characterGrams (germanText.ts), word by word from the cache.
    for (const word of splitWords(text)) {
      const entry = this.wordOf(word);
      for (let g = 0; g < entry.grams.length; g++) {
        const gram = entry.grams[g]!;
        if (seen.has(gram)) continue;
        seen.add(gram);
        const frequency = entry.gramFrequencies[g]!;
        if (frequency > 0) {
          grams.push(gram);
          frequencies.push(frequency);
          owners.push(entry);
          slots.push(g);
        }
      }
    }
    const listOf = (i: number): PostingList | undefined => {
      const cached = owners[i]!.gramLists;
      let list = cached[slots[i]!];
      if (list === undefined) cached[slots[i]!] = list = this.store.postings('grams', grams[i]!) ?? null;
      return list ?? undefined;
    };
    let rare: number[] = [];
    for (let i = 0; i < grams.length; i++) if (frequencies[i]! <= limit) rare.push(i);
    if (rare.length === 0) rare = grams.map((_, i) => i).sort((a, b) => frequencies[a]! - frequencies[b]!).slice(0, MIN_GRAMS);
    const rareLists: PostingList[] = [];
    for (const i of rare) {
      const list = listOf(i);
      if (list) rareLists.push(list);
    }
    const found = rareLists.length > 0 ? this.scorer('grams').top(rareLists, options.limit, this.acceptOf(options.sources)) : [];
    const extra = options.candidates ?? [];
    const total = found.length + extra.length;
    if (total === 0) return [];
    if (this.candidates.length < total) {
      this.candidates = new Uint32Array(Math.max(total, 2 * this.candidates.length));
      this.scores = new Float64Array(this.candidates.length);
    }
    const candidates = this.candidates;
    for (let i = 0; i < found.length; i++) candidates[i] = found[i]!.label;
    for (let i = 0; i < extra.length; i++) candidates[found.length + i] = extra[i]!;
    candidates.subarray(0, total).sort();
    let unique = 0;
    for (let i = 0; i < total; i++) if (i === 0 || candidates[i] !== candidates[i - 1]) candidates[unique++] = candidates[i]!;
    // A gram in more than half of the chunks has BM25's floor idf (1e-6, as in FTS5): its list, the
    // longest there is, would add nothing but its reading.
    const scoring: PostingList[] = [];
    for (let i = 0; i < grams.length; i++) {
      const list = frequencies[i]! < count / 2 ? listOf(i) : undefined;
      if (list) scoring.push(list);
    }
    const labels = candidates.subarray(0, unique);
    const scores = this.scorer('grams').scoreLabels(scoring, labels, this.scores);
    const order: number[] = [];
    for (let i = 0; i < unique; i++) if (scores[i]! > 0) order.push(i);
    order.sort((a, b) => scores[b]! - scores[a]! || labels[a]! - labels[b]!);
    const { sourceOf, sources } = this.store.documents;
    const hits: TermHit[] = [];
    for (let k = 0; k < order.length && k < options.limit; k++) {
      const i = order[k]!;
      hits.push({ label: labels[i]!, source: sources[sourceOf[labels[i]!]!]!, score: scores[i]! });
    }
    return hits;
  }

  /** BM25 top-k over the terms' lists; `sources` restricts the candidates to those documents. */
  private match(field: PostingField, lists: readonly PostingList[], options: KeywordQueryOptions): TermHit[] {
    if (lists.length === 0 || options.limit <= 0) return [];
    const { sourceOf, sources } = this.store.documents;
    return this.scorer(field)
      .top(lists, options.limit, this.acceptOf(options.sources))
      .map((hit) => ({ label: hit.label, source: sources[sourceOf[hit.label]!]!, score: hit.score }));
  }

  /** The filter for `sources` (labels of those documents only), or undefined when there is none. */
  private acceptOf(wanted: readonly string[] | undefined): ((label: number) => boolean) | undefined {
    if (!wanted || wanted.length === 0) return undefined;
    const { sourceOf, sources } = this.store.documents;
    const set = new Set(wanted);
    const allowed = new Uint8Array(sources.length);
    sources.forEach((source, i) => (allowed[i] = set.has(source) ? 1 : 0));
    return (label) => allowed[sourceOf[label]!] === 1;
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
    return cached(this.frequencies, term, this.store, 'words');
  }

  private gramFrequency(gram: string): number {
    return cached(this.gramFrequencies, gram, this.store, 'grams');
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
function cached(cache: Map<string, number>, key: string, store: ChunkStore, field: PostingField): number {
  let value = cache.get(key);
  if (value === undefined) {
    value = store.frequency(field, key);
    if (cache.size >= FREQUENCY_CACHE) cache.clear();
    cache.set(key, value);
  }
  return value;
}

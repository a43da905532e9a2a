import type { AnswerRequest, AnswerResult, Chunk, Language, Offer, QuestionKind } from '../types.ts';

/** A chunk found for a question, with its fused score (higher is better). */
export interface RetrievedChunk {
  chunk: Chunk;
  score: number;
  vectorRank?: number;
  keywordRank?: number;
  /** Rank in the character n-gram search. */
  ngramRank?: number;
}

/** The question as the core understood it. */
export interface AnalyzedQuestion {
  /** The question as asked. */
  original: string;
  /** The question used for retrieval, with follow-up references resolved from earlier turns. */
  standalone: string;
  language: Language;
  kind: QuestionKind;
}

/** What an engine may ask about the whole index, beyond the retrieved chunks. */
export interface CorpusView {
  /** Inverse document frequency of a stemmed term (see core/text/germanText.ts `analyze`). */
  idf(term: string): number;
  /** Whether a stemmed term occurs anywhere in the index. */
  knows(term: string): boolean;
  /** Parts of a closed compound that occur in the corpus ("Weiterbildungsplattform" -> "plattform"). */
  compoundParts(word: string): string[];
  /** All analysed terms of one document (every chunk of that source). */
  sourceTerms(source: string): ReadonlySet<string>;
  /**
   * Terms of the slides or pages just before a chunk in the same document. A deck introduces a project
   * on a title slide and then talks about "das Projekt" on the following ones.
   */
  precedingTerms(chunk: Chunk): ReadonlySet<string>;
  /** The chunks of the next `count` slides or pages of the same document. */
  followingChunks(chunk: Chunk, count: number): Chunk[];
  /** Every chunk of one document, in document order. */
  chunksOf(source: string): readonly Chunk[];
  /** The chunk after this one in the same document (the rest of a long section, the next slide). */
  nextChunk(chunk: Chunk): Chunk | undefined;
  /** Keyword (BM25) search over the whole index, for engines that look wider than the retrieved chunks. */
  searchChunks(query: string, limit: number): Chunk[];
  /** Every offer extracted at ingest time, with the chunk it stands in, in index order. */
  offers(): readonly { offer: Offer; chunk: Chunk }[];
  /** Chunks with a date fact overlapping the ISO range, best first. */
  chunksDatedWithin(range: { start: string; end: string }, limit: number): Chunk[];
}

export interface AnswerContext {
  request: AnswerRequest;
  question: AnalyzedQuestion;
  retrieved: RetrievedChunk[];
  corpus: CorpusView;
  signal?: AbortSignal;
}

/** One implementation per file: `extractiveEngine.ts`, `llmEngine.ts`. */
export interface AnswerEngine {
  readonly name: string;
  answer(context: AnswerContext): Promise<AnswerResult>;
}

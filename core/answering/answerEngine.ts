import type { AnswerRequest, AnswerResult, Chunk, Language, QuestionKind } from '../types.ts';

/** A chunk found for a question, with its fused score (higher is better). */
export interface RetrievedChunk {
  chunk: Chunk;
  score: number;
  vectorRank?: number;
  keywordRank?: number;
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

export interface AnswerContext {
  request: AnswerRequest;
  question: AnalyzedQuestion;
  retrieved: RetrievedChunk[];
  signal?: AbortSignal;
}

/** One implementation per file: `extractiveEngine.ts`, `llmEngine.ts`. */
export interface AnswerEngine {
  readonly name: string;
  answer(context: AnswerContext): Promise<AnswerResult>;
}

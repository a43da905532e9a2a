import type { AnswerResult, Chunk } from '../../types.ts';
import { analyze } from '../../text/germanText.ts';
import type { CorpusView } from '../answerEngine.ts';
import type { AnswerPhrases } from '../answerPhrases.ts';
import type { CitationList } from '../citationList.ts';
import { coverage, type WeightedTerms } from '../evidence.ts';
import type { QuestionDetails } from '../questionAnalysis.ts';

/** What every answer strategy of the extractive engine works from. */
export interface EngineInput {
  question: QuestionDetails;
  phrases: AnswerPhrases;
  queryTerms: WeightedTerms;
  subject: WeightedTerms;
  corpus: CorpusView;
}

/** Share of the subject's weight a passage must cover before the engine answers from it. */
export const MIN_SUBJECT_COVERAGE = 0.5;
const MAX_ANSWER_CHARS = 700;

/** Words that ask for a contact person rather than for a person in some other role. */
export const CONTACT_CUE = /\b(ansprechpartner\w*|ansprechperson\w*|kontakt\w*|zustandig\w*|contact\w*|responsible)\b/;

export function result(input: EngineInput, answer: string, citations: CitationList, answered = true): AnswerResult {
  return {
    answered,
    answer: answer.length > 800 ? `${answer.slice(0, 797)}…` : answer,
    citations: citations.list(),
    language: input.question.language,
    kind: input.question.kind,
    engine: 'extractive',
  };
}

export interface CitedPart {
  text: string;
  chunk: Chunk;
  /** The passage the citation shows; defaults to the part's text. */
  snippet?: string;
}

/**
 * Joins answer parts, each followed by its citation marker, as long as the answer stays short. Whole
 * parts are left out rather than cut, so every marker in the text has its citation and vice versa.
 */
export function composeCited(lead: string, parts: readonly CitedPart[], citations: CitationList, separator = ' '): string {
  let text = lead;
  for (const part of parts) {
    const marker = citations.peek(part.chunk);
    const piece = `${text === lead ? '' : separator}${part.text} ${marker}`;
    if (text !== lead && (text + piece).length > MAX_ANSWER_CHARS) break;
    citations.cite(part.chunk, part.snippet ?? part.text);
    text += piece;
  }
  return text.trim();
}

const headingTermCache = new WeakMap<Chunk, Set<string>>();

/** Terms of a chunk's document title and section heading, which name what the passage is about. */
export function headingTerms(chunk: Chunk): Set<string> {
  let terms = headingTermCache.get(chunk);
  if (!terms) {
    terms = new Set(analyze(`${chunk.title}\n${chunk.heading ?? ''}`));
    headingTermCache.set(chunk, terms);
  }
  return terms;
}

/**
 * How much of the question's subject a passage is about. The passage itself must name part of it;
 * the rest may stand elsewhere in the same document (an acronym on the agenda slide, the programme name
 * in the title), which counts half: enough to confirm, not enough to carry an answer alone.
 */
export function subjectCoverageIn(input: EngineInput, passageTerms: ReadonlySet<string>, source: string): number {
  if (input.subject.terms.length === 0) return 1;
  const inPassage = coverage(input.subject, passageTerms);
  if (inPassage === 0 || inPassage >= 1) return inPassage;
  const inDocument = coverage(input.subject, input.corpus.sourceTerms(source));
  return inPassage + 0.5 * Math.max(0, inDocument - inPassage);
}

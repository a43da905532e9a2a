import type { Chunk } from '../types.ts';
import { splitSentences } from '../facts/sentences.ts';
import { analyze, splitWords } from '../text/germanText.ts';
import type { RetrievedChunk } from './answerEngine.ts';

/**
 * Evidence units are the sentences (or, on slides, the lines) of the retrieved chunks. The extractive
 * engine answers with the best of them, so each unit keeps its chunk for the citation.
 */
export interface EvidenceUnit {
  chunk: Chunk;
  /** 0-based rank of the chunk in retrieval. */
  rank: number;
  /** Position of the unit within its chunk, for putting several units back in reading order. */
  position: number;
  text: string;
  terms: Set<string>;
}

export interface WeightedTerms {
  terms: string[];
  idf: (term: string) => number;
  /** Words that count as the term itself ("Laufzeit" for "endet"), so synonyms never dilute coverage. */
  alternatives?: ReadonlyMap<string, readonly string[]>;
}

export function unitsOf(retrieved: readonly RetrievedChunk[]): EvidenceUnit[] {
  const units: EvidenceUnit[] = [];
  retrieved.forEach(({ chunk }, rank) => {
    let position = 0;
    // splitSentences keeps wrapped slide lines together and list items apart.
    for (const sentence of splitSentences(chunk.text)) {
      const text = sentence.text.replace(/^\s*(?:[-–•▪◦*·>]|\d{1,2}[.)])\s+/, '').replace(/\*\*/g, '').trim();
      if (splitWords(text).length < 2) continue;
      units.push({ chunk, rank, position: position++, text, terms: new Set(analyze(text)) });
    }
  });
  return units;
}

/**
 * Whether `terms` holds `term` or an inflected form the stemmer leaves apart: weak nouns and plurals
 * keep a trailing -n/-s/-e ("Schirmherr" ~ "Schirmherrn", "Präsenzphase" ~ "Präsenzphasen").
 */
export function hasTerm(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if (term.length < 5) return false;
  for (const ending of ['n', 's', 'e', 'en', 'es', 'ns']) if (terms.has(term + ending)) return true;
  const ending = /(en|es|ns|[ens])$/.exec(term)?.[0];
  if (ending && term.length - ending.length >= 5 && terms.has(term.slice(0, -ending.length))) return true;
  return false;
}

/** Share of the question's term weight (idf) found among `terms`; 0 when the question has no terms. */
export function coverage(question: WeightedTerms, terms: ReadonlySet<string>): number {
  let total = 0;
  let found = 0;
  for (const term of question.terms) {
    const weight = question.idf(term);
    total += weight;
    if (hasTerm(terms, term) || question.alternatives?.get(term)?.some((other) => hasTerm(terms, other))) found += weight;
  }
  return total === 0 ? 0 : found / total;
}

/** Cuts a long unit to a window around its best-matching words, so answers stay short. */
export function excerpt(text: string, questionTerms: ReadonlySet<string>, maxLength = 320): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const words = clean.split(' ');
  let bestStart = 0;
  let bestHits = -1;
  const hits = words.map((word) => (analyze(word).some((term) => questionTerms.has(term)) ? 1 : 0));
  for (let start = 0; start < words.length; start++) {
    let length = 0;
    let count = 0;
    for (let i = start; i < words.length && length + (words[i]?.length ?? 0) + 1 <= maxLength - 2; i++) {
      length += (words[i]?.length ?? 0) + 1;
      count += hits[i] ?? 0;
    }
    if (count > bestHits) {
      bestHits = count;
      bestStart = start;
    }
  }
  let out = '';
  let end = bestStart;
  for (; end < words.length && out.length + (words[end]?.length ?? 0) + 1 <= maxLength - 2; end++) {
    out += (out ? ' ' : '') + words[end];
  }
  return `${bestStart > 0 ? '… ' : ''}${out}${end < words.length ? ' …' : ''}`;
}

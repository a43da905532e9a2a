import type { AnswerResult } from '../../types.ts';
import { extractAmounts } from '../../facts/extractAmounts.ts';
import { extractDates, parseDateQuery } from '../../facts/extractDates.ts';
import { extractPlaces } from '../../facts/extractPlaces.ts';
import { foldGerman } from '../../text/germanText.ts';
import type { AnswerContext } from '../answerEngine.ts';
import { CitationList } from '../citationList.ts';
import { coverage, excerpt, unitsOf, type EvidenceUnit, type WeightedTerms } from '../evidence.ts';
import { chunkTerms } from '../../retrieval/chunkTerms.ts';
import { CONTACT_CUE, MIN_SUBJECT_COVERAGE, headingTerms, result, subjectCoverageIn, composeCited, type EngineInput } from './engineInput.ts';

/**
 * Sentence answers (dates, places, amounts, offers, general questions): the sentences of the retrieved
 * passages that are about the subject, say what is asked and hold the kind of fact asked for.
 */

interface ScoredUnit extends EvidenceUnit {
  score: number;
  subjectCoverage: number;
  /** Whether the unit or the sentence before it shares a word with the question (or its synonyms). */
  touchesQuestion: boolean;
  /** Whether the unit itself says what is asked about the subject (a non-subject word of the question). */
  saysPredicate: boolean;
  /** Whether the unit or the sentence before it says what is asked. */
  predicateNear: boolean;
}

/** Times stated relative to the text ("in drei Monaten", "nächste Woche") answer "Wann?" as written. */
const RELATIVE_TIME =
  /\b(in|nach|binnen|innerhalb von) (\w+ )?(tagen|wochen|monaten|jahren|days|weeks|months|years)\b|\b(nachste[nr]?|kommende[nr]?) (woche|monat|jahr)\b|\b(demnachst|in kurze)\b/;

const ASKS_FOR_PRICE = /\b(kost\w*|gebuhr\w*|teilnahmegebuhr\w*|preis\w*|entgelt\w*|cost\w*|fee\w*|price\w*)\b/;
const STATES_PRICE = /\b(kost\w*|gebuhr\w*|teilnahmegebuhr\w*|preis\w*|entgelt\w*|pro person|pro teilnehm\w*|je teilnehm\w*|kostenfrei|kostenlos|gebuhrenfrei|unentgeltlich|free of charge|costs?|fees?|price)\b/;

const ASKS_FOR_END = /\b(endet|enden|ende|bis wann|lauft\w* bis|until|end|ends)\b/;
const STATES_END = /\b(bis|ende|endet|enden|beendet|abschluss\w*|laufzeit\w*|lauft|until|end)\b/;

function holdsAskedFact(unit: EvidenceUnit, input: EngineInput, requirePerson = false): boolean {
  const { question } = input;
  if (requirePerson) return unit.chunk.facts.contacts.some((c) => c.name && unit.text.includes(c.name));
  switch (question.kind) {
    case 'date':
      // "Wann endet …?" is not answered by a founding date: the passage must speak of an end or a period.
      if (ASKS_FOR_END.test(foldGerman(question.original)) && !STATES_END.test(foldGerman(unit.text))) return false;
      return extractDates(unit.text).length > 0 || RELATIVE_TIME.test(foldGerman(unit.text));
    case 'place':
      return extractPlaces(unit.text).length > 0;
    case 'amount': {
      // "Was kostet …?" is not answered by a funding sum: the passage must speak of a price or fee.
      if (ASKS_FOR_PRICE.test(foldGerman(question.original)) && !STATES_PRICE.test(foldGerman(unit.text))) return false;
      const amounts = extractAmounts(unit.text);
      if (question.amountFocus === 'any') return amounts.length > 0;
      return amounts.some((amount) => amount.kind === question.amountFocus);
    }
    case 'contact':
      // Without a contact record, only a sentence that names a way to reach someone answers.
      return CONTACT_CUE.test(foldGerman(unit.text)) || /[\w.+-]+@[\w-]+\.[\w.-]+|\b(tel|telefon|phone)\b/i.test(unit.text);
    default:
      return true;
  }
}

/**
 * The retrieved chunks, plus the slides after a retrieved title slide: a deck names a project on a
 * short title slide and gives its facts ("Laufzeit: …") on the next ones, which share no words with it.
 */
function withFollowingSlides(context: AnswerContext) {
  const seen = new Set(context.retrieved.map((r) => r.chunk.id));
  const expanded = [...context.retrieved];
  for (const { chunk, score } of context.retrieved) {
    if (chunk.locator.kind === 'section' || chunk.text.length > TITLE_SLIDE_CHARS) continue;
    for (const next of context.corpus.followingChunks(chunk, 2)) {
      if (seen.has(next.id)) continue;
      seen.add(next.id);
      expanded.push({ chunk: next, score: score / 2 });
    }
  }
  return expanded;
}

const TITLE_SLIDE_CHARS = 200;

function scoreUnits(input: EngineInput, context: AnswerContext): ScoredUnit[] {
  const dateRange = parseDateQuery(input.question.original);
  const units = unitsOf(withFollowingSlides(context));
  const definition = DEFINITION.test(foldGerman(input.question.original));
  const subjectSet = new Set(input.subject.terms);
  const predicate: WeightedTerms = { ...input.queryTerms, terms: input.queryTerms.terms.filter((term) => !subjectSet.has(term)) };
  return units.map((unit, i) => {
    const previous = units[i - 1]?.chunk === unit.chunk ? units[i - 1] : undefined;
    const touchesQuestion = coverage(input.queryTerms, previous ? new Set([...unit.terms, ...previous.terms]) : unit.terms) > 0;
    const chunkWide = chunkTerms(unit.chunk);
    const unitCoverage = coverage(input.queryTerms, unit.terms);
    const chunkCoverage = coverage(input.queryTerms, chunkWide);
    // The subject may be named in the slide title or an earlier sentence of the same passage.
    // The subject must be named near the sentence: in it, the sentence before, the heading or title, or
    // (on slides) the slides just before. A page about one programme that mentions another in passing
    // does not make its sentences about that other programme.
    const near = new Set([...unit.terms, ...(previous?.terms ?? []), ...headingTerms(unit.chunk), ...input.corpus.precedingTerms(unit.chunk)]);
    const subjectCoverage = subjectCoverageIn(input, near, unit.chunk.source);
    // The passage (title, other sentences) may carry the subject; the sentence itself must say what is asked.
    const predicateCoverage = predicate.terms.length > 0 ? coverage(predicate, unit.terms) : unitCoverage;
    let score = 0.35 * unitCoverage + 0.2 * predicateCoverage + 0.3 * chunkCoverage + 0.15 / (1 + unit.rank);
    if (CAPTION.test(unit.text) || isFragmentInProse(unit)) score *= 0.5;
    if (input.question.kind === 'date') score += datePrecisionBonus(unit.text);
    if (definition) score += OFFER_ATTRIBUTE.test(foldGerman(unit.text)) ? 0.1 : 0;
    if (dateRange && extractDates(unit.text).some((date) => date.start && date.end && date.start <= dateRange.end && date.end >= dateRange.start)) {
      score += 0.3;
    }
    const predicateNear = predicate.terms.length === 0 || predicateCoverage > 0 || (previous !== undefined && coverage(predicate, previous.terms) > 0);
    return { ...unit, score, subjectCoverage, touchesQuestion, saysPredicate: predicate.terms.length === 0 || predicateCoverage > 0, predicateNear };
  });
}

/** "Wann?" is best answered by the most specific date: a day beats a quarter beats a year. */
function datePrecisionBonus(text: string): number {
  const precisions = extractDates(text).map((date) => date.precision);
  if (precisions.includes('day')) return 0.1;
  if (precisions.includes('month')) return 0.05;
  return 0;
}

/**
 * Sentences that describe how a programme works (format, phases, target group, cost, registration)
 * answer "Was ist …?" better than a photo caption that merely names it.
 */
const OFFER_ATTRIBUTE =
  /\b(prasenz\w*|online\w*|hybrid\w*|virtuell\w*|workshops?|seminar\w*|modul\w*|phasen?|lernreise\w*|\w*formate?n?|zielgruppe\w*|richtet sich|teilnehmend\w*|kostenfrei|kostenlos|anmeld\w*|qualifizier\w*|fortbildung\w*|weiterbildung\w*|lernplattform\w*)\b/;

/** Photo captions and credits name everything on the picture but explain nothing. */
const CAPTION = /^(gruppen)?(foto|bild|abbildung|abb\.|grafik|quelle|bildquelle|photo|image|picture|source)\s*[:|©]/i;

/**
 * In running text (web pages, Word, Markdown) a paragraph without a full stop is a heading, a caption
 * or a label, not a statement. Slides are all fragments, so they are not judged this way.
 */
export function isFragmentInProse(unit: EvidenceUnit): boolean {
  if (unit.chunk.format === 'pdf' || unit.chunk.format === 'pptx') return false;
  return !/[.!?…]["“”»)]?$/.test(unit.text.trim());
}

const DEFINITION = /^(und\s+)?(was ist|was sind|worum geht|what is|what are|tell me about)\b/;

/** Two units say nearly the same (a caption repeated as alt text, a slide title and its first line). */
function redundant(a: EvidenceUnit, b: EvidenceUnit): boolean {
  let shared = 0;
  for (const term of a.terms) if (b.terms.has(term)) shared++;
  const union = a.terms.size + b.terms.size - shared;
  return union > 0 && shared / union > 0.5;
}

export function answerFromSentences(input: EngineInput, context: AnswerContext, options: { requirePerson?: boolean } = {}): AnswerResult | undefined {
  const wantsFact = ['date', 'place', 'amount'].includes(input.question.kind);
  // A sum of money or a duration about the subject answers "Was kostet / Wie lange …?" even where the
  // sentence uses other words ("Das eintägige Seminar …"); dates and counts are too common for that.
  const distinctiveFact = input.question.kind === 'amount' && (input.question.amountFocus === 'money' || input.question.amountFocus === 'duration');
  const candidates = scoreUnits(input, context)
    // A date or number is only an answer where the passage speaks of what was asked, not merely near it.
    .filter((unit) => unit.subjectCoverage >= MIN_SUBJECT_COVERAGE && (!wantsFact || unit.touchesQuestion || distinctiveFact))
    // "Wann startet X?" wants the start: a date beside the name of X in another context is no answer.
    .filter((unit) => input.question.kind !== 'date' || unit.predicateNear)
    .filter((unit) => holdsAskedFact(unit, input, options.requirePerson))
    .sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best) return undefined;

  const chosen: ScoredUnit[] = [best];
  const maxUnits = wantsFact ? 2 : 3;
  for (const unit of candidates.slice(1)) {
    if (chosen.length >= maxUnits) break;
    if (unit.score < best.score * (wantsFact ? 0.9 : 0.75)) break;
    // Once the best sentence says what was asked, further sentences must too.
    if ((best.saysPredicate && !unit.saysPredicate) || chosen.some((c) => c.text === unit.text || redundant(c, unit))) continue;
    chosen.push(unit);
  }
  if (DEFINITION.test(foldGerman(input.question.original))) {
    // "Was ist X?" asks for a profile: add what the same document says about format, phases, audience.
    for (const unit of candidates) {
      if (chosen.length >= 3) break;
      if (unit.chunk.source !== best.chunk.source || !OFFER_ATTRIBUTE.test(foldGerman(unit.text))) continue;
      if (chosen.some((c) => c.text === unit.text || redundant(c, unit))) continue;
      chosen.push(unit);
    }
  }
  let conflicting = false;
  if (input.question.kind === 'date') {
    // Another document about the same subject with another date: show both rather than pick one.
    const rival = candidates.find(
      (unit) =>
        unit.chunk.source !== best.chunk.source &&
        unit.subjectCoverage >= Math.max(MIN_SUBJECT_COVERAGE, best.subjectCoverage * 0.9) &&
        unit.score >= best.score * 0.4,
    );
    conflicting = rival !== undefined && hasConflictingDates([best, rival]);
    if (conflicting && rival) chosen.splice(0, chosen.length, best, rival);
  }
  if (!conflicting && wantsFact) chosen.splice(1);
  // Reading order within a passage reads better than score order.
  chosen.sort((a, b) => (a.chunk === b.chunk ? a.position - b.position : 0));

  const citations = new CitationList();
  const querySet = new Set(input.queryTerms.terms);
  const parts = chosen.map((unit) => ({ text: excerpt(unit.text, querySet), chunk: unit.chunk, snippet: unit.text }));
  const lead = `${input.question.language === 'en' ? input.phrases.germanSourceNote : ''}${conflicting ? `${input.phrases.conflicting} ` : ''}`;
  return result(input, composeCited(lead, parts, citations, conflicting ? ' – ' : ' '), citations);
}

/** Two passages about the same subject with different dates, from different chunks: show both. */
function hasConflictingDates(units: readonly ScoredUnit[]): boolean {
  if (units.length < 2) return false;
  const [a, b] = units as [ScoredUnit, ScoredUnit];
  if (a.chunk.id === b.chunk.id) return false;
  const datesOf = (unit: ScoredUnit) => new Set(extractDates(unit.text).map((d) => `${d.start}/${d.end}`));
  const first = datesOf(a);
  const second = datesOf(b);
  return [...second].some((d) => !first.has(d));
}


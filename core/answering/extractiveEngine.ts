import type { AnswerResult } from '../types.ts';
import type { AnswerContext, AnswerEngine } from './answerEngine.ts';
import { phrasesFor } from './answerPhrases.ts';
import { CitationList } from './citationList.ts';
import { defaultAnswerModel, isAnswer, type AnswerModel } from './extractive/answerModel.ts';
import { scoreQuestion, type ScoredCandidate, type ScoredPart, type ScoredQuestion } from './extractive/answerPipeline.ts';
import { answerList } from './extractive/listAnswer.ts';
import { citedUnit, displayText, type CitedPart } from './extractive/citedUnit.ts';
import type { EvidenceUnit } from './extractive/evidenceUnits.ts';
import { FEATURES } from './extractive/features.ts';
import { coverage } from './extractive/termMatch.ts';
import { readQuestion, type QuestionReading } from './questionReading.ts';
import { detectLanguage } from '../text/germanText.ts';

/**
 * The embedded answer engine: no model, no network. Every question goes through one scored pipeline
 * (extractive/answerPipeline.ts): evidence units in their document structure, typed candidate answers,
 * one scoring function with fitted weights. The best candidate of each part of the question is the
 * answer when its score reaches the fitted threshold; otherwise the engine says the documents do not
 * hold it. The answer gives the fact in the unit that states it, each part followed by its citation.
 */

const MAX_ANSWER_CHARS = 700;
const PASSAGE_CHARS = 320;
/** At most this many sentences of one passage, or facts (list items, rows, conflicting values), in one answer. */
const MAX_PASSAGES = 3;
const MAX_FACTS = 4;

export class ExtractiveEngine implements AnswerEngine {
  readonly name = 'extractive';

  constructor(private readonly model: AnswerModel = defaultAnswerModel()) {}

  async answer(context: AnswerContext): Promise<AnswerResult> {
    const reading = readQuestion(context.request, context.corpus);
    return composeAnswer(scoreQuestion(context, this.model, reading), this.model);
  }
}

/**
 * The answer to a scored question: the chosen candidates of each part, or a decline. A pure function of
 * the scores, so fitting can re-score the recorded candidates with other weights and judge the answers.
 */
export function composeAnswer(scored: ScoredQuestion, model: AnswerModel): AnswerResult {
  const { reading } = scored;
  const phrases = phrasesFor(reading.language);
  const citations = new CitationList();

  const list = reading.listNoun ? answerList(scored, model) : undefined;
  const answeredParts: CitedPart[][] = [];
  const missing: string[] = [];
  if (list) answeredParts.push(list);
  else {
    for (const part of scored.parts) {
      const chosen = choose(part, model);
      if (chosen) answeredParts.push(chosen);
      else missing.push(part.terms.part.text);
    }
  }
  if (answeredParts.length === 0) return notFound(reading, scored.parts, citations);

  // An English question answered from German passages says so; from English pages it needs no note.
  // A short value ("Vienna, Austria") says little of its language: its passage does.
  const quotesGerman = answeredParts.some((parts) => parts.some((part) => detectLanguage(part.text.length >= LANGUAGE_SAMPLE ? part.text : part.chunk.text) === 'de'));
  let text = reading.language === 'en' && quotesGerman ? phrases.germanSourceNote.trim() : '';
  // "Welches ist online, und an welchem Tag?": one line may answer both parts; it is given once.
  const given = new Set<string>();
  for (const parts of answeredParts) {
    const fresh = parts.filter((part) => !given.has(part.text));
    for (const part of fresh) given.add(part.text);
    text += compose(fresh, citations, text);
  }
  if (missing.length > 0 && scored.parts.length > 1) text += ` ${phrases.partNotFound(missing.join(' / '))}`;
  return result(reading, text.trim(), citations, true);
}

function result(reading: QuestionReading, answer: string, citations: CitationList, answered: boolean): AnswerResult {
  return {
    answered,
    answer: answer.length > 800 ? `${answer.slice(0, 797)}…` : answer,
    citations: citations.list(),
    language: reading.language,
    kind: reading.kind,
    engine: 'extractive',
  };
}


/** The normalised value of a candidate, to tell two different dates or numbers apart. */
function valueKey(candidate: ScoredCandidate): string {
  return candidate.candidate.text.toLowerCase().replace(/[\s.,:;()–-]/g, '');
}

/**
 * The best candidate's unit, and beside it what belongs to the same answer: the other items or rows of
 * the same list or table that score nearly as well (two project leads, three module dates), a different
 * value from another passage (conflicting sources are both shown), and for passages the other sentences
 * of the same section that score nearly as well, or the next one when the first alone is short.
 */
const IN_RANGE = FEATURES.indexOf('inRange');
const OUT_OF_RANGE = FEATURES.indexOf('outOfRange');
const FOCUS_IN_UNIT = FEATURES.indexOf('focusInUnit');
/** Below this many characters a quoted part is too short to tell its language. */
const LANGUAGE_SAMPLE = 60;
const SUBJECT_MISSING = FEATURES.indexOf('subjectMissingInDocument');
/** How much more of the question's subject another page may lack and still give a second value of the same thing. */
const OTHER_PAGE_SUBJECT_GAP = 0.3;
/** How far a unit must name the question's focus ("Schirmherrin") to be about it. */
const NAMES_FOCUS = 0.5;
/** Contact details: on another page they belong to someone else, they are no second value of the same. */
const CONTACT_DETAIL = new Set(['phone', 'email', 'fax']);

/**
 * The candidates best first, except that a twin's best (namedDocuments.ts) yields to the best candidate of
 * the same type from the document the question names, when that one scores alike (within the sibling drop):
 * the scores of two pages that both hold every word of the question do not tell which one is meant.
 */
function namedFirst(part: ScoredPart, model: AnswerModel): ScoredCandidate[] {
  const { candidates, names } = part;
  const best = candidates[0];
  if (!best || !names.twins.has(best.setting.unit.chunk.source)) return candidates;
  const named = candidates.find(
    (c) => names.named.has(c.setting.unit.chunk.source) && c.candidate.type === best.candidate.type && c.score >= best.score - model.siblingDrop,
  );
  return named ? [named, ...candidates.filter((c) => c !== named)] : candidates;
}

function choose(part: ScoredPart, model: AnswerModel): CitedPart[] | undefined {
  const candidates = namedFirst(part, model);
  const best = candidates[0];
  if (!best || !isAnswer(model, candidates)) return undefined;
  const chosen: ScoredCandidate[] = [best];
  const type = best.candidate.type;
  const bestUnit = best.setting.unit;
  const usedUnits = new Set([bestUnit]);
  // The answer from the document the question names does not go with values from its twin.
  const fromNamed = part.names.named.has(bestUnit.chunk.source);
  for (const other of candidates.slice(1, 40)) {
    if (chosen.length >= (type === 'passage' ? MAX_PASSAGES : MAX_FACTS)) break;
    const unit = other.setting.unit;
    if (other.candidate.type !== type || usedUnits.has(unit)) continue;
    if (fromNamed && part.names.twins.has(unit.chunk.source)) continue;
    // The same person or date again (a contact record beside its slide line) adds nothing.
    if (type !== 'passage' && chosen.some((c) => valueKey(c) === valueKey(other))) continue;
    // Items of the same list share their label and differ in their own words: they may score further apart.
    if (other.score < best.score - 2 * model.siblingDrop) continue;
    // The question names a period the best answer's unit is dated in ("Wo findet das Seminar vom 21. bis
    // 23. April statt?"): a row dated outside it is not its sibling. A date asked for may itself lie
    // outside the period named ("Bis wann … anmelden für den Start im Januar 2026?").
    if (type !== 'date' && best.features[IN_RANGE] === 1 && other.features[OUT_OF_RANGE] === 1) continue;
    const sameChunk = unit.chunk === bestUnit.chunk;
    // A contact record belongs with the list it was read from ("Projektleitung": one lead per line).
    const sameGroup =
      sameChunk &&
      bestUnit.kind !== 'sentence' &&
      unit.kind !== 'sentence' &&
      (unit.block === bestUnit.block || (unit.label !== undefined && unit.label === bestUnit.label) || unit.kind === 'contact' || bestUnit.kind === 'contact');
    // Another passage (another document, or another section) gives another value for the same thing.
    // It must be about what is asked. Another page's phone number or e-mail address is someone else's; a
    // person there joins "Wer ist die Schirmherrin …?" only if its unit names a Schirmherrin too, when the
    // best answer's unit does. (Dates and sums are named by other words from page to page.)
    const namesRole = best.features[FOCUS_IN_UNIT]! < NAMES_FOCUS || other.features[FOCUS_IN_UNIT]! >= NAMES_FOCUS;
    const aboutFocus = !CONTACT_DETAIL.has(type) && ((type !== 'person' && type !== 'organisation') || namesRole);
    // A page that lacks much more of the question's subject than the best answer's page is about something else.
    const aboutSubject = other.features[SUBJECT_MISSING]! <= best.features[SUBJECT_MISSING]! + OTHER_PAGE_SUBJECT_GAP;
    const conflicting =
      type !== 'passage' && !sameChunk && aboutFocus && aboutSubject && valueKey(other) !== valueKey(best) && other.score >= best.score - model.siblingDrop;
    // Sentences of the same text go together; an item goes only with the items of its own list.
    const sameKind = unit.kind === bestUnit.kind && (unit.kind === 'sentence' || unit.block === bestUnit.block);
    const samePassage = type === 'passage' && sameChunk && sameKind && other.score >= best.score - model.siblingDrop;
    if (!sameGroup && !conflicting && !samePassage) continue;
    if (conflicting && chosen.some((c) => c.setting.unit.chunk !== bestUnit.chunk)) continue;
    if (samePassage && chosen.reduce((n, c) => n + c.setting.unit.text.length, 0) + unit.text.length > PASSAGE_CHARS) continue;
    chosen.push(other);
    usedUnits.add(unit);
  }
  // "Wie erreiche ich X?" wants both ways: the phone number beside the e-mail address of the same passage.
  const reach = (part.terms.part.types.get('phone') ?? 0) >= 0.9 && (part.terms.part.types.get('email') ?? 0) >= 0.9;
  if (reach && (type === 'phone' || type === 'email' || type === 'person')) {
    for (const wanted of ['phone', 'email'] as const) {
      if (chosen.some((c) => c.candidate.type === wanted || (c.setting.unit.kind === 'contact' && c.setting.unit.text.includes(wanted === 'phone' ? 'Telefon' : 'E-Mail')))) continue;
      const detail = candidates.find((c) => c.candidate.type === wanted && c.setting.unit.chunk === bestUnit.chunk);
      if (detail && !usedUnits.has(detail.setting.unit)) {
        chosen.push(detail);
        usedUnits.add(detail.setting.unit);
      }
    }
  }
  if (type === 'passage' && chosen.length === 1) {
    // A short passage continues in the next unit of the same paragraph or list.
    const next = candidates.find((c) => c.setting.unit.chunk === bestUnit.chunk && c.setting.unit.position === bestUnit.position + 1 && c.candidate.type === 'passage');
    if (next && next.setting.unit.block === bestUnit.block && bestUnit.text.length + next.setting.unit.text.length <= PASSAGE_CHARS) chosen.push(next);
  }
  // Reading order within a passage reads better than score order.
  const ordered = type === 'passage' ? [...chosen].sort((a, b) => a.setting.unit.position - b.setting.unit.position) : chosen;
  const cited = ordered.map((c) => citedUnit(c));
  const items = type === 'passage' ? introducedItems(ordered[ordered.length - 1]!, part, usedUnits) : [];
  // The items follow their introduction as one part, without their label, which that sentence already says.
  if (items.length > 0) {
    const texts = items.map((c) => displayText(c.setting.unit, { withLabel: false }));
    const text = texts.map((t, i) => (i === texts.length - 1 || /[,;.]$/.test(t) ? t : `${t};`)).join(' ');
    cited.push({ text, chunk: items[0]!.setting.unit.chunk, snippet: items.map((c) => c.setting.unit.text).join(' ') });
  }
  return cited;
}

/** How many characters the items a passage's last sentence introduces may add. */
const INTRODUCED_CHARS = 600;

/**
 * A passage that ends with a sentence introducing a list ("Von besonderem Interesse sind folgende Inhalte:")
 * says nothing without the list: its items follow, in order, as far as they fit.
 */
function introducedItems(last: ScoredCandidate, part: ScoredPart, used: ReadonlySet<EvidenceUnit>): ScoredCandidate[] {
  const unit = last.setting.unit;
  if (!unit.text.endsWith(':')) return [];
  const label = unit.text.replace(/:$/, '');
  const items = part.candidates
    .filter((c) => c.candidate.type === 'passage' && c.setting.unit.chunk === unit.chunk && c.setting.unit.position > unit.position && c.setting.unit.label === label && !used.has(c.setting.unit))
    .sort((a, b) => a.setting.unit.position - b.setting.unit.position);
  const out: ScoredCandidate[] = [];
  let length = 0;
  for (const item of items) {
    if (length + item.setting.unit.text.length > INTRODUCED_CHARS && out.length > 0) break;
    if (out.some((o) => o.setting.unit === item.setting.unit)) continue;
    length += item.setting.unit.text.length;
    out.push(item);
  }
  return out;
}

/** Joins parts, each followed by its citation marker, leaving out whole parts once the answer is long. */
function compose(parts: readonly CitedPart[], citations: CitationList, before: string): string {
  let text = '';
  for (const part of parts) {
    const marker = citations.peek(part.chunk);
    const piece = `${before.length + text.length > 0 ? ' ' : ''}${part.text} ${marker}`;
    if (text.length > 0 && before.length + text.length + piece.length > MAX_ANSWER_CHARS) break;
    citations.cite(part.chunk, part.snippet);
    text += piece;
  }
  return text;
}

/** Share of the question's subject a document must name before a decline points to it. */
const RELATED_SUBJECT_COVERAGE = 0.75;

/** How many of the best candidates a decline looks at for a document about the question's subject. */
const RELATED_CANDIDATES = 5;

function notFound(reading: QuestionReading, parts: readonly ScoredPart[], citations: CitationList): AnswerResult {
  const phrases = phrasesFor(reading.language);
  let text = phrases.notFound;
  const part = parts[0];
  if (part) {
    // A year or number alone names no topic: "Wo findet das DATABUND-Forum 2019 statt?" is about the forum,
    // its focus, not about any page of 2019.
    const named = part.terms.subject.filter((t) => !/^\d+$/.test(t.term));
    const subject = named.length > 0 ? part.terms.subject : part.terms.focus.length > 0 ? [...part.terms.focus, ...part.terms.subject] : part.terms.own;
    // The best candidates' documents, not only the first's: a passage that does not speak of what is asked
    // scores low, but its document may still be about the question's subject.
    const related = part.candidates.slice(0, RELATED_CANDIDATES).find((c) => (coverage(subject, c.setting.document) ?? 0) >= RELATED_SUBJECT_COVERAGE);
    if (related) text += ` ${phrases.relatedHint(related.setting.unit.chunk.title, related.setting.unit.chunk.source)}`;
  }
  return result(reading, text, citations, false);
}

import type { AnswerResult, Chunk, Contact, Offer } from '../types.ts';
import { extractAmounts } from '../facts/extractAmounts.ts';
import { extractDates, parseDateQuery } from '../facts/extractDates.ts';
import { extractPlaces } from '../facts/extractPlaces.ts';
import { analyze, foldGerman, isStopWord, splitWords, stemGerman } from '../text/germanText.ts';
import type { AnswerContext, AnswerEngine, CorpusView } from './answerEngine.ts';
import { phrasesFor, type AnswerPhrases } from './answerPhrases.ts';
import { CitationList } from './citationList.ts';
import { chunkTerms, coverage, excerpt, unitsOf, type EvidenceUnit, type WeightedTerms } from './evidence.ts';
import { analyzeQuestion, predicateAlternatives, type QuestionDetails } from './questionAnalysis.ts';

/**
 * The embedded answer engine: no model, no network. It reads what kind of fact is asked, finds the
 * sentences and extracted facts of the retrieved chunks that are about the question's subject and hold
 * that kind of fact, and answers with them, each followed by its citation marker. When no passage is
 * about the subject, or none holds the fact asked for, it says so instead of guessing.
 */

/** Share of the subject's weight a passage must cover before the engine answers from it. */
const MIN_SUBJECT_COVERAGE = 0.5;
const MAX_ANSWER_CHARS = 700;

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

interface EngineInput {
  question: QuestionDetails;
  phrases: AnswerPhrases;
  queryTerms: WeightedTerms;
  subject: WeightedTerms;
  corpus: CorpusView;
}

export class ExtractiveEngine implements AnswerEngine {
  readonly name = 'extractive';

  async answer(context: AnswerContext): Promise<AnswerResult> {
    const question = analyzeQuestion(context.request);
    const phrases = phrasesFor(question.language);
    const idf = (term: string) => context.corpus.idf(term);
    const questionText = question.language === 'en' ? question.standalone : question.original;
    const terms = [...new Set(analyze(questionText))];
    // Compound alternatives: a closed compound of the question is also found by its two parts in the
    // documents ("Weiterbildungsplattform" by "Plattform"); English word pairs by the German compound.
    const compounds = new Map<string, string[]>();
    for (const word of splitWords(questionText)) {
      if (word.length < 9 || /[-'’]/.test(word)) continue;
      const parts = context.corpus.compoundParts(word);
      const [whole] = analyze(word);
      if (parts.length === 2 && whole) compounds.set(whole, parts);
    }
    if (question.language === 'en') addGermanCompounds(question.standalone, compounds, context.corpus);
    // Synonyms ("Laufzeit" for "endet") widen what is asked, never what it is asked about.
    const alternatives = new Map(compounds);
    for (const [term, others] of predicateAlternatives(terms)) alternatives.set(term, [...(alternatives.get(term) ?? []), ...others]);
    const queryTerms: WeightedTerms = { terms, idf, alternatives };
    const subject: WeightedTerms = { terms: question.subjectTerms, idf, alternatives: compounds };
    const input: EngineInput = { question, phrases, queryTerms, subject, corpus: context.corpus };

    // "Wer ist der Schirmherr …?" asks for a person in a role, best answered by the sentence naming both.
    const askedForRole = question.kind === 'contact' && question.contactFocus === 'who' && !CONTACT_CUE.test(foldGerman(question.original));
    const result =
      (askedForRole ? answerFromSentences(input, context, { requirePerson: true }) : undefined) ??
      (question.kind === 'contact' ? answerContact(input, context) : undefined) ??
      answerByPeriod(input, context) ??
      (question.kind === 'list' ? (answerList(input, context) ?? answerOffers(input, context)) : undefined) ??
      answerFromSentences(input, context);
    return result ?? notFound(input, context);
  }
}

/**
 * English writes as two words what German writes as one ("project management" / "Projektmanagement"):
 * adjacent words whose joined form the documents use count as that compound.
 */
function addGermanCompounds(text: string, alternatives: Map<string, string[]>, corpus: CorpusView): void {
  const words = splitWords(text).map(foldGerman);
  for (let i = 0; i + 1 < words.length; i++) {
    const [first, second] = [words[i]!, words[i + 1]!];
    if (isStopWord(first) || isStopWord(second)) continue;
    const compound = stemGerman(first + second);
    if (!corpus.knows(compound)) continue;
    for (const part of [...analyze(first), ...analyze(second)]) alternatives.set(part, [...(alternatives.get(part) ?? []), compound]);
  }
}

function result(input: EngineInput, answer: string, citations: CitationList, answered = true): AnswerResult {
  return {
    answered,
    answer: answer.length > 800 ? `${answer.slice(0, 797)}…` : answer,
    citations: citations.list(),
    language: input.question.language,
    kind: input.question.kind,
    engine: 'extractive',
  };
}

function notFound(input: EngineInput, context: AnswerContext): AnswerResult {
  const { phrases } = input;
  let text = phrases.notFound;
  const best = context.retrieved[0]?.chunk;
  // Name what the documents do hold when the best passage is at least partly about the subject.
  if (best && input.subject.terms.length > 0 && coverage(input.subject, chunkTerms(best)) > 0) {
    text += ` ${phrases.relatedHint(best.title, best.source)}`;
  }
  return result(input, text, new CitationList(), false);
}

// ---------------------------------------------------------------------------------------------------
// Sentence answers (dates, places, amounts, offers, general questions)

const headingTermCache = new WeakMap<Chunk, Set<string>>();

/** Terms of a chunk's document title and section heading, which name what the passage is about. */
function headingTerms(chunk: Chunk): Set<string> {
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
function subjectCoverageIn(input: EngineInput, passageTerms: ReadonlySet<string>, source: string): number {
  if (input.subject.terms.length === 0) return 1;
  const inPassage = coverage(input.subject, passageTerms);
  if (inPassage === 0 || inPassage >= 1) return inPassage;
  const inDocument = coverage(input.subject, input.corpus.sourceTerms(source));
  return inPassage + 0.5 * Math.max(0, inDocument - inPassage);
}

/** Times stated relative to the text ("in drei Monaten", "nächste Woche") answer "Wann?" as written. */
const RELATIVE_TIME =
  /\b(in|nach|binnen|innerhalb von) (\w+ )?(tagen|wochen|monaten|jahren|days|weeks|months|years)\b|\b(nachste[nr]?|kommende[nr]?) (woche|monat|jahr)\b|\b(demnachst|in kurze)\b/;

const ASKS_FOR_PRICE = /\b(kost\w*|gebuhr\w*|teilnahmegebuhr\w*|preis\w*|entgelt\w*|cost\w*|fee\w*|price\w*)\b/;
const STATES_PRICE = /\b(kost\w*|gebuhr\w*|teilnahmegebuhr\w*|preis\w*|entgelt\w*|pro person|pro teilnehm\w*|je teilnehm\w*|kostenfrei|kostenlos|gebuhrenfrei|unentgeltlich|free of charge|costs?|fees?|price)\b/;

const CONTACT_CUE = /\b(ansprechpartner\w*|ansprechperson\w*|kontakt\w*|zustandig\w*|contact\w*|responsible)\b/;
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
function isFragmentInProse(unit: EvidenceUnit): boolean {
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

function answerFromSentences(input: EngineInput, context: AnswerContext, options: { requirePerson?: boolean } = {}): AnswerResult | undefined {
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
  const parts = chosen.map((unit) => `${excerpt(unit.text, querySet)} ${citations.cite(unit.chunk, unit.text)}`);
  let text = parts.join(conflicting ? ' – ' : ' ');
  if (conflicting) text = `${input.phrases.conflicting} ${text}`;
  if (input.question.language === 'en') text = `${input.phrases.germanSourceNote}${text}`;
  return result(input, trimToLength(text), citations);
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

function trimToLength(text: string): string {
  if (text.length <= MAX_ANSWER_CHARS) return text;
  const cut = text.lastIndexOf(' ', MAX_ANSWER_CHARS - 2);
  return `${text.slice(0, cut)} …`;
}

// ---------------------------------------------------------------------------------------------------
// Contact answers

interface ContactCandidate {
  contact: Contact;
  chunk: Chunk;
  score: number;
  subjectCoverage: number;
  nameMentioned: boolean;
}

function nameKey(name: string): string {
  return foldGerman(name)
    .replace(/\b(dr|prof|dipl|ing)\b\.?/g, '')
    .replace(/[^a-z\s-]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The question names the person when it contains their surname (and first name, if given). */
function mentionsName(text: string, name: string): boolean {
  const folded = ` ${foldGerman(text).replace(/[^a-z0-9\s-]/g, ' ')} `;
  const parts = nameKey(name).split(' ').filter((part) => part.length > 1);
  const surname = parts[parts.length - 1];
  return surname !== undefined && folded.includes(` ${surname} `);
}

function answerContact(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const { question, phrases } = input;
  const candidates: ContactCandidate[] = [];
  context.retrieved.forEach(({ chunk }, rank) => {
    for (const contact of chunk.facts.contacts) {
      if (!contact.name && contact.emails.length === 0 && contact.phones.length === 0) continue;
      // A name in passing ("Gruppenfoto mit Daniel Haßmann") is no contact person: it needs a way to
      // reach them, a role, or a contact block around it.
      if (contact.emails.length === 0 && contact.phones.length === 0 && !contact.role && !CONTACT_CUE.test(foldGerman(chunk.text))) continue;
      const contactText = [contact.name, contact.role, contact.organisation, contact.programme].filter(Boolean).join(' ');
      const terms = new Set([...analyze(contactText), ...chunkTerms(chunk), ...context.corpus.precedingTerms(chunk)]);
      const subjectCoverage = input.subject.terms.length === 0 ? 0 : subjectCoverageIn(input, terms, chunk.source);
      const nameMentioned =
        !!contact.name && (mentionsName(question.original, contact.name) || (!!question.previousLead && mentionsName(question.previousLead, contact.name)));
      const ownProgramme = contact.programme ? coverage(input.subject, new Set(analyze(contact.programme))) : 0;
      const completeness = (contact.emails.length > 0 ? 0.05 : 0) + (contact.phones.length > 0 ? 0.05 : 0) + (contact.name ? 0.05 : 0);
      const score = subjectCoverage + 0.3 * ownProgramme + (nameMentioned ? 1 : 0) + completeness + 0.1 / (1 + rank);
      candidates.push({ contact, chunk, score, subjectCoverage, nameMentioned });
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || (!best.nameMentioned && best.subjectCoverage < MIN_SUBJECT_COVERAGE)) return undefined;

  // The same person often appears on several slides (speaker list, contact slide): merge their details.
  const key = best.contact.name ? nameKey(best.contact.name) : undefined;
  const same = key ? candidates.filter((c) => c.contact.name && nameKey(c.contact.name) === key) : [best];
  const citations = new CitationList();
  const pick = <T>(get: (c: Contact) => T | undefined): { value: T; chunk: Chunk } | undefined => {
    for (const candidate of same) {
      const value = get(candidate.contact);
      if (value !== undefined && (!Array.isArray(value) || value.length > 0)) return { value, chunk: candidate.chunk };
    }
    return undefined;
  };
  const name = best.contact.name
    ? [best.contact.honorific, best.contact.name].filter(Boolean).join(' ')
    : undefined;
  const email = pick((c) => c.emails[0]);
  const phone = pick((c) => c.phones[0]);
  const role = pick((c) => c.role);
  const organisation = pick((c) => c.organisation);
  const programme = pick((c) => c.programme);
  // Cite the fullest record of the person (the contact slide rather than the speaker list).
  const detail = (c: ContactCandidate) => c.contact.emails.length + c.contact.phones.length + (c.contact.role ? 1 : 0);
  const primary = [...same].sort((a, b) => detail(b) - detail(a) || b.score - a.score)[0] ?? best;
  const nameCite = citations.cite(primary.chunk, primary.chunk.text);
  const cite = (found: { chunk: Chunk } | undefined) => (found ? citations.cite(found.chunk, found.chunk.text) : '');
  const who = name ?? email?.value ?? phone?.value ?? '';

  let text: string;
  let answered = true;
  if (question.contactFocus === 'email') {
    if (email) text = `${phrases.emailOf(who)} ${email.value} ${cite(email)}.`;
    else {
      text = `${phrases.noEmailFor(who)} ${describe(name, role?.value, organisation?.value)} ${nameCite}`;
      answered = false;
    }
  } else if (question.contactFocus === 'phone') {
    if (phone) text = `${phrases.phoneOf(who)} ${phone.value} ${cite(phone)}.`;
    else {
      text = `${phrases.noPhoneFor(who)} ${describe(name, role?.value, organisation?.value)} ${nameCite}`;
      answered = false;
    }
  } else if (question.contactFocus === 'reach' && (phone || email)) {
    const markers = [...new Set([cite(phone), cite(email)].filter(Boolean))].join(' ');
    text = `${phrases.reach(who, phone?.value, email?.value)} ${markers}.`;
  } else {
    const lead = programme ? phrases.contactFor(programme.value) : phrases.contact;
    text = `${lead} ${describe(name ?? who, role?.value, organisation?.value)} ${nameCite}.`;
    const details = [phone ? `${phrases.phone}: ${phone.value}` : '', email ? `${phrases.email}: ${email.value}` : '']
      .filter(Boolean)
      .join(', ');
    if (details) text += ` ${details} ${[...new Set([cite(phone), cite(email)].filter(Boolean))].join(' ')}`;
  }
  return result(input, trimToLength(text.replace(/\s+\./g, '.').replace(/\s+/g, ' ').trim()), citations, answered);
}

function describe(name: string | undefined, role?: string, organisation?: string): string {
  const extras = [role, organisation].filter((part): part is string => !!part && !(name && part.includes(name)));
  return extras.length > 0 ? `${name ?? ''} (${extras.join(', ')})`.trim() : (name ?? '');
}

// ---------------------------------------------------------------------------------------------------
// Period answers ("Welche Veranstaltungen gibt es im September 2025?")

const ASKS_FOR_ITEMS = /^(und\s+)?(welche|welcher|welches|which|what|gibt es|are there|is there)\b/;
const DATE_WORDS = new Set(
  analyze(
    'Januar Februar März April Mai Juni Juli August September Oktober November Dezember Jahr Monat Woche Quartal Frühjahr Frühling Sommer Herbst Winter ' +
      'Veranstaltung Veranstaltungen Termin Termine Angebote Angebot Kurse Seminare Workshops Events january february march april may june july august september october november december',
  ),
);

/**
 * A question about a period is answered from every passage dated within it, across the whole index,
 * not only from the passages that share its words: events in September rarely say "Veranstaltung".
 */
function answerByPeriod(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const folded = foldGerman(input.question.original);
  if (input.question.kind !== 'list' && !ASKS_FOR_ITEMS.test(folded)) return undefined;
  const range = parseDateQuery(input.question.original);
  if (!range) return undefined;
  const subject: WeightedTerms = { terms: input.subject.terms.filter((t) => !DATE_WORDS.has(t) && !/^\d+$/.test(t)), idf: input.subject.idf };
  const seen = new Set<string>();
  const pool = [...context.retrieved.map((r) => r.chunk), ...context.corpus.chunksDatedWithin(range, 50)].filter((chunk) => {
    if (seen.has(chunk.id)) return false;
    seen.add(chunk.id);
    return true;
  });
  const units = unitsOf(pool.map((chunk) => ({ chunk, score: 0 })))
    .filter((unit) => subject.terms.length === 0 || coverage(subject, new Set([...unit.terms, ...chunkTerms(unit.chunk)])) >= MIN_SUBJECT_COVERAGE)
    // Headings ("Veranstaltungskalender Herbst 2026") are not events; a season or year is too vague for a list.
    .filter((unit) => !isFragmentInProse(unit))
    .map((unit) => ({
      unit,
      dates: extractDates(unit.text).filter(
        (d) => d.start && d.end && d.start <= range.end && d.end >= range.start && (d.precision === 'day' || d.precision === 'month'),
      ),
    }))
    .filter(({ dates }) => dates.length > 0)
    .sort((a, b) => (a.dates[0]!.start! < b.dates[0]!.start! ? -1 : 1));
  if (units.length === 0) return undefined;
  const citations = new CitationList();
  const querySet = new Set(input.queryTerms.terms);
  const lines: string[] = [];
  for (const { unit } of units) {
    if (lines.length >= 5) break;
    // "Termin: 13. Oktober 2026" says what only under its heading: name the event first.
    const heading = unit.chunk.heading && !unit.text.includes(unit.chunk.heading) ? `${unit.chunk.heading}: ` : '';
    const line = `${heading}${excerpt(unit.text, querySet, 200)} ${citations.cite(unit.chunk, unit.text)}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return result(input, trimToLength(lines.join(' ')), citations);
}

// ---------------------------------------------------------------------------------------------------
// List answers ("Welche Projekte …?")

const LIST_NOUN =
  /\b(projekte|angebote|programme|kurse|veranstaltungen|formate|seminare|schulungen|module|fortbildungen|weiterbildungen|lehrgange|workshops|qualifizierungsangebote|projects|offers|programmes|programs|courses|events|trainings|formats|modules|seminars)\b/;
const ENGLISH_LIST_NOUN: Record<string, string> = {
  projects: 'projekte',
  offers: 'angebote',
  programmes: 'programme',
  programs: 'programme',
  courses: 'kurse',
  events: 'veranstaltungen',
  trainings: 'fortbildungen',
  formats: 'formate',
  modules: 'module',
  seminars: 'seminare',
};

const OFFER_NOUN = /^(angebote|programme|kurse|formate|seminare|schulungen|module|fortbildungen|weiterbildungen|lehrgange|workshops|qualifizierungsangebote|veranstaltungen)$/;

/**
 * "Welche Angebote gibt es für Führungskräfte?" is answered from the offers extracted at ingest time
 * across all documents, filtered by what the question adds (audience, topic, provider).
 */
function answerOffers(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const match = LIST_NOUN.exec(foldGerman(input.question.original));
  const noun = match?.[1] ? (ENGLISH_LIST_NOUN[match[1]] ?? match[1]) : undefined;
  if (!noun || !OFFER_NOUN.test(noun)) return undefined;
  const nounTerms = new Set(analyze(`${noun} Angebot Angebote Programm`));
  const subject: WeightedTerms = { terms: input.subject.terms.filter((t) => !nounTerms.has(t)), idf: input.subject.idf };
  // With a filter, look at the chunks that mention it anywhere in the index (not only the top few);
  // without one, at every offer.
  const pool =
    subject.terms.length > 0
      ? [...new Set([...context.retrieved.map((r) => r.chunk), ...context.corpus.searchChunks(input.question.standalone, 100)])].flatMap((chunk) =>
          chunk.facts.offers.map((offer) => ({ offer, chunk })),
        )
      : context.corpus.offers();
  const byName = new Map<string, { offer: Offer; chunk: Chunk }>();
  for (const entry of pool) {
    const { offer, chunk } = entry;
    const described = [offer.name, offer.provider, offer.targetGroup, offer.format, offer.context].filter(Boolean).join(' ');
    // The filter must be in what is said about the offer, not anywhere on its page.
    if (subject.terms.length > 0 && coverage(subject, new Set([...analyze(described), ...headingTerms(chunk)])) < MIN_SUBJECT_COVERAGE) continue;
    // Stemmed words as the key: "Digitales Innovation Team" and "Digital Innovation Team" are one offer.
    const key = [...new Set(analyze(offer.name))].sort().join(' ') || foldGerman(offer.name);
    const known = byName.get(key);
    // Keep the richest description of each offer.
    if (!known || offerRichness(offer) > offerRichness(known.offer)) byName.set(key, entry);
  }
  if (byName.size === 0) return undefined;
  const citations = new CitationList();
  // Offers described with provider, audience or format first: a bare name may be a mere heading.
  const ranked = [...byName.values()].sort((a, b) => offerRichness(b.offer) - offerRichness(a.offer));
  const items = ranked.slice(0, 6).map(({ offer, chunk }) => {
    const details = [offer.provider, offer.targetGroup ? `${input.question.language === 'en' ? 'for' : 'für'} ${offer.targetGroup}` : undefined]
      .filter(Boolean)
      .join('; ');
    return `${offer.name}${details ? ` (${details})` : ''} ${citations.cite(chunk, offer.context)}`;
  });
  return result(input, trimToLength(`${input.phrases.offersIntro} ${items.join('; ')}`), citations);
}

function offerRichness(offer: Offer): number {
  return [offer.provider, offer.targetGroup, offer.format, offer.dates, offer.cost, offer.contact].filter(Boolean).length;
}

function answerList(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const match = LIST_NOUN.exec(foldGerman(input.question.original));
  if (!match?.[1]) return undefined;
  const noun = ENGLISH_LIST_NOUN[match[1]] ?? match[1];
  // "projekte" -> "projekt": items name the singular ("Projekt KommunalCampus", "Projektgruppe …").
  const stem = analyze(noun)[0] ?? noun;
  let best: { chunk: Chunk; items: string[]; score: number } | undefined;
  for (const { chunk } of context.retrieved) {
    const chunkCoverage = coverage(input.subject, chunkTerms(chunk));
    if (chunkCoverage < MIN_SUBJECT_COVERAGE) continue;
    const items: string[] = [];
    for (const paragraph of chunk.text.split(/\n\s*\n/)) {
      for (const line of paragraph.split('\n')) {
        const clean = line.replace(/^[\s\-–•▪◦*·]+/, '').replace(/\*\*/g, '').trim();
        if (clean.length < 4 || clean.length > 120) continue;
        const words = splitWords(clean).map(foldGerman);
        const mentions = words.some((word) => word.startsWith(stem) && word !== noun);
        if (mentions && !items.includes(clean)) items.push(clean);
      }
    }
    const score = items.length + chunkCoverage;
    if (items.length >= 2 && (!best || score > best.score)) best = { chunk, items, score };
  }
  if (!best) return undefined;
  const citations = new CitationList();
  const marker = citations.cite(best.chunk, best.items.join('; '));
  const text = `${input.phrases.listIntro(best.chunk.title)} ${best.items.slice(0, 8).join('; ')} ${marker}`;
  return result(input, trimToLength(text), citations);
}

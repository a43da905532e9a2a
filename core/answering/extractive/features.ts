import { analyze, foldGerman, isStopWord } from '../../text/germanText.ts';
import { chunkAcronyms } from '../../retrieval/chunkTerms.ts';
import type { CorpusView } from '../answerEngine.ts';
import { typesOf, type AskedPart, type QuestionReading } from '../questionReading.ts';
import { candidatesOf, type Candidate } from './candidates.ts';
import { unitsOfChunk, type EvidenceUnit } from './evidenceUnits.ts';
import { compareQualifiers, qualifiersIn, type Qualifier } from '../qualifiers.ts';
import type { Chunk } from '../../types.ts';
import { extractDates, overlaps, type DateRange } from '../../facts/extractDates.ts';
import { coverage, hasForm, matchStrength, unionOf, type WeightedTerm } from './termMatch.ts';

/**
 * The features of one (question, unit, candidate) triple that the scoring function weighs. Every
 * feature is a number in [0, 1]; what each one measures is said where it is computed.
 */
export const FEATURES = [
  'passage',
  'typeFit',
  'coverUnit',
  'coverNear',
  'coverDocument',
  'subjectNear',
  'subjectInUnit',
  'subjectMissingInDocument',
  'focusInUnit',
  'focusMissing',
  'predicateInUnit',
  'cueNear',
  'proximity',
  'rank',
  'retrievalScore',
  'structured',
  'fragment',
  'echo',
  'qualifierMismatch',
  'qualifierMissing',
  'qualifierAbsentInDocument',
  'inRange',
  'outOfRange',
  'measureMatch',
  'measureMismatch',
  'long',
  'datePrecision',
  'ambiguous',
  'dateRoleMatch',
  'dateline',
  'enumeration',
  'weakCandidate',
  'moneyRoleMatch',
  'yesNoQuestion',
  'passageQuestion',
  'listQuestion',
  'keyMatch',
  'onlyOneInDocument',
  'unitRelevance',
  'unitRank',
  'listFocus',
  'polarity',
  'unaskedYear',
  'coarseDate',
  'procedure',
  'focusNamed',
  'deadlineUncued',
  'sectionOutOfRange',
  'answersDocumentQuestion',
  'passageUncued',
  'documentDateAsked',
] as const;
export type FeatureName = (typeof FEATURES)[number];

/**
 * The direction each feature may push a score (+1 only up, -1 only down, 0 either way). With a few
 * hundred training questions a fitted weight can take the wrong sign by chance; these bounds keep the
 * fit to what each feature means ("the unit names what is asked" can only help).
 */
export const FEATURE_SIGN: Record<FeatureName, 1 | -1 | 0> = {
  passage: 0,
  typeFit: 1,
  coverUnit: 1,
  coverNear: 1,
  coverDocument: 1,
  subjectNear: 1,
  subjectInUnit: 1,
  subjectMissingInDocument: -1,
  focusInUnit: 1,
  focusMissing: -1,
  predicateInUnit: 1,
  cueNear: 1,
  proximity: 1,
  rank: 1,
  retrievalScore: 1,
  structured: 0,
  fragment: -1,
  echo: -1,
  qualifierMismatch: -1,
  qualifierMissing: -1,
  qualifierAbsentInDocument: -1,
  inRange: 1,
  outOfRange: -1,
  measureMatch: 1,
  measureMismatch: -1,
  long: 0,
  datePrecision: 0,
  ambiguous: 0,
  dateRoleMatch: 1,
  dateline: -1,
  enumeration: 1,
  weakCandidate: 0,
  listFocus: 1,
  moneyRoleMatch: 1,
  yesNoQuestion: 0,
  passageQuestion: 0,
  listQuestion: 0,
  keyMatch: 1,
  onlyOneInDocument: 1,
  unitRelevance: 1,
  unitRank: 1,
  polarity: 1,
  unaskedYear: -1,
  coarseDate: -1,
  procedure: 1,
  focusNamed: 1,
  deadlineUncued: -1,
  sectionOutOfRange: -1,
  answersDocumentQuestion: 1,
  passageUncued: -1,
  documentDateAsked: 1,
};
export type FeatureVector = Float64Array;

/** What the features of one question need, computed once per question part. */
export interface QuestionTerms {
  reading: QuestionReading;
  part: AskedPart;
  /** Every term of the question (and of the previous turn, weighed less). */
  all: WeightedTerm[];
  /** The question's own terms. */
  own: WeightedTerm[];
  subject: WeightedTerm[];
  focus: WeightedTerm[];
  predicate: WeightedTerm[];
  cues: ReadonlySet<string>;
  /** The question folded to compare candidates with ("2024" in the question is no answer to it). */
  foldedQuestion: string;
  /** The stems of the question's own words. */
  ownTerms: ReadonlySet<string>;
  /** "In welchem Jahr …?": a year without a cue may answer it. */
  asksYear: boolean;
  /** How precise a date must be: a day ("An welchem Datum …?"), at least a month (a deadline), or any. */
  datePrecision: 'day' | 'month' | undefined;
  /** "Wie melde ich mich an?", "How do I apply?": the way to register, apply or book is asked. */
  asksProcedure: boolean;
  /** "Welches Datum trägt das Merkblatt?", "Wann wurde das Reglement erlassen?": the document's own date is asked. */
  asksDocumentDate: boolean;
  /** "Mit welcher Universität …?", "In welcher Halle …?": which one of the kind the focus names is asked. */
  asksWhich: boolean;
  /** "Bis wann muss ich mich anmelden?": a deadline is asked. */
  asksDeadline: boolean;
  /** The question names a day as written ("am 30. Juni 2026"; not "von übermorgen"). */
  namesDay: boolean;
}

export function questionTerms(reading: QuestionReading, part: AskedPart, all: WeightedTerm[]): QuestionTerms {
  const focus = all.filter((t) => t.role === 'focus');
  const named = all.filter((t) => t.role === 'subject' || t.role === 'context');
  return {
    reading,
    part,
    all,
    own: all.filter((t) => t.role !== 'context'),
    // "Was kostet die KI-Werkstatt?" names nothing but its focus: then the focus is what the answer must be about.
    subject: named.length > 0 ? named : focus,
    focus,
    predicate: all.filter((t) => t.role === 'predicate'),
    cues: new Set(part.cues),
    foldedQuestion: compact(reading.original),
    ownTerms: new Set(all.filter((t) => t.role !== 'context').map((t) => t.term)),
    asksYear: ASKS_YEAR.test(reading.original),
    datePrecision: ASKS_DAY.test(reading.original) ? 'day' : ASKS_DEADLINE.test(reading.original) ? 'month' : undefined,
    asksDeadline: ASKS_DEADLINE.test(reading.original),
    namesDay: extractDates(reading.original).some((d) => d.precision === 'day'),
    asksProcedure: ASKS_PROCEDURE.test(reading.original),
    asksDocumentDate: ASKS_DOCUMENT_DATE.test(reading.original),
    asksWhich: focus.length > 0 && !reading.listNoun && reading.asksWhichOne,
  };
}

/** Where a unit stands: its neighbours and the terms around it, computed once per unit. */
export interface UnitSetting {
  unit: EvidenceUnit;
  /** 0-based retrieval rank of the unit's chunk. */
  rank: number;
  /** The chunk's retrieval score relative to the best one. */
  retrievalScore: number;
  previous?: EvidenceUnit;
  /** For a sentence: the first sentence of its chunk, when that is another one. */
  lead?: EvidenceUnit;
  /** Unit, its label, table header, headings, title, the unit before, the opening sentence and (on slides) the slides before. */
  near: ReadonlySet<string>;
  document: ReadonlySet<string>;
  /** The question the document itself asks just before the unit (an FAQ heading, an interview question). */
  asked?: DocumentQuestion;
}

export interface DocumentQuestion {
  terms: ReadonlySet<string>;
  /** The kinds of fact it asks for. */
  types: ReadonlyMap<string, number>;
  /** Units between that question and this unit (0: the unit right after it). */
  distance: number;
}

const LEAD_CHARS = 40;

/**
 * The first sentence of the unit's section (which may have begun in an earlier chunk), unless it is the
 * unit itself or the one just before it.
 */
function leadOf(unit: EvidenceUnit, corpus: CorpusView): EvidenceUnit | undefined {
  const { chunk } = unit;
  const first = chunk.locator.kind === 'section' ? (corpus.chunksOf(chunk.source).find((c) => c.locator.label === chunk.locator.label) ?? chunk) : chunk;
  // A dateline ("Lübben.") is no opening sentence.
  const lead = unitsOfChunk(first).find((u) => u.kind === 'sentence' && u.text.length >= LEAD_CHARS);
  if (!lead) return undefined;
  return first !== chunk || lead.position < unit.position - 1 ? lead : undefined;
}

/**
 * A sentence that points back to the one before it: it opens with a pronoun of a third person ("Sie ist die
 * zuständige Koordinatorin"; the formal "Sie können" is plural), an adverb of the time, place or matter just
 * named ("Damals gründete …", "Dort …"), or names "this day" or "this place" ("…, das an diesem Tag gefeiert wird").
 */
const REFERS_BACK =
  /^(?:(?:Er|Sie)\s+(?:ist|war|hat|hatte|wird|wurde|\p{Ll}+t|\p{Ll}+te)\b|(?:Damals|Dort|Dabei|Dann|Seitdem|Seither|Hier|Daraufhin)\b)|\b(?:an|zu|in|seit|bis zu) (?:diesem|jenem|dem gleichen|demselben) (?:Tag|Datum|Termin|Abend|Wochenende|Zeitpunkt|Ort|Jahr)\b/u;

/** Whether a unit continues the one before it (REFERS_BACK): its words then say what that one's facts are. */
export function refersBack(unit: EvidenceUnit, before: EvidenceUnit): boolean {
  return unit.kind === 'sentence' && before.kind === 'sentence' && REFERS_BACK.test(unit.text);
}

/** The sentence after a unit in its chunk, past a dateline ("Bad Eilsen / Rinteln.") between them. */
export function nextSentence(units: readonly EvidenceUnit[], i: number): EvidenceUnit | undefined {
  for (let j = i + 1; j < units.length; j++) {
    const unit = units[j]!;
    if (unit.kind !== 'sentence') return undefined;
    if (unit.text.length >= LEAD_CHARS) return unit;
  }
  return undefined;
}

export function settingOf(
  unit: EvidenceUnit,
  previous: EvidenceUnit | undefined,
  rank: number,
  retrievalScore: number,
  corpus: CorpusView,
  next?: EvidenceUnit,
  asked?: DocumentQuestion,
): UnitSetting {
  // Running text names its subject in its opening sentence ("… überreichte das NLSI den Absolventen des
  // 34. Lehrgangs …"); a sentence paragraphs later ("Hinter den 13 Frauen … liegen 893 Stunden") is about it.
  const lead = unit.kind === 'sentence' ? leadOf(unit, corpus) : undefined;
  // "Am Donnerstag, 25. August, kommt er wieder. Der Minister hält die Festrede zum Jubiläum, das an diesem
  // Tag gefeiert wird.": the sentence after that points back says what the date is.
  const after = next && refersBack(next, unit) ? next.terms : new Set<string>();
  const near = unionOf(unit.terms, unit.contextTerms, previous?.terms ?? new Set(), lead?.terms ?? new Set(), after, chunkAcronyms(unit.chunk), corpus.precedingTerms(unit.chunk));
  return {
    unit,
    rank,
    retrievalScore,
    ...(previous ? { previous } : {}),
    ...(lead ? { lead } : {}),
    near,
    document: corpus.sourceTerms(unit.chunk.source),
    ...(asked ? { asked } : {}),
  };
}

/** How far after a question of the document its answer may still run (FAQ answers are a few sentences). */
const ANSWER_UNITS = 3;
const QUESTION_LINE = /\?["“”»)]?$/;

/**
 * The question a unit answers when the document asks one just before it: an FAQ entry's heading or bold
 * question line, an interview's question. The unit itself must not be a question.
 */
export function documentQuestionBefore(units: readonly EvidenceUnit[], i: number): DocumentQuestion | undefined {
  if (QUESTION_LINE.test(units[i]!.text)) return undefined;
  for (let j = i - 1; j >= 0 && i - j - 1 < ANSWER_UNITS; j--) {
    const unit = units[j]!;
    if (!QUESTION_LINE.test(unit.text)) continue;
    // A title that asks ("Wie werde ich Verwaltungsfachangestellte?") heads a whole article, not one answer.
    if (unit.text === unit.chunk.title.replace(/\s+/g, ' ').trim()) return undefined;
    // An FAQ numbers its questions ("1 Muss ich …?", "3. Wann …?"): the number is no word of the question.
    const terms = new Set([...unit.terms].filter((term) => !/^\d+$/.test(term)));
    return { terms, types: typesOf(unit.text).types, distance: i - j - 1 };
  }
  return undefined;
}

/** A compound of the document's question that starts with a word of the user's ("Bewerbungsunterlagen" – "Bewerbung"). */
const COMPOUND_START_FACTOR = 0.7;

/**
 * How far the question the document asks before the unit is the user's question: the share of its
 * words (by weight) the user's question has, so the FAQ's "Wann findet die Zwischenprüfung statt?" is
 * asked by "Wann im Ausbildungsverlauf findet die Zwischenprüfung für … statt?", and not by "Wann findet
 * die Abschlussprüfung statt?"; times the share of the kinds of fact asked that both ask for. Falls off
 * with the distance of the unit from that question.
 */
function documentQuestionMatch(question: QuestionTerms, asked: DocumentQuestion | undefined, corpus: CorpusView): number {
  if (!asked || asked.terms.size === 0) return 0;
  let total = 0;
  let found = 0;
  for (const term of asked.terms) {
    const weight = corpus.idf(term);
    total += weight;
    // "Bewerbungsunterlagen" in the document's question is asked by "Bewerbung": a compound that starts with the word.
    const strength = Math.max(
      0,
      ...question.own.map((own) => (own.term === term ? 1 : Math.max(matchStrength(own, new Set([term])), own.term.length >= 5 && term.startsWith(own.term) ? COMPOUND_START_FACTOR : 0))),
    );
    found += weight * strength;
  }
  if (total === 0) return 0;
  // "Was ist das Ziel der Zwischenprüfung?" is not "Wann findet die Zwischenprüfung statt?": the share of
  // the kinds of fact the user asks for that the document's question asks for too.
  let wanted = 0;
  let shared = 0;
  for (const [type, weight] of question.part.types) {
    wanted += weight;
    shared += Math.min(weight, asked.types.get(type) ?? 0);
  }
  return (((found / total) ** 2) * (wanted > 0 ? shared / wanted : 0)) / (1 + asked.distance);
}

const MEASURE_OR_DATE = new Set(['money', 'count', 'duration', 'percent', 'date', 'time']);

/** A question for a sum, a number or a date: every kind it asks for in the first place is one of those. */
function asksMeasureOrDate(question: QuestionTerms): boolean {
  if (question.part.form !== 'fact') return false;
  const main = [...question.part.types].filter(([type, weight]) => type !== 'passage' && weight >= 0.75);
  return main.length > 0 && main.every(([type]) => MEASURE_OR_DATE.has(type));
}

/** Whether the unit or what it stands under names a compound ending in a cue of the question ("Seminargebühr"). */
function namesCueCompound(question: QuestionTerms, unit: EvidenceUnit): boolean {
  for (const term of unionOf(unit.terms, unit.contextTerms)) {
    for (const cue of question.cues) if (cue.length >= 4 && term.length > cue.length && term.endsWith(cue)) return true;
  }
  return false;
}

/**
 * A candidate that says the other thing than asked: a start date for "Wann endet …?", an end for "Wann
 * beginnt …?", a funding sum for "Was kostet …?", a fee for "Wie hoch ist die Förderung?". A period
 * (from … to …) answers both ends.
 */
export function answersOtherRole(question: QuestionTerms, candidate: Candidate): boolean {
  const askedDate = question.reading.dateRole;
  if ((candidate.type === 'date' || candidate.type === 'time') && (askedDate === 'start' || askedDate === 'end')) {
    const role = dateRoleOf(candidate);
    if (role && role !== 'period' && role !== askedDate) return true;
  }
  const askedMoney = question.reading.moneyRole;
  if (candidate.type === 'money' && askedMoney) {
    const role = moneyRoleOf(candidate);
    if (role && role !== askedMoney) return true;
  }
  return false;
}

/** Whether the question itself contains the candidate (as the scorer compares texts). */
export function isEcho(question: QuestionTerms, text: string): boolean {
  const candidate = compact(text);
  if (candidate.length >= 3 && question.foldedQuestion.includes(candidate)) return true;
  // Inflected, the question's own name is still no answer: "Zertifikatskurses Digitale Verwaltung" for "… den Zertifikatskurs Digitale Verwaltung?".
  const terms = analyze(text);
  return terms.length >= 2 && terms.every((term) => question.ownTerms.has(term));
}

function compact(text: string): string {
  return foldGerman(text).replace(/[\s/\-–.,:;()"„“']/g, '');
}

const CAPTION = /^(gruppen)?(foto|bild|abbildung|abb\.|grafik|quelle|bildquelle|aus|zitiert nach|photo|image|picture|source|from)\s*[:|©(]/i;

/** A caption or source reference ("Foto: …", "Aus: „Titel“ (Verlag), S. 78") says where something comes from, not what is asked. */
export function isCaption(unit: EvidenceUnit): boolean {
  return CAPTION.test(unit.text);
}

/**
 * The question names "the 10th" or "the third round", "Modul B" or 2025; the passage around the unit
 * names another one of the same kind and not the asked one (conflict), or none at all (missing).
 */
export function qualifierComparison(question: QuestionTerms, setting: UnitSetting): { conflict: boolean; yearConflict: boolean; missing: boolean } {
  const asked = question.reading.qualifiers;
  if (asked.length === 0) return { conflict: false, yearConflict: false, missing: false };
  // The sentence before belongs to the context of running text; the item before in a list is a sibling.
  const previous = setting.unit.kind === 'sentence' ? `${setting.previous?.text ?? ''} ${setting.lead?.text ?? ''}` : '';
  const around = [setting.unit.text, setting.unit.label ?? '', setting.unit.chunk.heading ?? '', setting.unit.chunk.title, previous].join(' ');
  return compareQualifiers(asked, qualifiersIn(around));
}

const documentQualifiers = new WeakMap<readonly Chunk[], Qualifier[]>();

/**
 * Whether the document names none of the asked ordinals or designators anywhere: a page about the
 * Fachkongresse of 2017 and 2018 that never says "10." does not tell when the 10th one is. Years are left
 * out, since pages name many, and ordinals written as words ("am ersten Tag"), which pages say by dates.
 */
function qualifierAbsentInDocument(question: QuestionTerms, source: string, corpus: CorpusView): boolean {
  const asked = question.reading.qualifiers.filter((q) => q.kind !== 'year' && !q.word);
  if (asked.length === 0) return false;
  const chunks = corpus.chunksOf(source);
  let present = documentQualifiers.get(chunks);
  if (!present) {
    present = chunks.flatMap((chunk) => qualifiersIn(`${chunk.title}\n${chunk.heading ?? ''}\n${chunk.text}`));
    documentQualifiers.set(chunks, present);
  }
  return !asked.some((q) => present.some((p) => p.kind === q.kind && p.value === q.value));
}

const END_WORDS = String.raw`\bbis|spätestens|Frist|Ende|[Ss]chluss|Einsendeschluss|Anmeldeschluss|Bewerbungsschluss|Meldefrist|fällig|Fälligkeit|zahlbar|Stichtag|until|by|deadline`;
const END_BEFORE = new RegExp(String.raw`(?:${END_WORDS})[\s:]*(?:zum|zur|am|einschließlich|inkl\.|jeweils)?\s*$`, 'iu');
// A label names the role of the value after it: "Fälligkeit für das Wintersemester: jeweils 15. September".
const LABEL_BEFORE = /(?:^|\n)([^\n:.;]{2,60}):\s*(?:jeweils|am|ab|bis|zum)?\s*$/u;
const END_LABEL = new RegExp(String.raw`(?:${END_WORDS})`, 'iu');
const START_BEFORE = /(?:\bab|\bseit|Beginn|Start|startet|beginnt|begann|Auftakt|starting|from|since)[\s:]*(?:dem|am|im|in)?\s*$/iu;
const START_AFTER = /^\s*(?:[–-]\s*)?(?:Start|Beginn|Auftakt|startet|beginnt|begann|gestartet)\b/iu;

/** What a date is in its sentence: the start of something, its end or deadline, or a whole period. */
export function dateRoleOf(candidate: Candidate): 'start' | 'end' | 'period' | undefined {
  // A time has its role as a date has: "ab 09:30 Uhr", "bis 22:00 Uhr".
  if (candidate.type !== 'date' && candidate.type !== 'time') return undefined;
  const text = candidate.unit.text;
  // A time's own preposition is part of its text ("bis 22:00 Uhr").
  const own = candidate.type === 'time' ? (/^(?:ab|von|bis)\s/i.exec(candidate.text)?.[0] ?? '') : '';
  const before = text.slice(Math.max(0, candidate.start - 30), candidate.start) + own;
  // "Vom 15. Bis 17. November" (slides capitalise every line's words; without a year the date has no range).
  const spans = candidate.range ? candidate.range.start !== candidate.range.end : /\d\.?\s*(?:bis|–|-)\s*\d/i.test(candidate.text);
  if (spans && /\b(bis|–|-|to|until)\b|–/i.test(candidate.text)) return 'period';
  // "von 9:00 bis 12:00 Uhr", "9:00–12:00" name both ends.
  if (candidate.type === 'time' && /\d\s*(?:–|-|bis)\s*\d/.test(candidate.text)) return 'period';
  if (END_BEFORE.test(before)) return 'end';
  const label = LABEL_BEFORE.exec(text.slice(0, candidate.start))?.[1];
  if (label && END_LABEL.test(label)) return 'end';
  if (START_BEFORE.test(before) || START_AFTER.test(text.slice(candidate.end, candidate.end + 25))) return 'start';
  return undefined;
}

const FUNDING_NEAR = /förder|Förder|Zuschuss|zuschuss|finanziert|Finanzierung|Budget|Mittel\b|Zuwendung|subsid|funding|grant/u;
const PRICE_NEAR = /kost|Kosten|Gebühr|gebühr|Preis|Entgelt|Beitrag|Pauschale|pro Person|pro Teilnehm|je Teilnehm|Teilnahme|Lehrgangsgeld|Studienentgelt|fee|cost|price|tuition/u;

const MONEY_ROLE_BEFORE = 140;

/** What a sum of money is in its sentence: something to pay, or something granted. */
export function moneyRoleOf(candidate: Candidate): 'price' | 'funding' | undefined {
  if (candidate.type !== 'money') return undefined;
  const text = candidate.unit.text;
  // The clause before the sum names what it is ("Die Förderung … beträgt für jeden Seminartag 100 Euro").
  const around = `${candidate.unit.label ?? ''} ${text.slice(Math.max(0, candidate.start - MONEY_ROLE_BEFORE), candidate.end + 40)}`;
  const funding = FUNDING_NEAR.test(around);
  const price = PRICE_NEAR.test(around);
  return funding === price ? undefined : funding ? 'funding' : 'price';
}

/** Nouns that name a kind of sum, alone or as the last part of a compound ("Übernachtungspauschale"). */
const SUM_NOUN = /\p{L}*(?:gebühr|gebühren|kosten|preis|preise|pauschale|entgelt|beitrag|beiträge|geld|zuschuss|zuschüsse|förderung|honorar|eigenanteil|zuschlag|miete)(?!\p{L})/giu;
/** How far before a sum its name may stand, within the same sentence. */
const SUM_NAME_BEFORE = 80;

/** The text before a candidate in its sentence, at most SUM_NAME_BEFORE characters. */
function textBeforeInSentence(candidate: Candidate): string {
  const text = candidate.unit.text;
  const from = Math.max(0, candidate.start - SUM_NAME_BEFORE, text.slice(0, candidate.start).search(/[.!?]\s[^.!?]*$/) + 1);
  return text.slice(from, candidate.start);
}

/** The noun that names a sum: the last sum noun before it in its sentence, or its label or key. */
function sumName(candidate: Candidate): string | undefined {
  const names = [...`${candidate.unit.label ?? ''} ${textBeforeInSentence(candidate)}`.matchAll(SUM_NOUN)];
  return names[names.length - 1]?.[0];
}

/** Words for people: a count of one answers a question for another ("Wie viele Mitarbeitende …?" – "2 Personen"). */
const PEOPLE = /^(?:personen|person|menschen|teilnehmende\p{L}*|teilnehmer\p{L}*|mitarbeitende\p{L}*|mitarbeiter\p{L}*|beschaftigte\p{L}*|leute|people|persons|participants|employees|staff)$/u;

const WHOLE_SUM_NOUN = new RegExp(`^${SUM_NOUN.source}$`, 'iu');

function measureMismatch(question: QuestionTerms, candidate: Candidate, measureMatch: number): boolean {
  const focus = question.reading.words.find((w) => w.role === 'focus')?.word;
  if (question.focus.length === 0 || !focus) return false;
  if (candidate.type === 'count') {
    if (candidate.measure === undefined || measureMatch > 0) return false;
    return !(PEOPLE.test(foldGerman(focus)) && PEOPLE.test(foldGerman(candidate.measure.split(/\s+/).pop() ?? '')));
  }
  if (candidate.type !== 'money') return false;
  if (question.reading.language === 'en') return englishSumMismatch(question, focus, candidate);
  if (!WHOLE_SUM_NOUN.test(focus)) return false;
  const name = sumName(candidate);
  if (name === undefined || (coverage(question.focus, new Set(analyze(name))) ?? 0) > 0) return false;
  // "Semestergebühren" are named by "Die Studiengebühren betragen … 890 Euro je Semester": the parts of the
  // asked compound may stand apart in the unit (the whole word elsewhere in it names another sum).
  const parts = [...candidate.unit.terms].filter((term) => !question.focus.some((f) => hasForm(new Set([term]), f.term)));
  return (coverage(question.focus, unionOf(new Set(analyze(name)), new Set(parts))) ?? 0) === 0;
}

/** An English sum named by the word before its noun: "tuition fee", "registration fees", "travel costs". */
const ENGLISH_SUM_NAME = /(\p{L}+)[ \t]+(?:fees?|costs?|charges?|prices?)(?!\p{L})/giu;

/** "How much is the tuition fee …?" is not answered by "… pay the registration fee of € 500". */
function englishSumMismatch(question: QuestionTerms, focus: string, candidate: Candidate): boolean {
  const asked = [...question.reading.original.matchAll(ENGLISH_SUM_NAME)].find((m) => m[1] === focus);
  if (!asked) return false;
  const named = [...textBeforeInSentence(candidate).matchAll(ENGLISH_SUM_NAME)].pop();
  return named !== undefined && foldGerman(named[1]!) !== foldGerman(focus);
}

/**
 * Whether a candidate falls in the period the question names. A date candidate by its own range; any
 * other candidate by the dates of its unit: "Wo findet das Seminar vom 21. bis 23. April statt?" is
 * answered by the place in the row dated 21.04. – 23.04., not by the one in the row dated 07.04.
 */
function rangeOverlap(range: DateRange, candidate: Candidate): boolean | undefined {
  if (candidate.type === 'date') return candidate.range ? overlaps(candidate.range, range) : undefined;
  const dated = candidatesOf(candidate.unit).filter((c) => c.type === 'date' && c.range);
  return dated.length === 0 ? undefined : dated.some((c) => overlaps(c.range!, range));
}

const sectionDays = new WeakMap<Chunk, DateRange[]>();
/** How far into a section's first chunk its day is looked for ("… Orientierungshilfe / am 25.09.2024 in München"). */
const SECTION_LEAD_CHARS = 400;

function headingsOf(chunk: Chunk): string[] {
  return [...(chunk.headingPath ?? []), ...(chunk.heading ? [chunk.heading] : [])];
}

/**
 * The days that open the innermost section around a chunk that opens with any: in its heading
 * ("30.06.2026 – 09:30 bis 16:30 Uhr in München") or at the start of its first chunk ("am 25.09.2024
 * in München"), so "Kosten:" under a seminar's section has the seminar's day.
 */
function daysOfSection(chunk: Chunk, corpus: CorpusView): DateRange[] {
  let days = sectionDays.get(chunk);
  if (days) return days;
  days = [];
  const path = headingsOf(chunk);
  const chunks = corpus.chunksOf(chunk.source);
  for (let depth = path.length; depth >= 1 && days.length === 0; depth--) {
    const first = chunks.find((c) => {
      const headings = headingsOf(c);
      return headings.length >= depth && path.slice(0, depth).every((heading, i) => headings[i] === heading);
    });
    const lead = `${path[depth - 1]}\n${first ? first.text.slice(0, SECTION_LEAD_CHARS) : ''}`;
    days = extractDates(lead)
      .filter((d) => d.precision === 'day' && d.start)
      .map((d) => ({ start: d.start!, end: d.end ?? d.start! }));
  }
  sectionDays.set(chunk, days);
  return days;
}

/**
 * "Wie hoch ist die Gebühr für das Seminar am 30. Juni 2026?" on a page of several seminars, each in a
 * section that opens with its day: a unit in another day's section is about another seminar, when the
 * page has a section of the asked day.
 */
function sectionOutOfRange(question: QuestionTerms, unit: EvidenceUnit, corpus: CorpusView): boolean {
  const range = question.reading.dateRange;
  if (!range || !question.namesDay || question.part.types.has('date')) return false;
  const days = daysOfSection(unit.chunk, corpus);
  if (days.length === 0 || days.some((day) => overlaps(day, range))) return false;
  // Only where another section of the page opens with the asked day: the first lines of a single
  // event's page may carry its publication date, which says nothing about which event a unit is of.
  return corpus.chunksOf(unit.chunk.source).some((chunk) => daysOfSection(chunk, corpus).some((day) => overlaps(day, range)));
}

/** A byline's name beside its date: a few capitalised words ("Landkreis Esslingen", "Presse | Stadt Kiel"). */
const BYLINE_NAME = /^(?:\p{Lu}[\p{L}.-]*|von|der|des|die|am|im|in)(?:\s+(?:\p{Lu}[\p{L}.-]*|von|der|des|die|am|im|in)){0,4}$/u;
const BYLINE_SEPARATOR = /\s*[·|•/–—]\s*/u;
/** How many lines from the start of a document a byline stands at most (title, section name, byline). */
const BYLINE_UNITS = 4;

/** Whether a unit is among the first `units` units of its document (its first chunk): a byline, a document's own date. */
function opensDocument(unit: EvidenceUnit, units: number, corpus: CorpusView): boolean {
  return unit.position < units && corpus.chunksOf(unit.chunk.source)[0]?.id === unit.chunk.id;
}

/**
 * A byline at the head of an article: a line of just a name and a date ("Landkreis Esslingen · 13. Februar
 * 2023"). Its date is the day of publication, its place the publisher's, neither the event's.
 */
export function isByline(unit: EvidenceUnit, corpus: CorpusView): boolean {
  if (!opensDocument(unit, BYLINE_UNITS, corpus) || unit.text.length > 80) return false;
  const parts = unit.text.split(BYLINE_SEPARATOR).filter((part) => part !== '');
  if (parts.length !== 2) return false;
  const dated = parts.filter((part) => extractDates(part).some((date) => date.text.length >= part.length - 2));
  return dated.length === 1 && parts.some((part) => !dated.includes(part) && BYLINE_NAME.test(part));
}

const ASKS_DOCUMENT_DATE =
  /\b(?:welches datum trägt|von wann stammt|wann (?:[\p{L}-]+ ){0,20}?(?:erlassen|veröffentlicht|erschienen|herausgegeben|publiziert|beschlossen|verabschiedet|datiert)\b|when was (?:[\p{L}-]+ ){0,20}?(?:published|issued|adopted|enacted))/iu;
/** Kinds of document whose date follows their name: "Merkblatt des Personalamtes vom April 2022". */
const DOCUMENT_GENRE = /(?:Merkblatt|Verordnung|Reglement|Richtlinie|Erlass|Beschluss|Rundschreiben|Bekanntmachung|Satzung|Ordnung|Gesetz|Mitteilung)\b[^.;]{0,60}$/u;
/** How far into its document a date may stand and still be the document's own. */
const DOCUMENT_DATE_UNITS = 6;

/**
 * The document's own date: its dateline ("Publikationsdatum 5. April 2022"), the date under a regulation's
 * title ("(Vom 21. Oktober 1997)") or after the name of its kind near the start ("Merkblatt … vom April
 * 2022"); not the date of another act it cites further down ("gestützt auf § 55 des Gesetzes … vom …").
 */
function isDocumentDate(candidate: Candidate, corpus: CorpusView): boolean {
  if (candidate.type !== 'date') return false;
  if (isDateline(candidate) || /(?:Publikationsdatum|Ausgabedatum|Erscheinungsdatum)\s*:?\s*$/iu.test(candidate.unit.text.slice(0, candidate.start))) return true;
  const { unit } = candidate;
  if (!opensDocument(unit, DOCUMENT_DATE_UNITS, corpus)) return false;
  const before = unit.text.slice(0, candidate.start);
  return /^\s*\(?\s*vom\s*$/iu.test(before) || (/\bvom\s*$/u.test(before) && DOCUMENT_GENRE.test(before.replace(/\bvom\s*$/u, '')));
}

/** A publication date: "[17.06.2024] …", "Stand: 07.05.2020", "Wiesbaden, 06.01.2026: …". */
function isDateline(candidate: Candidate): boolean {
  if (candidate.type !== 'date') return false;
  const text = candidate.unit.text;
  const before = text.slice(0, candidate.start);
  if (/^\s*\[\s*$/.test(before)) return true;
  if (/(?:Stand|Datum|veröffentlicht|aktualisiert|Fassung vom|erschienen)\s*:?\s*(?:am)?\s*$/iu.test(before)) return true;
  return /^\s*\p{Lu}[\p{L}-]+,\s*(?:den\s*)?$/u.test(before) && /^\s*:/.test(text.slice(candidate.end));
}

// "mit den Kommunalen Landesverbänden, dem IT-Dienstleister ITEOS, der Führungsakademie und …": an article may stand before each name,
// or a number ("aus einem Test, zwei Klausuren, einer Gruppendiskussion sowie einem Kurzreferat").
const BEFORE_NAME = '(?:(?:de[mnrs]|die|das|the|eine?[mnrs]?|a|an|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|\\d{1,3})\\s+)?(?=\\p{Lu}|„|")';
const COMMA_BEFORE_NAME = new RegExp(`,\\s+${BEFORE_NAME}`, 'gu');
const CONJUNCTION_BEFORE_NAME = `\\s(?:und|sowie|oder|and)\\s+${BEFORE_NAME}`;
const FINAL_CONJUNCTION = new RegExp(CONJUNCTION_BEFORE_NAME, 'u');
/** Commas and conjunctions before the names of an enumeration. */
export const ITEM_SEPARATOR = new RegExp(`${COMMA_BEFORE_NAME.source}|${CONJUNCTION_BEFORE_NAME}`, 'gu');

/** A sentence naming at least three things ("Kiel, Flensburg, Eutin und Nortorf"): a list in its own words. */
export function enumerates(text: string): boolean {
  const commas = (text.match(COMMA_BEFORE_NAME) ?? []).length;
  const final = FINAL_CONJUNCTION.test(text);
  return commas >= 2 || (commas >= 1 && final);
}

/** What names one thing of a kind right after the noun: a name, a number or code, a quoted title. */
const NAME_AFTER = /^[ \t]+(?:„[^“"]{2,80}[“"]|"[^"]{2,80}"|\p{Lu}[\p{L}\d-]*|\p{Lu}?[ \t]?\d[\d.,]*)/u;
const INFLECTION_AFTER = /^(?:e|en|n|s|es|er|ern|ns)?$/;
/** "15. Lehrgang", "dritte Lehrgang": an ordinal before the noun names one of its kind too. */
const ORDINAL_BEFORE = /(?:(?<!\d)\d{1,3}\.[ \t]*|(?<!\p{L})(?:erst|zweit|dritt|viert|fünft|sechst|siebt|acht|neunt|zehnt)e[mnrs]?[ \t]+)$/iu;

/**
 * "Mit welcher Universität …?" is answered where the unit names one university: the focus noun, or a
 * compound ending in it ("Stadthalle" for "Halle"), followed by a name, number or title, or after an
 * ordinal ("Universität Salzburg", "Besoldungsgruppe A 9", "15. Lehrgang"). The spans of those mentions.
 */
export function focusNameSpans(question: QuestionTerms, unit: EvidenceUnit): Array<[number, number]> {
  if (!question.asksWhich) return [];
  const spans: Array<[number, number]> = [];
  for (const word of unit.text.matchAll(/\p{L}[\p{L}-]*/gu)) {
    const start = word.index;
    const end = start + word[0].length;
    if (!/^\p{Lu}/u.test(word[0])) continue;
    // The word ends in the focus but for an inflection: "Stadthalle" names a "Halle", "Herbsttagung" no "Tag".
    const folded = foldGerman(word[0]);
    const endsInFocus = question.focus.some((f) => {
      const at = folded.lastIndexOf(f.term);
      return at >= 0 && INFLECTION_AFTER.test(folded.slice(at + f.term.length));
    });
    if (!endsInFocus) continue;
    const name = NAME_AFTER.exec(unit.text.slice(end));
    if (name && !isStopWord(foldGerman(name[0].trim()))) spans.push([start, end + name[0].length]);
    else if (ORDINAL_BEFORE.test(unit.text.slice(Math.max(0, start - 16), start))) spans.push([start, end]);
  }
  return spans;
}

function focusWeight(question: QuestionTerms): number {
  const max = Math.max(...question.own.map((t) => t.weight), 1e-9);
  return Math.min(1, Math.max(...question.focus.map((t) => t.weight)) / max);
}

function wordIndexAt(text: string, offset: number): number {
  return text.slice(0, offset).split(/\s+/).filter(Boolean).length;
}

/** How close the candidate stands to the question's words in the unit: 1 adjacent, falling with distance. */
function proximity(candidate: Candidate, question: QuestionTerms): number {
  if (candidate.type === 'passage') return 0;
  const words = candidate.unit.text.split(/\s+/);
  const at = wordIndexAt(candidate.unit.text, candidate.start);
  const length = Math.max(1, candidate.text.split(/\s+/).length);
  let best = Infinity;
  words.forEach((word, i) => {
    if (i >= at && i < at + length) return;
    const terms = new Set(analyze(word));
    if (terms.size === 0) return;
    if (question.own.some((t) => matchStrength(t, terms) > 0) || [...terms].some((t) => question.cues.has(t))) {
      best = Math.min(best, i < at ? at - i : i - (at + length - 1));
    }
  });
  return best === Infinity ? 0 : Math.exp(-(best - 1) / 6);
}

const ASKS_DAY = /\b(?:an|bis zu|ab|zu) welche[mn] (?:tag|datum|termin)|\b(?:welche[sr]?|an welchem|bis zu welchem) datum|\bon which (?:day|date)|\bwhat date|\bwhich date|\bwhich day/iu;
const ASKS_DEADLINE =
  /\bbis wann\b.*\b(?:bewerb|anmeld|einreich|beantrag|meld|registrier|abgeb|einsend)\w*|\b(?:anmeldeschluss|bewerbungsschluss|bewerbungsfrist|anmeldefrist|einsendeschluss|antragsfrist|meldeschluss|deadline)\b|\bby when\b/iu;
/** A question for the way to register, apply, book or enrol (not for its date or its conditions). */
const ASKS_PROCEDURE =
  /\b(?:wie|wo|wobei|auf welchem weg) (?:melde|meldet|melden|bewerbe|bewirbt|bewerben|beantrage|beantragt|beantragen|registriere|buche|bucht|buchen)\b|\bwie (?:läuft|laufen|funktioniert|erfolgt|erfolgen|geht) (?:die |das |eine )?(?:anmeldung|bewerbung|antragstellung|registrierung|buchung|verfahren)|\bhow (?:do|can|should|does) (?:i|we|you|one|staff|employees) (?:apply|register|enrol|enroll|sign up|book)|\bhow (?:does|do) (?:the )?(?:application|registration|enrolment|enrollment|booking)/iu;
/**
 * A unit that says how it is done: the channel (an e-mail, a form, a portal or booking system, in writing,
 * online) or the verb that hands something in ("Die Anmeldung erfolgt über …", "… bitte an … senden").
 */
const PROCEDURE =
  /(?<!\p{L})(?:erfolg(?:t|en)|per (?:e-?mail|mail|post|fax|telefon)|online|schriftlich|formlos|\p{L}*formular\p{L}*|\p{L}*portal\p{L}*|\p{L}*(?:buchungs|anmelde|bewerbungs)system\p{L}*|schicken|einreichen|richten|übermitteln|eingereicht|zugesandt|by e-?mail|via|submit\p{L}*|send\p{L}*|form|system)(?!\p{L})/iu;
const DEADLINE_CUE = /anmeld|bewerb|einreich|einsend|beantrag|registrier|frist|schluss|spätestens|stichtag|deadline|apply|applica|regist|submi/iu;
const ASKS_YEAR = /\b(?:welche[mnrs]?|seit welchem|in welchem|im welchem) jahr|\b(?:which|what) year|\bjahr (?:wurde|war|fand|hat)/iu;

/** Words that say yes, no or how far: negation, restriction, inclusion, requirement. */
const POLARITY =
  /(?<!\p{L})(?:nicht|kein\p{L}*|nein|ja|nur|ausschließlich|lediglich|auch|ebenfalls|ohne|erforderlich|notwendig|vorausgesetzt|verpflichtend|möglich|not|no|none|yes|only|exclusively|also|without|required|mandatory|possible)(?![\p{L}-])/iu;

/** Whether a passage says yes, no or how far (POLARITY); the "Nicht-" of "Nicht-Mitglieder" does not. */
export function saysYesOrNo(text: string): boolean {
  return POLARITY.test(text);
}

const VALUE_LINE_SHARE = 0.6;

function isFragment(unit: EvidenceUnit): boolean {
  if (unit.kind === 'heading' || unit.kind === 'label') return true;
  if (isCaption(unit)) return true;
  if (unit.kind !== 'sentence' || unit.chunk.format === 'pdf' || unit.chunk.format === 'pptx') return false;
  // In running text a line without a full stop is a heading or caption, not a statement.
  return !/[.!?…:]["“”»)]?$/.test(unit.text);
}

/** The unit's BM25 match with the question among the units of the pool: relative to the best, and its rank. */
export interface UnitRelevance {
  score: number;
  rank: number;
}

/** How many different phone numbers, fax numbers or e-mail addresses a document gives. */
const detailCounts = new Map<string, { phone: number; email: number }>();

function detailsInDocument(source: string, fileHash: string, corpus: CorpusView): { phone: number; email: number } {
  // Keyed by the file's content hash too: a changed document in a new index version is counted anew.
  const key = `${source}\n${fileHash}`;
  let counts = detailCounts.get(key);
  if (!counts) {
    const phones = new Set<string>();
    const emails = new Set<string>();
    for (const chunk of corpus.chunksOf(source)) {
      for (const contact of chunk.facts.contacts) {
        for (const phone of contact.phones) phones.add(phone.replace(/\D/g, ''));
        for (const email of contact.emails) emails.add(email.toLowerCase());
      }
    }
    counts = { phone: phones.size, email: emails.size };
    if (detailCounts.size > 256) detailCounts.clear();
    detailCounts.set(key, counts);
  }
  return counts;
}

export function featuresOf(
  question: QuestionTerms,
  setting: UnitSetting,
  candidate: Candidate,
  sameTypeInUnit: number,
  relevance: UnitRelevance,
  corpus: CorpusView,
  focusNames: ReadonlyArray<readonly [number, number]> = [],
): FeatureVector {
  const { unit } = setting;
  const f = new Float64Array(FEATURES.length);
  const set = (name: FeatureName, value: number) => {
    f[FEATURES.indexOf(name)] = value;
  };
  // The items of a list under the heading "Unterlagen" are "Unterlagen": a list without a label of its own is labelled by its heading.
  const listHeading = !unit.label && (unit.kind === 'item' || unit.kind === 'row') && unit.chunk.heading ? new Set(analyze(unit.chunk.heading)) : new Set<string>();
  // The key, label or table header a unit stands under, analysed once for the subject and the key features.
  const labelTerms = unionOf(unit.label ? new Set(analyze(unit.label)) : new Set(), unit.header ? new Set(analyze(unit.header.join(' '))) : new Set());
  const focusTerms = unionOf(unit.terms, labelTerms, listHeading);
  set('passage', candidate.type === 'passage' ? 1 : 0);
  set('typeFit', question.part.types.get(candidate.type) ?? 0);
  set('coverUnit', coverage(question.own, unit.terms) ?? 0);
  set('coverNear', coverage(question.all, setting.near) ?? 0);
  set('coverDocument', coverage(question.all, setting.document) ?? 0);
  set('subjectNear', coverage(question.subject, setting.near) ?? 1);
  // Named in the unit itself (or its label or table header), not only in the sentence before or the heading.
  set('subjectInUnit', coverage(question.subject, focusTerms) ?? 1);
  set('subjectMissingInDocument', 1 - (coverage(question.subject, setting.document) ?? 1));
  const focusInUnit = coverage(question.focus, focusTerms);
  set('focusInUnit', focusInUnit ?? 0);
  // A missing focus counts by how telling the word is: "Übernachtungspauschale" must be there, "Personen" need not.
  set('focusMissing', question.focus.length > 0 ? (1 - (coverage(question.focus, setting.near) ?? 0)) * focusWeight(question) : 0);
  set('predicateInUnit', coverage(question.predicate, unit.terms) ?? 0);
  const cueNear = [...unionOf(unit.terms, unit.contextTerms)].some((t) => question.cues.has(t));
  set('cueNear', cueNear ? 1 : 0);
  set('proximity', proximity(candidate, question));
  set('rank', 1 / (1 + setting.rank));
  set('retrievalScore', setting.retrievalScore);
  set('structured', unit.kind === 'field' || unit.kind === 'row' || unit.kind === 'item' || unit.kind === 'contact' ? 1 : 0);
  // A line that is one value ("Sonnabend, 15. November 2008" under an event's title) is data, not a caption.
  const valueLine = candidate.type !== 'passage' && candidate.text.length >= VALUE_LINE_SHARE * unit.text.length;
  set('fragment', isFragment(unit) && !valueLine ? 1 : 0);
  set('echo', candidate.type !== 'passage' && isEcho(question, candidate.text) ? 1 : 0);
  const qualifiers = qualifierComparison(question, setting);
  set('qualifierMismatch', qualifiers.yearConflict ? 1 : 0);
  set('qualifierMissing', qualifiers.missing ? 1 : 0);
  set('qualifierAbsentInDocument', qualifiers.missing && qualifierAbsentInDocument(question, unit.chunk.source, corpus) ? 1 : 0);
  const range = question.reading.dateRange;
  const overlaps = range ? rangeOverlap(range, candidate) : undefined;
  set('inRange', overlaps === true ? 1 : 0);
  set('outOfRange', overlaps === false ? 1 : 0);
  const measureMatch = candidate.measure && question.focus.length > 0 ? (coverage(question.focus, new Set(analyze(candidate.measure))) ?? 0) : 0;
  set('measureMatch', measureMatch);
  // "Wie viele Lehrgänge …?" is not answered by "drei Ausbildungszentren": a count of something else;
  // "Wie hoch ist die Übernachtungspauschale?" not by "Prüfungsgebühr - 680,00 €": another kind of sum.
  set('measureMismatch', measureMismatch(question, candidate, measureMatch) ? 1 : 0);
  set('long', Math.min(1, unit.text.length / 400));
  set('datePrecision', candidate.precision === 'day' ? 1 : candidate.precision === 'month' ? 0.5 : 0);
  set('ambiguous', sameTypeInUnit > 1 ? 1 : 0);
  const askedRole = question.reading.dateRole;
  const role = dateRoleOf(candidate);
  // A period ("vom 01.03.2024 bis 31.12.2025") names both its start and its end.
  set('dateRoleMatch', askedRole && (role === askedRole || (role === 'period' && (askedRole === 'start' || askedRole === 'end'))) ? 1 : 0);
  const documentDate = question.asksDocumentDate && isDocumentDate(candidate, corpus);
  set('dateline', isDateline(candidate) && !documentDate ? 1 : 0);
  set('documentDateAsked', documentDate ? 1 : 0);
  set('enumeration', question.reading.listNoun && candidate.type === 'passage' && enumerates(unit.text) ? 1 : 0);
  set('weakCandidate', candidate.weak ? 1 : 0);
  // The form of the question shifts all its candidates alike: how sure an answer of that form must be.
  set('yesNoQuestion', question.part.form === 'yesno' ? 1 : 0);
  set('passageQuestion', question.part.form === 'passage' ? 1 : 0);
  set('listQuestion', question.reading.listNoun ? 1 : 0);
  const moneyRole = moneyRoleOf(candidate);
  const askedMoney = question.reading.moneyRole;
  set('moneyRoleMatch', askedMoney && moneyRole === askedMoney ? 1 : 0);
  // A key–value line, table row or list item whose key, header or label names what is asked ("Anmeldung: …").
  set('keyMatch', unit.kind !== 'sentence' && labelTerms.size > 0 ? (coverage(question.own, labelTerms) ?? 0) : 0);
  // The one phone number or e-mail address a document about the subject gives is its contact.
  const details = candidate.type === 'phone' || candidate.type === 'email' ? detailsInDocument(unit.chunk.source, unit.chunk.fileHash, corpus)[candidate.type] : 0;
  // "Wie melde ich mich an?" is answered by a number only as far as its passage speaks of what is asked.
  const local = question.asksProcedure ? (coverage(question.all, setting.near) ?? 0) : 1;
  set('onlyOneInDocument', details === 1 ? (coverage(question.subject, setting.document) ?? 1) * local : 0);
  set('unitRelevance', relevance.score);
  set('unitRank', 1 / (1 + relevance.rank));
  // For a list, the unit must name the kind of things asked for ("Städte", "Themen") or stand under it.
  set('listFocus', question.reading.listNoun ? (focusInUnit ?? 0) : 0);
  // "Brauche ich eine bestimmte Ausbildung?" is answered by a sentence that says yes or no, or how far:
  // "… wird nicht vorausgesetzt", "… ausschließlich über das Online-Formular", "… eignet sich auch für …".
  set('polarity', question.part.form === 'yesno' && candidate.type === 'passage' && saysYesOrNo(unit.text) ? 1 : 0);
  // A year without a cue ("… hat 1998 ein Gutachten vorgelegt") answers "In welchem Jahr …?", but most bare
  // numbers like years are counts or titles ("Nahezu 2000 Bewerbungen", "Städtetag 2014").
  set('unaskedYear', candidate.type === 'date' && candidate.weak && !question.asksYear ? 1 : 0);
  // "An welchem Datum endet …?" asks for a day: "Im Jahr 2023" does not answer it.
  // "Bis wann muss ich mich bewerben?" asks for a deadline: "bis 2024" or "im Jahre 1986" does not give one.
  const wanted = question.datePrecision;
  // A time of day alone ("bis 22:00 Uhr") names neither a day nor a deadline.
  const coarse =
    (candidate.type === 'date' && wanted !== undefined && candidate.precision !== 'day' && (wanted === 'day' || candidate.precision !== 'month')) ||
    (candidate.type === 'time' && wanted !== undefined);
  set('coarseDate', coarse ? 1 : 0);
  // "Wie melde ich mich an?" is answered by the sentence that names the way ("… nur durch Eingabe in IFOS-BUND
  // erfolgen", "per E-Mail an …"), not by one that only names the registration.
  set('procedure', question.asksProcedure && candidate.type === 'passage' && PROCEDURE.test(unit.text) ? 1 : 0);
  // A typed candidate counts only where it is (part of) the named mention: "Universität Salzburg", not another organisation of the sentence.
  const named = focusNames.some(([start, end]) => candidate.type === 'passage' || (candidate.start < end && candidate.end > start));
  set('focusNamed', named ? 1 : 0);
  // "Bis wann muss ich mich anmelden?" is not answered by the day of the event: a deadline is a date that
  // ends something ("bis zum …") or stands where registrations, applications or time limits are spoken of.
  set('sectionOutOfRange', sectionOutOfRange(question, unit, corpus) ? 1 : 0);
  const documentAnswer = documentQuestionMatch(question, setting.asked, corpus);
  set('answersDocumentQuestion', documentAnswer);
  // "Was kostet das Seminar X?" is not answered by the sentence that introduces X: a passage answers a
  // question for a kind of fact only where it speaks of that kind ("Kosten", "kostenfrei", "Gebühr").
  // A question the document asks before the unit says what it is about as well as a cue word does.
  set('passageUncued', candidate.type === 'passage' && !cueNear && documentAnswer === 0 && asksMeasureOrDate(question) && question.cues.size > 0 && !namesCueCompound(question, unit) ? 1 : 0);
  set('deadlineUncued', question.asksDeadline && candidate.type === 'date' && dateRoleOf(candidate) !== 'end' && !DEADLINE_CUE.test(`${unit.label ?? ''} ${unit.text}`) ? 1 : 0);
  return f;
}

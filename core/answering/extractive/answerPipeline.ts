import type { Chunk } from '../../types.ts';
import type { AnswerContext, CorpusView } from '../answerEngine.ts';
import { quotedTitles, readQuestion, type QuestionReading } from '../questionReading.ts';
import { scoreOf, type AnswerModel } from './answerModel.ts';
import { candidatesOf, type AnswerType, type Candidate } from './candidates.ts';
import { textUnitsOf, unitsOfChunk, type EvidenceUnit } from './evidenceUnits.ts';
import { answersOtherRole, documentQuestionBefore, isCaption, FEATURES, featuresOf, focusNameSpans, isByline, isEcho, nextSentence, qualifierComparison, questionTerms, settingOf, type FeatureVector, type QuestionTerms, type UnitRelevance, type UnitSetting } from './features.ts';
import { namedDocuments, type NamedDocuments } from './namedDocuments.ts';
import { coverage, hasForm, matchStrength, unionOf, weightedTerms } from './termMatch.ts';
import { analyze } from '../../text/germanText.ts';

/**
 * The one path every question takes through the extractive engine: the retrieved passages become
 * evidence units in their document structure, each unit yields typed candidate answers, every
 * (question part, unit, candidate) gets its features and one score. Composing and declining happen on
 * top of this (extractiveEngine.ts); the fitting of the weights uses it as it is (cli/fitAnswerModel.ts).
 */

export interface ScoredCandidate {
  candidate: Candidate;
  setting: UnitSetting;
  features: FeatureVector;
  score: number;
}

export interface ScoredPart {
  terms: QuestionTerms;
  /** Best first. */
  candidates: ScoredCandidate[];
  /** The documents of the pool the question names by their title, and their twins (namedDocuments.ts). */
  names: NamedDocuments;
}

export interface ScoredQuestion {
  reading: QuestionReading;
  parts: ScoredPart[];
  settings: UnitSetting[];
  /** For list questions: the section headings of the documents found first, one unit per section, in order. */
  sectionHeadings: Map<string, EvidenceUnit[]>;
  /** For list questions: the lists (runs of items of one block) of the same documents, in order. */
  itemBlocks: Map<string, EvidenceUnit[][]>;
  /**
   * For list questions: a list that runs to the end of its chunk goes on in the next one; per chunk id, the
   * items that open the next chunk under the same label (those the chunk overlap repeats left out).
   */
  listContinuations: Map<string, EvidenceUnit[]>;
}

/** A slide this short is a title slide: its facts stand on the slides after it. */
const TITLE_SLIDE_CHARS = 200;
/** How many of the documents found first are searched for passages holding the kind of fact asked for. */
const TYPED_SOURCES = 3;
/** How many dated chunks a question about a period looks at beyond the retrieved ones. */
const PERIOD_CHUNKS = 50;

interface PooledChunk {
  chunk: Chunk;
  rank: number;
  score: number;
}

/**
 * The retrieved chunks, and after each the rest of its section (the next chunk of a long section) or,
 * after a title slide, the next slides: a fact often stands just after the passage that names its subject.
 */
function evidencePool(context: AnswerContext, reading: QuestionReading): PooledChunk[] {
  const top = context.retrieved[0]?.score ?? 1;
  const seen = new Set<string>();
  const pool: PooledChunk[] = [];
  const add = (chunk: Chunk, rank: number, score: number) => {
    if (seen.has(chunk.id)) return;
    seen.add(chunk.id);
    pool.push({ chunk, rank, score: top > 0 ? score / top : 0 });
  };
  context.retrieved.forEach(({ chunk, score }, rank) => add(chunk, rank, score));
  context.retrieved.forEach(({ chunk, score }, rank) => {
    const next = context.corpus.nextChunk(chunk);
    if (next && (chunk.locator.kind === 'section' ? next.heading === chunk.heading : true)) add(next, rank + 0.5, score / 2);
    if (chunk.locator.kind !== 'section' && chunk.text.length <= TITLE_SLIDE_CHARS) {
      for (const following of context.corpus.followingChunks(chunk, 2)) add(following, rank + 0.5, score / 2);
    }
  });
  // The asked kind of fact often stands elsewhere in the documents found (a contact box above the article,
  // the dates section): their passages that hold a fact of the kind asked for join the pool.
  const wanted = [...new Set(reading.parts.flatMap((part) => [...part.types].filter(([, w]) => w >= 0.75).map(([type]) => type)))];
  const sources = [...new Set(context.retrieved.map((r) => r.chunk.source))].slice(0, TYPED_SOURCES);
  sources.forEach((source, i) => {
    const rank = context.retrieved.findIndex((r) => r.chunk.source === source);
    for (const chunk of context.corpus.chunksOf(source)) if (holdsFactOf(chunk, wanted)) add(chunk, rank + 1 + i, 0);
  });
  // "Welche Veranstaltungen finden im November statt?": every passage dated within the period, across
  // the index, since events in November rarely share the question's words.
  if (reading.listNoun && reading.dateRange) {
    const rank = context.retrieved.length;
    for (const chunk of context.corpus.chunksDatedWithin(reading.dateRange, PERIOD_CHUNKS)) add(chunk, rank, 0);
  }
  return pool;
}

/** How many documents a list question looks through for section headings that name its items. */
const HEADING_SOURCES = 3;

/** One unit per section: its heading, taken from the section's first chunk. */
/** How many chunks of a document a list question reads for lists (an agenda slide is near the start). */
const LIST_SCAN_CHUNKS = 200;

/** The lists of the chunks: each run of items, rows or key–value lines of one block. */
function blocksOf(chunks: readonly Chunk[]): EvidenceUnit[][] {
  const blocks: EvidenceUnit[][] = [];
  for (const chunk of chunks) {
    const byBlock = new Map<number, EvidenceUnit[]>();
    for (const unit of unitsOfChunk(chunk)) {
      if (unit.kind !== 'item' && unit.kind !== 'row' && unit.kind !== 'field') continue;
      byBlock.set(unit.block, [...(byBlock.get(unit.block) ?? []), unit]);
    }
    for (const units of byBlock.values()) if (units.length >= 2) blocks.push(units);
  }
  return blocks;
}

function headingUnits(chunks: readonly Chunk[]): EvidenceUnit[] {
  const out: EvidenceUnit[] = [];
  const seen = new Set<string>();
  for (const chunk of chunks) {
    if (!chunk.heading || seen.has(chunk.heading)) continue;
    seen.add(chunk.heading);
    const unit = unitsOfChunk(chunk)[0];
    if (unit) out.push({ ...unit, text: chunk.heading.replace(/\s+/g, ' ').trim() });
  }
  return out;
}

/** Whether the facts extracted from a chunk at ingest time include one of the asked kinds. */
function holdsFactOf(chunk: Chunk, types: readonly AnswerType[]): boolean {
  const { contacts, dates, amounts, places } = chunk.facts;
  return types.some((type) => {
    switch (type) {
      case 'phone':
        return contacts.some((c) => c.phones.length > 0);
      case 'email':
        return contacts.some((c) => c.emails.length > 0);
      case 'person':
        return contacts.some((c) => c.name !== undefined);
      case 'date':
      case 'time':
        return dates.length > 0;
      case 'money':
        return amounts.some((a) => a.kind === 'money');
      case 'count':
        return amounts.some((a) => a.kind === 'count');
      case 'duration':
        return amounts.some((a) => a.kind === 'duration');
      case 'percent':
        return amounts.some((a) => a.kind === 'percent');
      case 'place':
        return places.length > 0;
      default:
        return false;
    }
  });
}

/** Units of the pool in reading order per chunk; a sentence repeated by the chunk overlap counts once. */
export function unitSettings(context: AnswerContext, reading: QuestionReading): UnitSetting[] {
  const settings: UnitSetting[] = [];
  const seen = new Set<string>();
  for (const { chunk, rank, score } of evidencePool(context, reading)) {
    const units = unitsOfChunk(chunk);
    units.forEach((unit, i) => {
      const key = `${chunk.source}\n${unit.text}`;
      if (seen.has(key)) return;
      seen.add(key);
      settings.push(settingOf(unit, units[i - 1], rank, score, context.corpus, nextSentence(units, i), documentQuestionBefore(units, i)));
    });
  }
  return settings;
}

const NO_RELEVANCE: UnitRelevance = { score: 0, rank: Infinity };
/** BM25's saturation and length normalisation, at their usual values. */
const BM25_K = 1.2;
const BM25_B = 0.75;

/**
 * How well each unit of the pool matches the question, as BM25 over the units (every unit is short,
 * so a term counts once), relative to the best unit, and the unit's rank by it.
 */
function unitRelevance(question: QuestionTerms, settings: readonly UnitSetting[]): Map<UnitSetting, UnitRelevance> {
  const lengths = settings.map((s) => s.unit.terms.size);
  const average = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length) || 1;
  const raw = settings.map((setting) => {
    const norm = 1 - BM25_B + (BM25_B * setting.unit.terms.size) / average;
    let score = 0;
    for (const term of question.all) {
      const m = matchStrength(term, setting.unit.terms);
      if (m > 0) score += term.weight * ((m * (BM25_K + 1)) / (m + BM25_K * norm));
    }
    return score;
  });
  const best = Math.max(0, ...raw);
  const order = raw.map((score, i) => ({ score, i })).sort((a, b) => b.score - a.score);
  const rank = new Map(order.map(({ i }, r) => [i, r]));
  return new Map(settings.map((setting, i) => [setting, { score: best > 0 ? raw[i]! / best : 0, rank: rank.get(i) ?? Infinity }]));
}

export function scoreQuestion(context: AnswerContext, model: AnswerModel, reading = readQuestion(context.request, context.corpus)): ScoredQuestion {
  const terms = weightedTerms(reading, context.corpus);
  const settings = unitSettings(context, reading);
  const parts = reading.parts.map((part) => {
    const question = questionTerms(reading, part, terms);
    return { terms: question, candidates: scoreCandidates(question, settings, model, context.corpus), names: namedDocuments(question, settings) };
  });
  const sectionHeadings = new Map<string, EvidenceUnit[]>();
  const itemBlocks = new Map<string, EvidenceUnit[][]>();
  const listContinuations = new Map<string, EvidenceUnit[]>();
  if (reading.listNoun) {
    for (const candidate of parts[0]?.candidates ?? []) {
      const { chunk } = candidate.setting.unit;
      if (!listContinuations.has(chunk.id)) listContinuations.set(chunk.id, continuedItems(chunk, context.corpus));
    }
    const sources = [...new Set(parts[0]?.candidates.map((c) => c.setting.unit.chunk.source) ?? [])].slice(0, HEADING_SOURCES);
    for (const source of sources) {
      const chunks = context.corpus.chunksOf(source);
      sectionHeadings.set(source, headingUnits(chunks));
      itemBlocks.set(source, blocksOf(chunks.slice(0, LIST_SCAN_CHUNKS)));
    }
  }
  return { reading, parts, settings, sectionHeadings, itemBlocks, listContinuations };
}

const LIST_KINDS = new Set(['item', 'row', 'field']);

/** The items that continue the list a chunk ends with, from the start of the next chunk. */
function continuedItems(chunk: Chunk, corpus: CorpusView): EvidenceUnit[] {
  const units = textUnitsOf(chunk);
  const last = units[units.length - 1];
  if (!last || !LIST_KINDS.has(last.kind)) return [];
  const next = corpus.nextChunk(chunk);
  if (!next) return [];
  const seen = new Set(units.map((u) => u.text));
  const out: EvidenceUnit[] = [];
  for (const unit of unitsOfChunk(next)) {
    if (seen.has(unit.text)) continue;
    // The next chunk has lost the sentence that introduced the list, so its items have no label of their own.
    if (unit.kind !== last.kind || (unit.label !== undefined && unit.label !== last.label)) break;
    out.push(last.label !== undefined ? { ...unit, label: last.label } : unit);
  }
  return out;
}

const MEASURED = new Set(['count', 'duration', 'money', 'percent']);

/** Quoted titles of the question, as the stems of their words. */
function quotedTitleTerms(question: string): string[][] {
  return quotedTitles(question).map((title) => analyze(title)).filter((terms) => terms.length > 0);
}

/** The share (by idf) of a title's words a document holds. */
const TITLE_COVERAGE = 0.6;
function titleCoverage(title: readonly string[], document: ReadonlySet<string>, corpus: CorpusView): number {
  let total = 0;
  let found = 0;
  for (const term of title) {
    const weight = corpus.idf(term);
    total += weight;
    if (hasForm(document, term)) found += weight;
  }
  return total > 0 ? found / total : 1;
}
const BYLINE_TYPES = new Set(['date', 'time', 'place', 'organisation', 'passage']);
const MEASURE_MATCH = FEATURES.indexOf('measureMatch');
/** A measure naming the asked noun, or a compound of it ("Stunden" for "Unterrichtsstunden" is 0.7). */
const MEASURE_MATCHED = 0.7;

export function scoreCandidates(question: QuestionTerms, settings: readonly UnitSetting[], model: AnswerModel, corpus: CorpusView): ScoredCandidate[] {
  const scored: ScoredCandidate[] = [];
  const relevance = unitRelevance(question, settings);
  // "Was kostet das Seminar „Vertrauen stärken in Kommunen“?" is about the document that names that title,
  // not about another seminar page that shares a word of it.
  const titles = quotedTitleTerms(question.reading.original);
  const namesTitles = new Map<string, boolean>();
  const namesTheTitles = (setting: UnitSetting): boolean => {
    const source = setting.unit.chunk.source;
    let names = namesTitles.get(source);
    if (names === undefined) {
      names = titles.every((title) => titleCoverage(title, setting.document, corpus) >= TITLE_COVERAGE);
      namesTitles.set(source, names);
    }
    return names;
  };
  for (const setting of settings) {
    if (titles.length > 0 && !namesTheTitles(setting)) continue;
    // A passage about "the 9th congress" or "Modul A" is no answer about the 10th or Modul B.
    if (qualifierComparison(question, setting).conflict) continue;
    // A document that names nothing of what the question is about does not answer it ("Wann endet Digital
    // Leadership Kompakt?" is not answered by another project's "Laufzeit").
    if (question.subject.length > 0 && (coverage(question.subject, setting.document) ?? 1) === 0) continue;
    // A byline gives the day of publication and the publisher: no date, place or body of what is reported.
    const byline = isByline(setting.unit, corpus);
    // What the question names itself ("Brandenburg" in "… Landesakademie Brandenburg?") is no answer to it.
    // A contact record answers who someone is and how to reach them, not what a passage says.
    const candidates = candidatesOf(setting.unit).filter(
      (c) =>
        (question.part.types.get(c.type) ?? 0) > 0 &&
        (c.type === 'passage' ? setting.unit.kind !== 'contact' && !isCaption(setting.unit) : !isEcho(question, c.text) && !answersOtherRole(question, c)) &&
        !(byline && BYLINE_TYPES.has(c.type)) &&
        // "An welchem Tag …?" is not answered by a month or a year.
        !(question.datePrecision === 'day' && c.type === 'date' && c.precision !== 'day'),
    );
    const perType = new Map<string, number>();
    for (const c of candidates) perType.set(c.type, (perType.get(c.type) ?? 0) + 1);
    const inUnit: ScoredCandidate[] = [];
    const focusNames = candidates.length > 0 ? focusNameSpans(question, setting.unit) : [];
    for (const candidate of candidates) {
      const features = featuresOf(question, setting, candidate, perType.get(candidate.type) ?? 0, relevance.get(setting) ?? NO_RELEVANCE, corpus, focusNames);
      inUnit.push({ candidate, setting, features, score: scoreOf(model, features) });
    }
    // "Wie viele Unterrichtsstunden …?" in "Hinter den 13 Frauen … liegen 893 Unterrichtsstunden": where the
    // unit counts what is asked, its other counts answer something else.
    const counted = inUnit.some((c) => MEASURED.has(c.candidate.type) && c.features[MEASURE_MATCH]! >= MEASURE_MATCHED);
    for (const c of inUnit) if (!counted || !MEASURED.has(c.candidate.type) || c.candidate.measure === undefined || c.features[MEASURE_MATCH]! > 0) scored.push(c);
  }
  separateTemplateTwins(question, scored);
  return scored.sort((a, b) => b.score - a.score);
}

function wordPairs(terms: readonly string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 1; i < terms.length; i++) pairs.add(`${terms[i - 1]} ${terms[i]}`);
  return pairs;
}

/** How much a twin loses per share of the question's subject its own surroundings lack against the best twin's. */
const TWIN_CONTEXT_WEIGHT = 2;

/**
 * Regulations and catalogues repeat one sentence per section with other numbers ("Für die Belegung eines
 * Studienplatzes werden je Monat des Fachstudiums 968 € festgesetzt."), and the chunk's wider context names
 * every section's subject. Among such twins of one document, what tells them apart is the sentence before
 * each, its label and headings ("Im Studiengang gehobener nichttechnischer Verwaltungsdienst …"): a twin
 * whose own surroundings name less of the question's subject than another twin's loses by that much.
 */
function separateTemplateTwins(question: QuestionTerms, scored: ScoredCandidate[]): void {
  const asked = [...question.subject, ...question.focus];
  if (asked.length === 0) return;
  const groups = new Map<string, ScoredCandidate[]>();
  for (const c of scored) {
    const { unit } = c.setting;
    if (!/\d/.test(unit.text)) continue;
    const key = `${unit.chunk.source}\n${unit.text.replace(/\d[\d.,]*/g, '#')}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const pairs = wordPairs(question.reading.words.filter((w) => w.role !== 'context').flatMap((w) => w.terms.slice(0, 1)));
  for (const group of groups.values()) {
    if (new Set(group.map((c) => c.setting.unit.text)).size < 2) continue;
    const local = new Map<ScoredCandidate, number>();
    for (const c of group) {
      const { unit, previous } = c.setting;
      const terms = coverage(asked, unionOf(unit.terms, unit.contextTerms, previous?.terms ?? new Set())) ?? 0;
      // Words of the question in the same order ("gehobener nichttechnischer Verwaltungsdienst") tell apart
      // sections whose words differ only in their order or combination ("… nichttechnischer Dienst in der Sozialverwaltung").
      const textPairs = wordPairs(analyze(`${previous?.text ?? ''} ${unit.text}`));
      const ordered = pairs.size > 0 ? [...pairs].filter((p) => textPairs.has(p)).length / pairs.size : 0;
      local.set(c, terms + ordered);
    }
    const best = Math.max(...local.values());
    for (const c of group) c.score += TWIN_CONTEXT_WEIGHT * (local.get(c)! - best);
  }
}


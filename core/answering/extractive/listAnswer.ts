import { isAnswer, type AnswerModel } from './answerModel.ts';
import type { ScoredCandidate, ScoredQuestion } from './answerPipeline.ts';
import { displayText, type CitedPart } from './citedUnit.ts';
import { textUnitsOf, unitsOfChunk, type EvidenceUnit } from './evidenceUnits.ts';
import { enumerates, FEATURES, ITEM_SEPARATOR } from './features.ts';
import { analyze } from '../../text/germanText.ts';
import { matchStrength, type WeightedTerm } from './termMatch.ts';

/**
 * "Welche Module …?", "Welche Veranstaltungen finden im November statt?": a list answer is a group of
 * items — the list, table or key–value block whose items score best, given whole — or, for a period asked
 * about, every unit dated within it; groups from other documents that score nearly as well join it, so a
 * list across two documents is answered from both. A sentence that enumerates the items itself ("die
 * Städte Kiel, Flensburg und Eutin") answers alone when it scores better than any group.
 */

/** A list answer gives up to this many items (a curriculum of 14 subjects is asked for whole); LIST_CHARS bounds its length. */
const MAX_ITEMS = 16;
/** A heading that names a dated item is cut to this length. */
const HEADING_CHARS = 80;
const MAX_GROUPS = 3;
const LIST_CHARS = 700;
const ITEM_KINDS = new Set(['item', 'row', 'field']);

interface Group {
  units: EvidenceUnit[];
  score: number;
  source: string;
  /** Each item names what it is about by its section heading ("Workshop X: Termin: 13. Oktober …"). */
  headed?: boolean;
  /** Each item starts with the noun asked for ("Projekt Qualifica Digitalis", "Modul 2: Recht"). */
  named?: boolean;
}

export function answerList(scored: ScoredQuestion, model: AnswerModel): CitedPart[] | undefined {
  const part = scored.parts[0];
  const best = part?.candidates[0];
  if (!part || !best) return undefined;
  // "Welche Angebote gibt es für Referatsleiter?": a document (or section) whose passage, heading or title
  // names the audience or topic asked for, all of it, describes such an offer, however low it scores.
  const filtered = offerDocuments(scored, part.candidates.filter((c) => c.features[SUBJECT_NEAR]! >= FILTER_COVERAGE && !ITEM_KINDS.has(c.setting.unit.kind)), -Infinity);
  if (filtered && !isAnswer(model, part.candidates)) return filtered;
  if (!isAnswer(model, part.candidates)) return undefined;

  // "Welche Programme für Führungskräfte gibt es?": when the best passage is running text, not an item of
  // a list, each document that answers about as well describes an offer of its own — the list names the
  // documents by their titles, each with the passage that matches best.
  if (!ITEM_KINDS.has(best.setting.unit.kind)) {
    const documents = offerDocuments(scored, part.candidates, best.score - model.siblingDrop);
    if (documents) return documents;
  }
  // "Welche Veranstaltungen finden im November statt?" lists what is dated in the period; "Zu welchen
  // Zeiten … 2025?" names a year but asks for the list that says so.
  // "Welche Trainerinnen …?", "An welchen Orten …?": the people or places themselves, from every unit that
  // names one about as well as the best passage answers.
  const typed = typedItems(part.candidates, listedType(scored.reading.listNoun, part.terms.part.types), best.score - model.siblingDrop, model);
  const dated = scored.reading.dateRange && part.terms.part.types.has('date') ? datedGroups(part.candidates, best.score - model.siblingDrop) : [];
  const groups = dated.length > 0 ? dated : [...blockGroups(part.candidates, scored.listContinuations), ...headingGroups(scored, part.candidates), ...namedItemGroups(scored, part.candidates)];
  const byScore = [...groups].sort((a, b) => b.score - a.score);
  // A list whose items each name the kind asked for answers "Welche Projekte …?" most directly.
  const named = byScore.find((g) => g.named && g.score >= (byScore[0]?.score ?? 0) - model.siblingDrop);
  const ranked = named ? [named, ...byScore.filter((g) => g !== named)] : byScore;
  const top = ranked[0];
  // Of the sentences that enumerate, the one naming the most things: "die Städte Kiel, Flensburg, Eutin,
  // Pinneberg und Nortorf" rather than "Neun Städte, Kreise und Gemeinden".
  const enumeration = part.candidates
    .filter((c) => c.score >= best.score - model.siblingDrop && c.setting.unit.kind === 'sentence' && enumerates(c.setting.unit.text))
    .sort((a, b) => itemCount(b.setting.unit.text) - itemCount(a.setting.unit.text) || b.score - a.score)[0];
  // A sentence that names more of them than the typed candidates found ("die Städte Erlangen, Fürth, Nürnberg
  // und Schwabach") says the list itself.
  if (typed && (!enumeration || itemCount(enumeration.setting.unit.text) < typed.values)) return typed.parts;
  if (enumeration && (!top || enumeration.score > top.score)) {
    return [{ text: enumeration.setting.unit.text, chunk: enumeration.setting.unit.chunk, snippet: enumeration.setting.unit.text }];
  }
  // A list question is answered by a list that scores nearly as well as the best passage; a sentence
  // well ahead of every list states the items in its own words ("Das Programm beinhaltet zwei Förderlinien: …").
  if (!top || top.score < best.score - model.siblingDrop) return undefined;
  // Nearly as good groups from other documents make a list across documents.
  const chosen = [top, ...ranked.slice(1).filter((g) => g.source !== top.source && g.score >= top.score - model.siblingDrop)].slice(0, MAX_GROUPS);
  return compose(chosen);
}

/** Kinds of fact a list of which is a list of those facts, not of passages. */
const LISTED_TYPES = ['person', 'place'] as const;
/** "An welchen Tagen …?" asks for the days themselves; "Welche Termine …?" for the lines that give them. */
const DAY_NOUNS = new Set(analyze('Tag Tage Tagen Datum Daten day days date dates'));

/** The kind of fact whose values a list question lists, if it asks for one. */
function listedType(listNoun: string | undefined, types: ReadonlyMap<string, number>): 'person' | 'place' | 'date' | undefined {
  if (listNoun && DAY_NOUNS.has(listNoun) && types.get('date') === 1) return 'date';
  return LISTED_TYPES.find((t) => types.get(t) === 1);
}

/**
 * The distinct people, places or days of a list question asked for them: each candidate of the kind (not a
 * weak one) that scores at least `floor` and as much as an answer must, one per value, in score order;
 * at least two, else the list is no list of them.
 */
function typedItems(
  candidates: readonly ScoredCandidate[],
  type: 'person' | 'place' | 'date' | undefined,
  floor: number,
  model: AnswerModel,
): { parts: CitedPart[]; values: number } | undefined {
  if (!type) return undefined;
  const values = new Map<string, ScoredCandidate>();
  for (const c of candidates) {
    if (c.candidate.type !== type || c.candidate.weak || c.score < floor || c.score < model.threshold) continue;
    const key = c.candidate.text.toLowerCase();
    if (!values.has(key)) values.set(key, c);
    if (values.size >= MAX_ITEMS) break;
  }
  if (values.size < 2) return undefined;
  const units = [...new Set([...values.values()].map((c) => c.setting.unit))];
  // Several lines of one list: the list gives every line, also those whose place or name no rule reads.
  const first = units[0]!;
  if (units.length > 1 && units.every((u) => ITEM_KINDS.has(u.kind) && u.chunk === first.chunk && u.block === first.block)) return undefined;
  let length = 0;
  const parts: CitedPart[] = [];
  for (const unit of units) {
    const text = displayText(unit);
    if (length + text.length > LIST_CHARS && parts.length > 0) break;
    length += text.length;
    parts.push({ text, chunk: unit.chunk, snippet: unit.text });
  }
  return { parts, values: values.size };
}

const SUBJECT_NEAR = FEATURES.indexOf('subjectNear');
/** Share of the question's filter words (audience, topic) a passage must name to count as an offer for them. */
const FILTER_COVERAGE = 0.99;

/** Nouns that name offers: a list of them can be a list of the documents that describe one each. */
const OFFER_NOUNS = new Set(
  analyze(
    'Angebote Programme Lehrgänge Kurse Seminare Veranstaltungen Fortbildungen Weiterbildungen Qualifizierungen Formate Projekte Studiengänge Workshops Tagungen Kongresse Konferenzen Förderprogramme Lernangebote Schulungen offers programmes programs courses seminars events trainings projects',
  ),
);
const MAX_DOCUMENTS = 5;

/**
 * Offers named by where they are described: a document, or a section of one (a calendar with one offer
 * per section), each with the passage that matches best. Candidates below `floor` are left out.
 */
function offerDocuments(scored: ScoredQuestion, candidates: readonly ScoredCandidate[], floor: number): CitedPart[] | undefined {
  // Each offer is scored by its best passage; offers differ more than the items of one list do.
  floor -= (candidates[0]?.score ?? 0) - floor;
  const noun = scored.reading.listNoun;
  if (!noun || !OFFER_NOUNS.has(noun) || scored.reading.dateRange) return undefined;
  const byOffer = new Map<string, ScoredCandidate>();
  for (const candidate of candidates) {
    if (candidate.score < floor) break;
    const chunk = candidate.setting.unit.chunk;
    const key = `${chunk.source}\n${offerName(chunk)}`;
    if (!byOffer.has(key)) byOffer.set(key, candidate);
  }
  if (byOffer.size === 0) return undefined;
  const terms = scored.parts[0]?.terms.own ?? [];
  return [...byOffer.values()].slice(0, MAX_DOCUMENTS).map((candidate) => {
    const unit = candidate.setting.unit;
    return { text: `${offerName(unit.chunk)}: ${excerpt(displayText(unit), terms, DOCUMENT_EXCERPT)}`, chunk: unit.chunk, snippet: unit.text };
  });
}

/** The section heading names the offer where a document holds several; otherwise the document's title. */
function offerName(chunk: { title: string; heading?: string; headingPath?: string[] }): string {
  return chunk.heading && chunk.heading !== chunk.title && (chunk.headingPath?.length ?? 0) > 0 ? chunk.heading : chunk.title;
}

const DOCUMENT_EXCERPT = 140;
/** What each name an excerpt enumerates counts, as a share of the heaviest question word. */
const ENUMERATION_WEIGHT = 0.25;

/**
 * At most `max` characters of `text`, cut at words: the stretch that names the most of the question's
 * words (by weight), so "… konzipierten „Leadership-Lehrgang“ für ausgewählte Führungskräfte" is kept
 * when the sentence only comes to the offer after a long lead.
 */
export function excerpt(text: string, terms: readonly WeightedTerm[], max: number): string {
  if (text.length <= max) return text;
  const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, terms: new Set(analyze(m[0])) }));
  let best = { start: 0, end: 0, score: -1 };
  const heaviest = Math.max(0, ...terms.map((t) => t.weight));
  for (let i = 0; i < words.length; i++) {
    const start = words[i]!.start;
    let end = start;
    const seen = new Set<WeightedTerm>();
    let firstMatch = -1;
    for (let j = i; j < words.length && words[j]!.end - start <= max; j++) {
      end = words[j]!.end;
      for (const term of terms) {
        if (matchStrength(term, words[j]!.terms) === 0) continue;
        seen.add(term);
        if (firstMatch < 0) firstMatch = words[j]!.start;
      }
    }
    // The names a sentence enumerates after the question's words are what a list asks for: "… neun Dual
    // Studierende in den Studiengängen Bauingenieurwesen, Informatik und Soziale Arbeit" (not the trades before).
    const items = firstMatch < 0 ? 0 : (text.slice(firstMatch, end).match(ITEM_SEPARATOR) ?? []).length;
    // Between equals, a stretch that ends where the sentence or a clause ends cuts no name in two.
    const whole = end === text.length || /[.;:!?,)]$/.test(text.slice(start, end)) ? 1e-6 : 0;
    const score = [...seen].reduce((sum, term) => sum + term.weight, 0) + items * ENUMERATION_WEIGHT * heaviest + whole;
    // Ties go to the earlier stretch: the start of a sentence reads best.
    if (score > best.score + 1e-9) best = { start, end, score };
  }
  return `${best.start > 0 ? '… ' : ''}${text.slice(best.start, best.end)}${best.end < text.length ? ' …' : ''}`;
}

function itemCount(text: string): number {
  return (text.match(ITEM_SEPARATOR) ?? []).length + 1;
}

/** The list, table or key–value block each scored item stands in, with all of its items. */
function blockGroups(candidates: readonly ScoredCandidate[], continuations: ReadonlyMap<string, readonly EvidenceUnit[]>): Group[] {
  const groups = new Map<string, Group>();
  for (const candidate of candidates) {
    const unit = candidate.setting.unit;
    if (!ITEM_KINDS.has(unit.kind)) continue;
    const key = `${unit.chunk.id}#${unit.block}`;
    const known = groups.get(key);
    if (known) {
      known.score = Math.max(known.score, candidate.score);
      continue;
    }
    const all = unitsOfChunk(unit.chunk);
    const units = all.filter((u) => u.block === unit.block && ITEM_KINDS.has(u.kind));
    // A list the chunk's text ends with goes on in the next chunk.
    const text = textUnitsOf(unit.chunk);
    if (units[units.length - 1] === text[text.length - 1]) units.push(...(continuations.get(unit.chunk.id) ?? []));
    if (units.length >= 2) groups.set(key, { units, score: candidate.score, source: unit.chunk.source });
  }
  // The sentence that introduces a list ("… mit folgenden Themen:") speaks for the whole list.
  for (const candidate of candidates) {
    const unit = candidate.setting.unit;
    if (unit.kind !== 'sentence' || !unit.text.endsWith(':')) continue;
    const next = unitsOfChunk(unit.chunk).find((u) => u.position > unit.position && ITEM_KINDS.has(u.kind));
    const group = next ? groups.get(`${unit.chunk.id}#${next.block}`) : undefined;
    if (group && next && next.position === unit.position + 1) group.score = Math.max(group.score, candidate.score);
  }
  return [...groups.values()];
}

/**
 * An agenda that names its projects among other points ("Projekt Qualifica Digitalis", "Projekt
 * KommunalCampus", "Projektgruppe DIT"): of each list in the documents found first, the items that start
 * with the noun or a compound of it. A group scores as its chunk does, or as its document's best passage
 * when its chunk was not retrieved (an agenda rarely shares the question's words).
 */
function namedItemGroups(scored: ScoredQuestion, candidates: readonly ScoredCandidate[]): Group[] {
  const noun = scored.reading.listNoun;
  if (!noun) return [];
  const bestByChunk = new Map<string, number>();
  const bestBySource = new Map<string, number>();
  for (const c of candidates) {
    const { id, source } = c.setting.unit.chunk;
    bestByChunk.set(id, Math.max(bestByChunk.get(id) ?? -Infinity, c.score));
    bestBySource.set(source, Math.max(bestBySource.get(source) ?? -Infinity, c.score));
  }
  const groups: Group[] = [];
  for (const [source, blocks] of scored.itemBlocks) {
    for (const block of blocks) {
      const units = block.filter((unit) => namesOne(unit.text, noun, true));
      const score = bestByChunk.get(block[0]!.chunk.id) ?? bestBySource.get(source) ?? -Infinity;
      if (units.length >= 2 && Number.isFinite(score)) groups.push({ units, score, source, named: true });
    }
  }
  return groups;
}

/**
 * Whether a heading or item names one thing of the kind: it starts with the noun (or, for items, a
 * compound of it: "Projektgruppe DIT") and goes on to a name ("Projekt KommunalCampus", "Modul 2: Recht");
 * "Das Projekt" alone, or "Ansprechpartner" for "Partner", names none.
 */
function namesOne(text: string, noun: string, compounds = false): boolean {
  const [first, ...rest] = analyze(text);
  if (first === undefined || rest.length === 0) return false;
  return first === noun || (compounds && first.startsWith(noun));
}

/**
 * A document that presents its things one per section ("Modul 1: Recht", "Modul 2: Personal", or one
 * project per slide) lists them in its headings: the headings that name the kind of thing asked for.
 * The pipeline collects them (scoreQuestion); a group scores as its best-scoring section does.
 */
function headingGroups(scored: ScoredQuestion, candidates: readonly ScoredCandidate[]): Group[] {
  const noun = scored.reading.listNoun;
  if (!noun) return [];
  const bestByChunk = new Map<string, number>();
  for (const c of candidates) bestByChunk.set(c.setting.unit.chunk.id, Math.max(bestByChunk.get(c.setting.unit.chunk.id) ?? -Infinity, c.score));
  const groups: Group[] = [];
  for (const [source, headings] of scored.sectionHeadings) {
    const units = headings.filter((unit) => namesOne(unit.text, noun));
    const score = Math.max(...units.map((unit) => bestByChunk.get(unit.chunk.id) ?? -Infinity));
    if (units.length >= 2 && Number.isFinite(score)) groups.push({ units: units.map((unit) => ({ ...unit, kind: 'item' as const })), score, source, named: true });
  }
  return groups;
}

/** For a period: the units holding a date within it, grouped by the passage they stand in. */
function datedGroups(candidates: readonly ScoredCandidate[], floor: number): Group[] {
  const groups = new Map<string, Group>();
  const seen = new Set<EvidenceUnit>();
  for (const candidate of candidates) {
    const unit = candidate.setting.unit;
    if (candidate.candidate.type !== 'date' || candidate.score < floor || seen.has(unit)) continue;
    seen.add(unit);
    const group = groups.get(unit.chunk.id) ?? { units: [], score: candidate.score, source: unit.chunk.source, headed: true };
    group.units.push(unit);
    group.score = Math.max(group.score, candidate.score);
    groups.set(unit.chunk.id, group);
  }
  for (const group of groups.values()) group.units.sort((a, b) => a.position - b.position);
  return [...groups.values()];
}

/** A sentence that introduces a list says what follows at its end ("…, das aus mehreren Schritten besteht"). */
const LABEL_CHARS = 100;

function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.indexOf(' ', text.length - max);
  return `… ${text.slice(cut < 0 ? text.length - max : cut + 1)}`;
}

/** One part per group: its label once, then its items, as many as fit. */
function compose(groups: readonly Group[]): CitedPart[] {
  const parts: CitedPart[] = [];
  let length = 0;
  let items = 0;
  for (const group of groups) {
    const first = group.units[0]!;
    // The label a list or table stands under, once; key–value lines carry their keys themselves.
    const labelled = group.units.filter((u) => u.kind !== 'field');
    const shared = labelled[0]?.label;
    const label = shared && labelled.every((u) => u.label === shared) ? `${tail(shared, LABEL_CHARS)}: ` : '';
    length += label.length;
    const texts: string[] = [];
    for (const unit of group.units) {
      if (items >= MAX_ITEMS) break;
      let text = displayText(unit, { withLabel: label === '' });
      // "Termin: 13. Oktober …" says what only under its heading; a sentence names its event itself.
      const heading = unit.chunk.heading;
      if (group.headed && unit.kind !== 'sentence' && heading && heading !== unit.chunk.title && !text.includes(heading)) {
        text = `${heading.length > HEADING_CHARS ? `${heading.slice(0, heading.lastIndexOf(' ', HEADING_CHARS))} …` : heading}: ${text}`;
      }
      if (length + text.length > LIST_CHARS && texts.length > 0) break;
      texts.push(text);
      length += text.length + 2;
      items++;
    }
    if (texts.length === 0) break;
    parts.push({ text: `${label}${texts.join('; ')}`, chunk: first.chunk, snippet: group.units.map((u) => u.text).join('; ') });
  }
  return parts;
}

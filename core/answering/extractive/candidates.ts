import { extractAmounts } from '../../facts/extractAmounts.ts';
import { findPersonNames } from '../../facts/extractContacts.ts';
import { findEmails, findFaxNumbers, findPhones } from '../../facts/contactDetails.ts';
import { isRoleWord } from '../../facts/contactVocabulary.ts';
import { isKnownCity, isKnownState, isMunicipality } from '../../facts/germanPlaces.ts';
import { extractDates } from '../../facts/extractDates.ts';
import { iso } from '../../facts/calendar.ts';
import { extractPlaces } from '../../facts/extractPlaces.ts';
import type { EvidenceUnit } from './evidenceUnits.ts';
import { foldDiacritics, foldGerman, isStopWord } from '../../text/germanText.ts';

/**
 * Typed candidate answers in a unit: what the fact extractors find (dates, times, money, quantities,
 * percentages, persons, organisations, phone numbers, e-mail and web addresses, places, languages), each with its
 * position in the unit, plus the unit itself as the answer to questions that want a passage.
 */

export type AnswerType =
  | 'date'
  | 'time'
  | 'money'
  | 'count'
  | 'duration'
  | 'percent'
  | 'place'
  | 'person'
  | 'organisation'
  | 'phone'
  | 'fax'
  | 'email'
  | 'url'
  | 'language'
  | 'passage';

export const ANSWER_TYPES: readonly AnswerType[] = [
  'date', 'time', 'money', 'count', 'duration', 'percent', 'place', 'person', 'organisation', 'phone', 'fax', 'email', 'url', 'language', 'passage',
];

export interface Candidate {
  unit: EvidenceUnit;
  type: AnswerType;
  /** The candidate as written. */
  text: string;
  start: number;
  end: number;
  /** For counts and durations: the counted noun or unit ("Kurswochen", "Monate", "UE"). */
  measure?: string;
  /** For dates: ISO start and end, for matching a period asked about. */
  range?: { start: string; end: string };
  /** For dates: how precise the date is. */
  precision?: string;
  /**
   * Recognised by weaker evidence: a person by a role or "Kollegin" near it rather than a known first name
   * or title, a place by "in" before a name that is not a known city.
   */
  weak?: boolean;
}

/** Times of day; "Uhr" in any case, since programmes set their agenda in capitals ("13 UHR ERÖFFNUNG"). */
const TIME =
  /(?<![\d.:])(?:(?:ab|um|von|bis)\s+)?\d{1,2}[:.]\d{2}(?:\s*Uhr)?(?:\s*(?:–|-|bis)\s*\d{1,2}[:.]\d{2})?(?:\s*Uhr)|(?<![\d.:])\d{1,2}[:]\d{2}(?:\s*(?:–|-|bis)\s*\d{1,2}[:]\d{2})?(?![\d.])|(?<![\d.:])\d{1,2}\s*Uhr\b/gi;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"„“)]+[^\s<>"„“).,;:]/gi;
/** Organisation names: capitalised words around a head noun of institutions, or an acronym in capitals. */
const ORGANISATION =
  /(?<![\p{L}-])(?:\p{Lu}[\p{L}-]*[ \t]+){0,3}\p{Lu}?[\p{L}-]*(?:Ministerium|ministerium|Akademie|akademie|Institut|institut|Universität|Hochschule|Amt|amt|Verwaltung|verwaltung|Behörde|behörde|Zentrum|zentrum|Verband|verband|Stiftung|Schule|schule|Kolleg|Senat|Kammer|Landkreis|Stadt|Gemeinde|Geschäftsstelle|Staatskanzlei|Bundesamt|Landesamt|Rat|rat|Team|Referat|Fortbildung|fortbildung|GmbH|AG|e\.[ \t]?V\.)(?![\p{L}])(?:[ \t]+(?:des|der|für|zu|in|am)[ \t]+(?:\p{Lu}[\p{L}-]*(?:,[ \t]*|[ \t]+und[ \t]+|[ \t]+)?){1,5})?/gu;
/** Words near a name that show it is a person although its first name is not a known one. */
const PERSON_CONTEXT = /\b(?:Frau|Herrn?|Kolleg(?:e|in)|zuständig\w*|Ansprechpartner\w*|Ansprechperson|Leitung|leitet|koordiniert|Prof\.|Dr\.)\b/u;
const GENERIC_HEAD = /^(?:Ministerium|Akademie|Institut|Universität|Hochschule|Amt|Verwaltung|Behörde|Zentrum|Verband|Stiftung|Schule|Kolleg|Senat|Kammer|Landkreis|Stadt|Gemeinde|Geschäftsstelle|Rat|Team|Referat|Fortbildung|AG|GmbH)$/;
const DEFINED_ACRONYM = /\((\p{Lu}[\p{Lu}\d-]{1,7})\)/gu;
/** A street without a house number ("in der Cottbuser Straße") or a name after "in"/"nach" ("in Lübben"). */
const STREET_NAME = /(?<![\p{L}])(?:[Ii]n der|[Aa]n der|[Aa]m|[Ii]m)[ \t]+((?:\p{Lu}[\p{L}-]*[ \t]+)?\p{Lu}?[\p{L}-]*(?:[Ss]traße|[Ss]tr\.|[Ww]eg|[Pp]latz|[Aa]llee|[Rr]ing|[Gg]asse|[Dd]amm|[Uu]fer|[Mm]arkt|[Hh]afen))(?![\p{L}])/gu;
const AFTER_IN = /(?<![\p{L}])(?:in|nach)[ \t]+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}-])/gu;
/** Suffixes of common nouns: "in Kooperation", "in Präsenz" name no place. */
const COMMON_NOUN = /(?:ung|ion|heit|keit|schaft|tät|enz|anz|ik|ismus|ment|nis|tum|ur|ie|ei|en|e|er|el|s)$/;

/**
 * A deadline named by the course of study or training: "bis zum Ende des 3. Semesters", "spätestens zu Beginn
 * des zweiten Ausbildungsjahres". Without "bis"/"spätestens" such a phrase says when something happens
 * ("Gegen Ende des dritten Ausbildungshalbjahres"), which an FAQ's question names and the phrase does not.
 */
const COURSE_TIME =
  /(?<=\b(?:bis|spätestens|vor)(?:[ \t]+(?:zum|zur|dem|zu))?[ \t]+)(?:Ende|Beginn|Anfang|Mitte|Abschluss)[ \t]+des[ \t]+(?:\d{1,2}\.|ersten|zweiten|dritten|vierten|fünften|sechsten|siebten|achten|letzten)[ \t]+(?:Fach|Studien|Ausbildungs|Dienst|Lehr)?(?:semesters|jahres|quartals|trimesters|halbjahres|moduls|abschnitts)(?![\p{L}])/giu;

/**
 * Languages a course is taught or held in: "auf Deutsch", "in Englisch", "taught in Italian". The German
 * nouns are capitalised and the adjectives not ("deutsche Verwaltung"); English "German" is both, so an
 * English name counts only after "in".
 */
const LANGUAGE =
  /(?<![\p{L}-])(?:Deutsch|Englisch|Französisch|Italienisch|Spanisch|Rätoromanisch|Polnisch|Tschechisch|Russisch|Ukrainisch|Arabisch|Türkisch)(?![\p{L}-])|(?<=\bin[ \t]+)(?:German|English|French|Italian|Spanish|Romansh)(?![\p{L}-])|(?<=^|[,;:]\s*)(?:German|English|French|Italian|Spanish)(?=\s*(?:[,;]|$))/gmu;

/** Nouns of fixed phrases after "in"/"nach" that the suffixes miss: "in Anbetracht", "in Kraft", "in Zukunft", "nach Bedarf". */
const PHRASE_NOUN = /^(?:Anbetracht|Betracht|Kraft|Zukunft|Bezug|Anspruch|Hinblick|Sachen|Angriff|Aussicht|Bedarf|Absprache|Maßgabe|Wahl|Vollzeit|Teilzeit)$/;

/** A year on its own, not part of a number, date, sum or percentage. */
const BARE_YEAR = /(?<![\d.,/€$-])(?:19[5-9]\d|20\d\d)(?![\d.,/-]|\s*(?:Euro|EUR|€|%|Prozent|Mio|Millionen|Teilnehm|Personen|Stunden))/gu;
const AGE = /(?<![\d.,])\d{2}\.\s+Lebensjahr(?:es)?\b|\b\d{2}\s+Jahre\s+alt\b/gu;
const NAME_TOKEN = /(?<![\p{L}-])\p{Lu}[\p{L}]+(?:-\p{Lu}[\p{L}]+)*(?![\p{L}-])/gu;

/** The separators between the names of an enumeration ("Backnang, Waiblingen, Weinstadt und Winnenden"). */
const NAME_BEFORE = /(?:,|\s(?:und|sowie|oder))\s+$/u;
const NAME_AFTER = /^(?:,|\s(?:und|sowie|oder))\s+(\p{Lu}[\p{L}-]+)/u;
const LAST_NAME_BEFORE = /(\p{Lu}[\p{L}-]+)(?:,|\s(?:und|sowie|oder))\s+$/u;

/**
 * A town of the gazetteer named without a preposition counts as a place only among other towns: many
 * town names are common words too ("Lage", "Hof"), a run of them is not.
 */
function inTownEnumeration(text: string, start: number, word: string): boolean {
  if (!isMunicipality(word)) return false;
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(start + word.length, start + word.length + 40);
  const previous = NAME_BEFORE.test(before) ? LAST_NAME_BEFORE.exec(before)?.[1] : undefined;
  const next = NAME_AFTER.exec(after)?.[1];
  return (previous !== undefined && isMunicipality(previous)) || (next !== undefined && isMunicipality(next));
}

/** A role word, "Frau"/"Herr", "Kollegin" or "zuständig" within a few words before or after the name. */
function personContext(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 60), start).split(/\s+/).slice(-4).join(' ');
  const after = text.slice(end, end + 50).split(/\s+/).slice(0, 4).join(' ');
  return PERSON_CONTEXT.test(before) || PERSON_CONTEXT.test(after) || [...before.split(/\s+/), ...after.split(/\s+/)].some((w) => isRoleWord(w.replace(/[,.;:()]/g, '')));
}

function positionOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  return at >= 0 ? at : text.indexOf(needle);
}

const candidateCache = new WeakMap<EvidenceUnit, Candidate[]>();

export function candidatesOf(unit: EvidenceUnit): Candidate[] {
  let found = candidateCache.get(unit);
  if (!found) {
    found = findCandidates(unit);
    candidateCache.set(unit, found);
  }
  return found;
}

function findCandidates(unit: EvidenceUnit): Candidate[] {
  const text = unit.text;
  const out: Candidate[] = [];
  const push = (candidate: Omit<Candidate, 'unit'>) => {
    if (candidate.start < 0 || candidate.text.trim().length === 0) return;
    out.push({ unit, ...candidate });
  };
  if (unit.kind === 'heading') return out;

  for (const date of extractDates(text)) {
    const start = positionOf(text, date.text);
    push({
      type: 'date',
      text: date.text,
      start,
      end: start + date.text.length,
      precision: date.precision,
      ...(date.start && date.end ? { range: { start: date.start, end: date.end } } : {}),
    });
    if (date.time) push({ type: 'time', text: date.time, start, end: start + date.text.length });
  }
  // A year the date rules leave alone, having no cue ("… hat 1998 ein Gutachten vorgelegt"): perhaps a date.
  for (const m of text.matchAll(BARE_YEAR)) {
    if (out.some((c) => c.type === 'date' && c.start <= m.index && c.end >= m.index + m[0].length)) continue;
    const year = Number(m[0]);
    push({ type: 'date', text: m[0], start: m.index, end: m.index + m[0].length, precision: 'year', range: { start: iso(year, 1, 1), end: iso(year, 12, 31) }, weak: true });
  }
  // "bis zum Ende des 3. Semesters": a deadline in the course of study or training, no calendar date.
  for (const m of text.matchAll(COURSE_TIME)) push({ type: 'date', text: m[0], start: m.index, end: m.index + m[0].length, precision: 'course', weak: true });
  for (const m of text.matchAll(TIME)) push({ type: 'time', text: m[0].trim(), start: m.index, end: m.index + m[0].length });
  for (const amount of extractAmounts(text)) {
    const start = positionOf(text, amount.text);
    const type = amount.kind === 'money' ? 'money' : amount.kind === 'percent' ? 'percent' : amount.kind === 'duration' ? 'duration' : 'count';
    push({ type, text: amount.text, start, end: start + amount.text.length, ...(amount.unit ? { measure: amount.unit } : {}) });
  }
  for (const phone of findPhones(text)) push({ type: 'phone', text: phone.value, start: phone.start, end: phone.end });
  for (const fax of findFaxNumbers(text)) push({ type: 'fax', text: fax.value, start: fax.start, end: fax.end });
  // "das 58. Lebensjahr": an age limit.
  for (const m of text.matchAll(AGE)) push({ type: 'count', text: m[0], start: m.index, end: m.index + m[0].length, measure: 'Alter Lebensjahr' });
  for (const email of findEmails(text)) push({ type: 'email', text: email.value, start: email.start, end: email.end });
  for (const m of text.matchAll(URL)) {
    if (out.some((c) => c.type === 'email' && c.start <= m.index && c.end >= m.index)) continue;
    push({ type: 'url', text: m[0], start: m.index, end: m.index + m[0].length });
  }
  for (const person of findPersonNames(text)) {
    if (!person.strong && !personContext(text, person.start, person.end)) continue;
    push({ type: 'person', text: person.name, start: person.start, end: person.end, ...(person.strong ? {} : { weak: true }) });
  }
  for (const m of text.matchAll(ORGANISATION)) {
    let name = m[0].replace(/[ \t,]+(?:und|für|der|des|zu|am|an|in)?$/, '').trim();
    // A capitalised function word at a sentence's start is not part of the name: "Diese Fortbildung", "Auch Verwaltung".
    let leading: RegExpExecArray | null;
    let start = m.index;
    while ((leading = /^(\p{L}+)[ \t]+/u.exec(name)) && isStopWord(foldGerman(leading[1]!))) {
      name = name.slice(leading[0].length);
      start += leading[0].length;
    }
    // "Führungsakademie Baden-Württemberg", "Hochschule Bremen": a Land or city right after the head is part of the name.
    const following = /^[ \t]+(\p{Lu}[\p{L}-]+)/u.exec(text.slice(start + name.length))?.[1];
    if (following && (isKnownState(following) || isKnownCity(following))) name = `${name} ${following}`;
    // A bare "Verwaltung" or "Stadt" names no organisation; "Landratsamt" or "Stadt Fürth" does.
    if (!name.includes(' ') && GENERIC_HEAD.test(name)) continue;
    push({ type: 'organisation', text: name, start, end: start + name.length });
  }
  for (const m of text.matchAll(LANGUAGE)) push({ type: 'language', text: m[0], start: m.index, end: m.index + m[0].length });
  // An acronym the text defines in parentheses names an organisation: "Niederlausitzer Studieninstitut (NLSI)".
  for (const m of text.matchAll(DEFINED_ACRONYM)) push({ type: 'organisation', text: m[1]!, start: m.index + 1, end: m.index + 1 + m[1]!.length });
  for (const place of extractPlaces(text)) {
    const start = positionOf(text, place.text);
    push({ type: 'place', text: place.text, start, end: start + place.text.length });
  }
  for (const m of text.matchAll(STREET_NAME)) {
    const start = m.index + m[0].indexOf(m[1]!);
    push({ type: 'place', text: m[1]!, start, end: start + m[1]!.length });
  }
  for (const m of text.matchAll(AFTER_IN)) {
    const name = m[1]!;
    if (COMMON_NOUN.test(name) || PHRASE_NOUN.test(name) || isKnownCity(name) || isKnownState(name)) continue;
    const start = m.index + m[0].indexOf(name);
    push({ type: 'place', text: name, start, end: start + name.length, weak: true });
  }
  // A city or Land named without a preposition ("In 2018 wird Thüringen den Kongress ausrichten").
  for (const m of text.matchAll(NAME_TOKEN)) {
    const word = m[0];
    if (out.some((c) => c.type === 'place' && c.start <= m.index && c.end >= m.index + word.length)) continue;
    // "Führungsakademie Baden-Württemberg", "Landeshauptstadt München": the name belongs to the organisation.
    if (out.some((c) => c.type === 'organisation' && c.start < m.index && c.end >= m.index + word.length)) continue;
    if (isKnownCity(word) || isKnownState(word) || inTownEnumeration(text, m.index, word)) push({ type: 'place', text: word, start: m.index, end: m.index + word.length });
    if (isKnownState(word)) push({ type: 'organisation', text: word, start: m.index, end: m.index + word.length });
  }
  keyedCandidates(unit, out);
  out.push({ unit, type: 'passage', text, start: 0, end: text.length });
  return out;
}

/**
 * What a key or table header says its value is: "Tagungsort", "Veranstalter", "Dauer". Matched on the
 * end of the key, so compounds ("Veranstaltungsort", "Lehrgangsdauer") count too.
 */
const KEY_TYPES: Array<[RegExp, AnswerType]> = [
  [/(ort|orte|adresse|anschrift|location|venue|place)$/u, 'place'],
  [/(ansprechpartner\p{L}*|ansprechperson|kontaktperson|referent\p{L}*|dozent\p{L}*|leitung|leiter\p{L}*|trainer\p{L}*|moderation|speaker|contact person)$/u, 'person'],
  [/(veranstalter\p{L}*|trager|anbieter\p{L}*|ausrichter|organizer|organiser|provider|host)$/u, 'organisation'],
  [/(dauer|umfang|duration|length)$/u, 'duration'],
  [/(anzahl|teilnehmerzahl|teilnehmendenzahl|platze|number of participants)$/u, 'count'],
];

/** Splits a key–value line's value or a row's cell off, for a candidate typed by its key or header. */
function keyedCandidates(unit: EvidenceUnit, out: Candidate[]): void {
  const keyed: Array<{ key: string; value: string; start: number }> = [];
  if (unit.kind === 'field' && unit.label) {
    const start = unit.text.indexOf(unit.label) + unit.label.length;
    const value = /^\s*[:?]\s*/.exec(unit.text.slice(start));
    if (value) keyed.push({ key: unit.label, value: unit.text.slice(start + value[0].length), start: start + value[0].length });
  } else if (unit.kind === 'row' && unit.header) {
    const cells = unit.text.split(' | ');
    let at = 0;
    cells.forEach((cell, i) => {
      const name = unit.header?.[i];
      if (name) keyed.push({ key: name, value: cell.trim(), start: at + (cell.length - cell.trimStart().length) });
      at += cell.length + 3;
    });
  }
  for (const { key, value, start } of keyed) {
    const folded = foldDiacritics(key.trim());
    const type = KEY_TYPES.find(([pattern]) => pattern.test(folded))?.[1];
    const end = start + value.length;
    if (!type || value.length === 0 || /^[–-]$/.test(value)) continue;
    // What an extractor found as the whole value speaks for itself; a part of it ("Munich" in "Venue:
    // Prinz-Carl-Palais, Munich") does not say all the value says.
    const trimmedEnd = start + value.replace(/[\s.,;]+$/, '').length;
    if (out.some((c) => c.type === type && c.start <= start && c.end >= trimmedEnd)) continue;
    out.push({ unit, type, text: value, start, end, weak: true });
  }
}

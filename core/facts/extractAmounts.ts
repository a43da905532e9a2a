import type { AmountFact } from '../types.ts';
import {
  FRACTION,
  fractionValue,
  GERMAN_NUMBER,
  MULTIPLIER,
  multiplierValue,
  numberWordValue,
  parseGermanNumber,
} from './germanNumbers.ts';
import { SentenceLocator } from './sentences.ts';

/**
 * Finds amounts in German text: money (including "kostenfrei" as 0 Euro), percentages, durations
 * ("3 Tage", "eintägig") and counts of people or things ("17 Fach- und Führungskräfte"). Values are
 * parsed from German number formats; the unit is the currency or the counted noun.
 */

interface Found {
  start: number;
  end: number;
  fact: Omit<AmountFact, 'context'>;
}

const NUM = `(?:${GERMAN_NUMBER})`;
/**
 * Words that qualify a number and belong to what a reader should see ("rund 30 …"). They are looked up
 * before a match instead of inside the patterns, so the patterns start at a digit and scan fast.
 */
const QUALIFIER_BEFORE = /(?<!\p{L})(?:rund|ca\.|circa|etwa|ungefähr|annähernd|nahezu|fast|über|mehr als|weniger als|knapp|mindestens|maximal|max\.|bis zu|insgesamt|je|jeweils)[ \t]+$/iu;
const NOT_AFTER = '(?<![\\d.,/\\p{L}§-])';

const CURRENCY_AFTER = new RegExp(
  `${NOT_AFTER}(${NUM})(?:[,.][-–])?(?:\\s*(?:[-–]|bis)\\s*(?:${NUM})(?:[,.][-–])?)?\\s*(?:(${MULTIPLIER})\\s*)?(Euro|EUR|€|CHF|USD|\\$)(?!\\p{L})`,
  'gu',
);
const CURRENCY_BEFORE = new RegExp(`(?<!\\p{L})(EUR|€|CHF|USD)\\s*(${NUM})(?:[,.][-–])?(?:\\s*(${MULTIPLIER}))?(?![\\d])`, 'gu');
/**
 * Swiss francs as Swiss texts write them: thousands apart by an apostrophe, decimals after a point, whole
 * francs as ".–" ("Fr. 5'000.00", "CHF 1'250.–", "450 Franken"). "Fr." before a number is francs only in
 * that form: "Fr. 12.03." is a Friday.
 */
const SWISS_NUMBER = "\\d{1,3}(?:['’]\\d{3})+(?:\\.(?:\\d{2}|[-–]{1,2}))?|\\d+\\.(?:\\d{2}|[-–]{1,2})(?![.\\d])";
const SWISS_BEFORE = new RegExp(`(?<!\\p{L})(CHF|SFr\\.|Fr\\.)\\s*(${SWISS_NUMBER})`, 'gu');
const SWISS_AFTER = new RegExp(`${NOT_AFTER}(${SWISS_NUMBER}|${NUM})\\s*(Franken|CHF|SFr\\.)(?!\\p{L})`, 'gu');

function parseSwissNumber(written: string): number | undefined {
  const cleaned = written.replace(/['’]/g, '').replace(/\.[-–]{1,2}$/, '');
  if (/^\d+(?:\.\d+)?$/.test(cleaned)) return Number(cleaned);
  return parseGermanNumber(written);
}

/** "einer Million Euro", "zwei Millionen Euro": a number word before the multiplier. */
const WORD_MILLIONS = new RegExp(
  `(?<!\\p{L})(ein|eine|einer|einem|einen|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|hundert)\\s+(${MULTIPLIER})\\s*(Euro|EUR|€)(?!\\p{L})`,
  'giu',
);
/** English pages write "2,170 euros": thousands with commas, the currency in lower case. */
const ENGLISH_EUROS = /(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*euros?(?!\p{L})/gu;
const FREE_OF_CHARGE = /(?<!\p{L})(kostenfrei|kostenlos|gebührenfrei|entgeltfrei|unentgeltlich|free of charge)(?!\p{L})/giu;

const PERCENT = new RegExp(`${NOT_AFTER}(${NUM})\\s*(%|Prozent)(?!\\p{L})`, 'gu');

const DURATION_UNITS =
  'Unterrichtsstunden|Unterrichtsstunde|Unterrichtseinheiten|Unterrichtseinheit|Zeitstunden|Zeitstunde|Lerneinheiten|Lerneinheit|UE|Stunden|Stunde|Std\\.|Minuten|Minute|Min\\.|Halbtage|Halbtag|Tagen|Tage|Tag|Wochen|Woche|Monaten|Monate|Monat|Jahren|Jahre|Jahr|Semestern|Semester';
/** Number words for durations; "ein"/"eine" are left out because they are mostly articles ("ein Jahr lang"). */
const DURATION_WORDS = 'eineinhalb|anderthalb|zweieinhalb|dreieinhalb|viereinhalb|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|halben|halbe';
const DURATION = new RegExp(
  `${NOT_AFTER}(${NUM}${FRACTION}?|${DURATION_WORDS})(?:[ \\t]*(?:[-–]|bis)[ \\t]*(?:${NUM}))?[ \\t]+(${DURATION_UNITS})(?!\\p{L})`,
  'giu',
);
const DURATION_ADJECTIVE = new RegExp(
  `(?<!\\p{L})(\\d+(?:[ \\t]?[½¼¾])?-?|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|sechzehn|achtzehn|zwanzig|vierundzwanzig|dreißig|halb|ganz|mehr|zweieinhalb|dreieinhalb|eineinhalb)(tägig|wöchig|stündig|monatig|jährig|semestrig)(?:e[nrsm]?)?(?!\\p{L})`,
  'giu',
);
const ADJECTIVE_UNIT: Record<string, string> = {
  tägig: 'Tage',
  wöchig: 'Wochen',
  stündig: 'Stunden',
  monatig: 'Monate',
  jährig: 'Jahre',
  semestrig: 'Semester',
};

/**
 * A count: number (or number word: "bis zu zehn Wunschausbildungsstellen"), optional inflected
 * adjectives, then a capitalised noun, including elided compounds ("Fach- und Führungskräfte",
 * "Transformationstreiberinnen und -treiber").
 */
const COUNT_WORDS = ['zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'zwanzig', 'dreißig', 'hundert']
  .map((word) => `[${word[0]}${word[0]!.toUpperCase()}]${word.slice(1)}`)
  .join('|');
const COUNT = new RegExp(
  `${NOT_AFTER}(${NUM}|${COUNT_WORDS})(?:[ \\t]*(${MULTIPLIER}))?[ \\t]+((?:\\p{Ll}+(?:e|en|er|es|em)[ \\t]+){0,2})(\\p{Lu}\\p{L}*(?:-\\p{L}+)*(?:-\\s+(?:und|oder|bzw\\.)\\s+\\p{Lu}\\p{L}+|\\s+(?:und|oder|bzw\\.)\\s+-\\p{Ll}+)?)`,
  'gu',
);

/** Words before a number that make it a label, not a count ("Phase 2", "Artikel 5", "Hauptstraße 12"). */
const LABEL_BEFORE =
  /(?:Nr\.|Art\.|Artikel|§|Abs\.|Absatz|Seite|S\.|Folie|Phase|Modul|Kapitel|Stufe|Ziffer|Punkt|Teil|Band|Version|Level|Runde|Raum|Zimmer|Haus|Gebäude|Etage|Jahr|Jahre|seit|bis|ab|im|Ende|Anfang|Mitte|KW|Q[1-4]|Tel\.?|Telefon|Fax|Postfach|\p{L}*(?:straße|str\.|weg|allee|platz|ring|gasse|damm|ufer|chaussee))\s*$/iu;

/** Nouns after a number that are not counted things (units, months, time of day). */
const NOT_COUNTED =
  /^(?:Uhr|Euro|EUR|Prozent|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez|Mio|Mrd|Millionen|Milliarden|Tausend|Quartal|KW|Kalenderwoche|Halbjahr|Jahreshälfte|Hälfte|Mal)$/u;

/** Widens a match to a qualifier written right before it. */
function withQualifier(text: string, start: number, end: number): { start: number; end: number; text: string } {
  const before = text.slice(Math.max(0, start - 16), start);
  const q = QUALIFIER_BEFORE.exec(before);
  const from = q ? start - q[0].length : start;
  return { start: from, end, text: clean(text.slice(from, end)) };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function findMoney(text: string, out: Found[]): void {
  // Swiss forms first: "CHF 1'250.–" is one sum, not "CHF 1".
  for (const m of text.matchAll(SWISS_BEFORE)) {
    out.push({ start: m.index, end: m.index + m[0].length, fact: { kind: 'money', text: clean(m[0]), value: parseSwissNumber(m[2]!), unit: 'CHF' } });
  }
  for (const m of text.matchAll(SWISS_AFTER)) {
    const span = withQualifier(text, m.index, m.index + m[0].length);
    out.push({ start: span.start, end: span.end, fact: { kind: 'money', text: span.text, value: parseSwissNumber(m[1]!), unit: 'CHF' } });
  }
  for (const m of text.matchAll(CURRENCY_AFTER)) {
    const value = parseGermanNumber(m[1]!);
    const currency = m[3] === '€' || m[3] === 'EUR' ? 'Euro' : m[3]!;
    const span = withQualifier(text, m.index, m.index + m[0].length);
    out.push({
      start: span.start,
      end: span.end,
      fact: { kind: 'money', text: span.text, value: value === undefined ? undefined : value * multiplierValue(m[2]), unit: currency },
    });
  }
  for (const m of text.matchAll(CURRENCY_BEFORE)) {
    const value = parseGermanNumber(m[2]!);
    const currency = m[1] === '€' || m[1] === 'EUR' ? 'Euro' : m[1]!;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      fact: { kind: 'money', text: clean(m[0]), value: value === undefined ? undefined : value * multiplierValue(m[3]), unit: currency },
    });
  }
  for (const m of text.matchAll(WORD_MILLIONS)) {
    const span = withQualifier(text, m.index, m.index + m[0].length);
    const value = numberWordValue(m[1]!);
    out.push({ start: span.start, end: span.end, fact: { kind: 'money', text: span.text, value: value === undefined ? undefined : value * multiplierValue(m[2]), unit: 'Euro' } });
  }
  for (const m of text.matchAll(ENGLISH_EUROS)) {
    const value = englishNumber(m[1]!) + (m[2] ? Number(`0.${m[2]}`) : 0);
    out.push({ start: m.index, end: m.index + m[0].length, fact: { kind: 'money', text: m[0], value, unit: 'Euro' } });
  }
  for (const m of text.matchAll(FREE_OF_CHARGE)) {
    out.push({ start: m.index, end: m.index + m[0].length, fact: { kind: 'money', text: m[0], value: 0, unit: 'Euro' } });
  }
}

function findPercents(text: string, out: Found[]): void {
  for (const m of text.matchAll(PERCENT)) {
    const span = withQualifier(text, m.index, m.index + m[0].length);
    out.push({
      start: span.start,
      end: span.end,
      fact: { kind: 'percent', text: span.text, value: parseGermanNumber(m[1]!), unit: '%' },
    });
  }
}

function findDurations(text: string, out: Found[]): void {
  findEnglishDurations(text, out);
  for (const m of text.matchAll(DURATION)) {
    const written = m[1]!;
    const whole = written.replace(new RegExp(`${FRACTION}$`), '');
    const value = /\d/.test(written) ? (parseGermanNumber(whole) ?? NaN) + fractionValue(written.slice(whole.length)) : numberWordValue(written);
    if (Number.isNaN(value)) continue;
    if (value === undefined) continue;
    const span = withQualifier(text, m.index, m.index + m[0].length);
    out.push({ start: span.start, end: span.end, fact: { kind: 'duration', text: span.text, value, unit: m[2]! } });
  }
  for (const m of text.matchAll(DURATION_ADJECTIVE)) {
    const prefix = m[1]!.replace(/-$/, '').toLowerCase();
    // "2 ½-jährig": a whole number with a vulgar fraction.
    const whole = Number(prefix.replace(/[ \t]?[½¼¾]/, ''));
    const value = /\d/.test(prefix)
      ? whole + fractionValue(prefix)
      : prefix === 'ganz'
        ? 1
        : prefix === 'mehr'
          ? undefined
          : numberWordValue(prefix);
    const unit = ADJECTIVE_UNIT[m[2]!.toLowerCase()];
    out.push({ start: m.index, end: m.index + m[0].length, fact: { kind: 'duration', text: m[0], value, unit } });
  }
}

/** English durations: "2 years", "three months", "one year per child", "6 to 12 months". */
const ENGLISH_NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const ENGLISH_DURATION = new RegExp(
  `(?<![\\d.,\\p{L}-])(\\d+(?:\\.\\d)?|${ENGLISH_NUMBER_WORDS.join('|')})(?:[ \\t]*(?:-|–|to)[ \\t]*(?:\\d+|${ENGLISH_NUMBER_WORDS.join('|')}))?[ \\t-]+(hours?|days?|weeks?|months?|years?|semesters?)(?!\\p{L})`,
  'giu',
);

function findEnglishDurations(text: string, out: Found[]): void {
  if (!looksEnglish(text)) return;
  for (const m of text.matchAll(ENGLISH_DURATION)) {
    const written = m[1]!.toLowerCase();
    const value = /\d/.test(written) ? Number(written) : ENGLISH_NUMBER_WORDS.indexOf(written) + 1;
    out.push({ start: m.index, end: m.index + m[0].length, fact: { kind: 'duration', text: m[0], value, unit: m[2]! } });
  }
}

/** Nouns that German uses in the singular only for one thing; "2 Entwicklung" is a numbered list item, not a count. */
const SINGULAR_ENDING = /(?:ung|heit|keit|schaft|tion|ität|ismus|ik|ur|enz|anz)$/u;

/** "• 1 Analyse der …", "2 Entwicklung von …": numbered items on slides, not counts. */
function looksLikeListNumber(text: string, numberStart: number, value: number | undefined, noun: string): boolean {
  const lineStart = text.lastIndexOf('\n', numberStart - 1) + 1;
  const atLineStart = /^[ \t]*(?:[-–•*·▪►][ \t]*)?$/u.test(text.slice(lineStart, numberStart));
  if (!atLineStart) return value !== undefined && value >= 2 && SINGULAR_ENDING.test(noun) && !/-/.test(noun);
  return value === 1 || SINGULAR_ENDING.test(noun);
}

/** English pages count with lower-case plurals: "more than 130 different training occupations". */
const ENGLISH_COUNT = /(?<![\d.,/\p{L}§-])((?:more than|over|about|around|up to|nearly|almost|some)\s+)?(\d{1,3}(?:,\d{3})+|\d+)\s+((?:[a-z]+\s+){0,2}([a-z]{3,}s))(?!\p{L})/gu;
const ENGLISH_TEXT = /\b(?:the|and|of|with|for|are|is|to|from|in|has|have|on|at|a|an)\b/gi;
const GERMAN_TEXT = /\b(?:der|die|das|und|mit|für|ist|sind|den|dem|des)\b/i;
/** Plural-looking English words after a number that are not counted things. */
const NOT_COUNTED_EN = /^(?:hours|days|weeks|months|years|minutes|euros|times|percent|pages|was|is|has|this)$/;

/** "2,170": English thousands. */
function englishNumber(written: string): number {
  return Number(written.replace(/,/g, ''));
}

function looksEnglish(text: string): boolean {
  return new Set(text.match(ENGLISH_TEXT) ?? []).size >= 2 && !GERMAN_TEXT.test(text);
}

function findEnglishCounts(text: string, out: Found[]): void {
  if (!looksEnglish(text)) return;
  for (const m of text.matchAll(ENGLISH_COUNT)) {
    const noun = m[4]!;
    if (NOT_COUNTED_EN.test(noun) || /^(?:1[89]|20)\d{2}$/.test(m[2]!)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, fact: { kind: 'count', text: m[0], value: englishNumber(m[2]!), unit: m[3]!.trim() } });
  }
}

/**
 * A count named by a noun on "-zahl" before it: "die Teilnehmerzahl mit ungefähr 200", "Teilnehmerzahl:
 * 25", "Die Teilnehmerzahl ist auf 20 begrenzt". What is counted is the noun's first part ("Teilnehmer").
 */
const NUMBER_NOUN = new RegExp(
  `(?<!\\p{L})(\\p{Lu}\\p{L}+?)zahl(?:en)?(?:[ \\t]*:|(?:[ \\t]+\\p{Ll}+){0,3}?)[ \\t]+((?:ca\\.|circa|rund|etwa|ungefähr|annähernd|knapp|über|mehr als|maximal|max\\.|bis zu)[ \\t]+)?(${NUM})(?![\\d.,]|[ \\t]*(?:%|Prozent|Euro|EUR|€|Uhr|\\p{Lu}))`,
  'gu',
);

function findNumberNounCounts(text: string, out: Found[]): void {
  for (const m of text.matchAll(NUMBER_NOUN)) {
    const written = m[3]!;
    if (/^(?:1[89]|20)\d{2}$/.test(written)) continue;
    const start = m.index + m[0].length - written.length - (m[2]?.length ?? 0);
    out.push({
      start,
      end: m.index + m[0].length,
      fact: { kind: 'count', text: clean(text.slice(start, m.index + m[0].length)), value: parseGermanNumber(written), unit: m[1]! },
    });
  }
}

function findCounts(text: string, out: Found[]): void {
  findEnglishCounts(text, out);
  findNumberNounCounts(text, out);
  // One shared global pattern, its position set by hand (the search is synchronous, so nothing else moves it).
  const pattern = COUNT;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const written = m[1]!;
    const noun = m[4]!;
    // A span that is no count may hide one after its number ("2020 absolvieren sieben Trainees"): the
    // search goes on right after the number, not after the whole span.
    pattern.lastIndex = m.index + m[0].indexOf(written) + written.length;
    if (NOT_COUNTED.test(noun)) continue;
    // Years and postcodes look like counts ("2020 Verstetigung", "50667 Köln"); real large counts use dots.
    // A qualifier makes a year-like number a count ("Nahezu 2000 Bewerbungen", "rund 1500 Gäste").
    const qualified = QUALIFIER_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index));
    if ((/^(?:1[89]|20)\d{2}$/.test(written) && !qualified) || /^\d{5,}$/.test(written) || /^0\d/.test(written)) continue;
    if (LABEL_BEFORE.test(text.slice(Math.max(0, m.index - 25), m.index))) continue;
    const value = /\d/.test(written) ? parseGermanNumber(written) : numberWordValue(written);
    if (looksLikeListNumber(text, m.index, value, noun)) continue;
    const span = withQualifier(text, m.index, m.index + m[0].length);
    pattern.lastIndex = m.index + m[0].length;
    out.push({
      start: span.start,
      end: span.end,
      fact: { kind: 'count', text: span.text, value: value === undefined ? undefined : value * multiplierValue(m[2]), unit: clean(noun) },
    });
  }
}

export function extractAmounts(text: string): AmountFact[] {
  const found: Found[] = [];
  // Order matters: an earlier kind claims its text, later kinds may not overlap it.
  findMoney(text, found);
  findPercents(text, found);
  findDurations(text, found);
  findCounts(text, found);
  const kept: Found[] = [];
  for (const f of found) {
    if (kept.every((k) => f.end <= k.start || f.start >= k.end)) kept.push(f);
  }
  if (kept.length === 0) return [];
  kept.sort((a, b) => a.start - b.start);
  const locator = new SentenceLocator(text);
  return kept.map((f) => {
    const fact: AmountFact = { ...f.fact, context: locator.contextOf(f.start, f.end) };
    if (fact.value === undefined) delete fact.value;
    if (fact.unit === undefined) delete fact.unit;
    return fact;
  });
}

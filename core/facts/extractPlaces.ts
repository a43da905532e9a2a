import type { PlaceFact } from '../types.ts';
import { PLACE_NAME_PATTERN, VENUE_HEAD, isAcronym, isKnownCity } from './germanPlaces.ts';
import { SentenceLocator } from './sentences.ts';

/**
 * Finds where things take place: venues after a preposition ("im Next:Lab des Fraunhofer IAO",
 * "beim Bundesverwaltungsamt in Köln", "auf dem GovTech Campus"), cities after "in"/"nach",
 * "Ort: …" lines, postal addresses and the formats online/virtuell/hybrid.
 */

interface Found {
  start: number;
  end: number;
  text: string;
}

const PLACE = `(?:${PLACE_NAME_PATTERN})(?![\\p{L}-])`;
/** A capitalised name word: "GovTech", "Next:Lab", "IAO", "Rhein-Neckar". */
const NAME_WORD = '\\p{Lu}[\\p{L}\\d]*(?:[:\\-@][\\p{L}\\d]+)*';
const NAME_WORDS = `${NAME_WORD}(?:[ \\t]+${NAME_WORD}){0,3}`;

const VENUE = new RegExp(
  `(?<!\\p{L})(?:[Ii]m|[Bb]eim|[Bb]ei der|[Bb]ei dem|[Aa]m|[Aa]uf dem|[Aa]uf der|[Aa]n der|[Aa]n dem|[Ii]n der|[Ii]n dem|[Ii]n den|[Ii]ns|zu Gast im|zu Gast bei)[ \\t]+` +
    `(?:\\p{Ll}+(?:e|en|er|es)[ \\t]+){0,2}` +
    `(${NAME_WORDS})` +
    `((?:[ \\t]+„[^“”"\\n]{1,40}[“”"])?(?:[ \\t]+(?:des|der)[ \\t]+${NAME_WORDS})?)` +
    `(?:[ \\t]+in[ \\t]+(${PLACE}))?`,
  'gu',
);

const CITY = new RegExp(`(?<!\\p{L})(?:in|nach|bei|Standort|Raum)[ \\t]+(${PLACE})`, 'gu');
/** A municipality named by its kind: "bei der Stadt Fürstenwalde/Spree", "die Gemeinde Dummerstorf", "im Landkreis Harburg". */
const MUNICIPALITY = new RegExp(
  `(?<!\\p{L})(?:Stadt|Gemeinde|Landkreis|Samtgemeinde|Verbandsgemeinde|Hansestadt|Landeshauptstadt|Kreisstadt)[ \\t]+` +
    `\\p{Lu}[\\p{L}-]+(?:[ \\t]*\\/[ \\t]*\\p{Lu}[\\p{L}-]+|[ \\t]+(?:am|an der|im|in der|ob der)[ \\t]+\\p{Lu}[\\p{L}-]+)?(?![\\p{L}-])`,
  'gu',
);
const LABELLED = /(?<!\p{L})(?:Veranstaltungsort|Tagungsort|Durchführungsort|Ort|Location|Adresse|Anschrift|Treffpunkt)[ \t]*:[ \t]*([^\n]{2,120})/gu;
const STREET =
  '\\p{Lu}[\\p{L}.-]{0,40}(?:straße|strasse|str\\.|weg|allee|platz|ring|gasse|damm|ufer|chaussee|markt|steig|pfad|promenade|kai)|\\p{Lu}[\\p{L}-]{0,40}-(?:Straße|Str\\.|Weg|Allee|Platz|Ring|Damm|Ufer|Gasse|Markt)|\\p{Lu}\\p{L}+[ \\t]+(?:Straße|Str\\.|Weg|Allee|Platz|Ring|Damm|Ufer|Markt)';
const ADDRESS = new RegExp(
  `(?<!\\p{L})(?:${STREET})[ \\t]+\\d{1,4}[ \\t]?[a-z]?(?:[ \\t]*[-–][ \\t]*\\d{1,4})?(?:,?[ \\t]*(?:\\n[ \\t]*)?\\d{5}[ \\t]+\\p{Lu}[\\p{L}-]+(?:[ \\t]+(?:am|an der|im|\\(\\p{L}+\\))[ \\t]+\\p{Lu}\\p{L}+)?)?`,
  'gu',
);
const POSTCODE_CITY = new RegExp(`(?<![\\d\\p{L}])\\d{5}[ \\t]+(${PLACE})`, 'gu');
const FORMAT =
  /(?<![\p{L}-])(online|virtuell|hybrid|Online-(?:Veranstaltung|Seminar|Workshop|Format|Termin|Sitzung|Schulung|Kurs|Reflexion|Session|Meeting|Konferenz|Event)\p{L}*|Webinar|Videokonferenz|Präsenzveranstaltung|in Präsenz)(?![\p{L}-])/giu;

function isVenue(name: string, tail: string, city: string | undefined): boolean {
  if (city) return true;
  const words = name.split(/[ \t]+/);
  if (words.some((w) => VENUE_HEAD.test(w) || VENUE_HEAD.test(w.replace(/^.*[:\-]/, '')))) return true;
  if (words.some(isAcronym)) return true;
  return /„/.test(tail);
}

function findVenues(text: string, out: Found[]): void {
  for (const m of text.matchAll(VENUE)) {
    const name = m[1]!;
    const tail = m[2] ?? '';
    const city = m[3];
    if (!isVenue(name, tail, city)) continue;
    const start = m.index + m[0].indexOf(name);
    const end = m.index + m[0].length;
    out.push({ start, end, text: text.slice(start, end) });
  }
}

function findCities(text: string, out: Found[]): void {
  for (const m of text.matchAll(CITY)) {
    const name = m[1]!;
    const start = m.index + m[0].length - name.length;
    out.push({ start, end: m.index + m[0].length, text: name });
  }
  for (const m of text.matchAll(POSTCODE_CITY)) {
    if (!isKnownCity(m[1]!) && !/^(?:Deutschland|Europa)$/.test(m[1]!)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  for (const m of text.matchAll(CITY_COUNTRY)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
}

/**
 * "Vienna, Austria", "in Lugano, Schweiz": a capitalised name before a country is a town, whatever the
 * language of the page and whether or not the town is in the vocabulary; on a line of its own or after a
 * preposition of place, so that an enumeration ("Verwaltung, Politik, Deutschland") is none.
 */
const CITY_COUNTRY =
  /(?<=^|\n|[(:][ \t]*|\b(?:in|aus|nach|bei|from|at|near)[ \t]+)\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?,[ \t]+(?:Deutschland|Österreich|Schweiz|Liechtenstein|Luxemburg|Germany|Austria|Switzerland|Luxembourg)(?![\p{L}-])/gu;

function findMunicipalities(text: string, out: Found[]): void {
  for (const m of text.matchAll(MUNICIPALITY)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
}

function findLabelled(text: string, out: Found[]): void {
  for (const m of text.matchAll(LABELLED)) {
    const value = m[1]!.replace(/[ \t]+$/, '').replace(/[.;,]$/, '');
    const start = m.index + m[0].indexOf(value);
    out.push({ start, end: start + value.length, text: value });
  }
}

/** Cheap test first: the address pattern is costly at every capitalised word. */
const STREET_NUMBER_HINT = /(?:straße|strasse|str\.|weg|allee|platz|ring|gasse|damm|ufer|chaussee|markt|steig|pfad|promenade|kai)[ \t]+\d/iu;

function findAddresses(text: string, out: Found[]): void {
  if (!STREET_NUMBER_HINT.test(text)) return;
  for (const m of text.matchAll(ADDRESS)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
}

function findFormats(text: string, out: Found[]): void {
  for (const m of text.matchAll(FORMAT)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
}

export function extractPlaces(text: string): PlaceFact[] {
  const found: Found[] = [];
  // Earlier finders are more specific; later ones may not overlap what they claimed.
  findLabelled(text, found);
  findAddresses(text, found);
  findVenues(text, found);
  findMunicipalities(text, found);
  findCities(text, found);
  findFormats(text, found);
  const kept: Found[] = [];
  for (const f of found) if (kept.every((k) => f.end <= k.start || f.start >= k.end)) kept.push(f);
  if (kept.length === 0) return [];
  kept.sort((a, b) => a.start - b.start);
  const locator = new SentenceLocator(text);
  const seen = new Set<string>();
  const places: PlaceFact[] = [];
  for (const f of kept) {
    const place: PlaceFact = { text: f.text.replace(/\s+/g, ' ').trim(), context: locator.contextOf(f.start, f.end) };
    const key = `${place.text}\u0000${place.context}`;
    if (seen.has(key)) continue;
    seen.add(key);
    places.push(place);
  }
  return places;
}

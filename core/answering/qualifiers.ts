import { foldGerman } from '../text/germanText.ts';

/**
 * Qualifiers tell one thing of a kind from another: "der 10. Fachkongress", "die dritte Runde",
 * "Modul B", "Teil II", "2024". A passage that names another qualifier of the same kind, and not the
 * asked one, is about something else.
 */

export interface Qualifier {
  kind: 'ordinal' | 'year' | 'designator';
  /** Normalised: "10." for "10." and "zehnte", "modul b", "modul 7" for "Modul VII" and "siebtes Modul", "2024". */
  value: string;
  /** For designators: the noun ("modul"). */
  noun?: string;
  /** An ordinal written as a word ("am ersten Tag"), which often counts days or steps rather than naming an instance. */
  word?: true;
}

/** English designator nouns, named as their German documents name them ("part II" is "Teil II"). */
const DESIGNATOR_NOUN: Record<string, string> = { module: 'modul', part: 'teil' };

const ORDINAL_WORDS: Record<string, number> = {
  erst: 1, zweit: 2, dritt: 3, viert: 4, funft: 5, sechst: 6, siebt: 7, siebent: 7, acht: 8, neunt: 9, zehnt: 10,
  elft: 11, zwolft: 12, first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};
/** The stems of German ordinals as foldGerman writes them ("fünfte" → "funft" + "e"). */
const GERMAN_ORDINAL = 'erst|zweit|dritt|viert|funft|sechst|siebt|siebent|acht|neunt|zehnt|elft|zwolft';
const ORDINAL_WORD = new RegExp(String.raw`\b(${GERMAN_ORDINAL})e[rsnm]?\b|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b`, 'g');
/** "10. Fachkongress": a number with a period before a noun; not a date ("24. Juni", "24. bis 26. Juni"). */
const ORDINAL_NUMBER =
  /(?<![\d.,])(\d{1,2})\.(?=\s+\p{Lu}\p{Ll})(?!\s+(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\b)/gu;
/** Roman numerals of designators ("Teil II"), as the digits an ordinal gives ("zweiter Teil"). */
const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4', v: '5', vi: '6', vii: '7', viii: '8', ix: '9', x: '10' };
const DESIGNATOR_NOUNS = 'modul|module|teil|part|phase|stufe|block|kurs|gruppe|abschnitt|runde|jahrgang|staffel|durchgang|lehrgang|baustein|level';
/**
 * "im siebten Modul", "das 3. Modul": an ordinal before a designator noun. The word form runs on the folded
 * text as ORDINAL_WORD does, the number form on the text as written as ORDINAL_NUMBER does, so that each
 * marks the positions its twin rule reports (folding may shorten the text: "Mueller" → "Muller").
 */
const WORD_DESIGNATOR = new RegExp(String.raw`\b(${GERMAN_ORDINAL})e[rsnm]?\s+(${DESIGNATOR_NOUNS})\b`, 'g');
const NUMBER_DESIGNATOR = new RegExp(String.raw`(?<![\d.,])(\d{1,2})\.\s+(${DESIGNATOR_NOUNS})\b`, 'giu');
const YEAR = /(?<![\d.,/])((?:19|20)\d{2})(?![\d.,])/g;
const DESIGNATOR =
  new RegExp(String.raw`\b(${DESIGNATOR_NOUNS})\s+([a-z]|[ivx]{1,4}|\d{1,2})\b(?![.,]\d)`, 'g');

export function qualifiersIn(text: string): Qualifier[] {
  const folded = foldGerman(text);
  const out: Qualifier[] = [];
  // "im siebten Modul", "das 3. Modul" name "Modul 7", "Modul 3": the ordinal is the designator then.
  const designator = (n: number, written: string): void => {
    const noun = DESIGNATOR_NOUN[written.toLowerCase()] ?? written.toLowerCase();
    out.push({ kind: 'designator', noun, value: `${noun} ${n}` });
  };
  const wordDesignators = new Set<number>();
  for (const m of folded.matchAll(WORD_DESIGNATOR)) {
    designator(ORDINAL_WORDS[m[1]!]!, m[2]!);
    wordDesignators.add(m.index);
  }
  const numberDesignators = new Set<number>();
  for (const m of text.matchAll(NUMBER_DESIGNATOR)) {
    designator(Number(m[1]), m[2]!);
    numberDesignators.add(m.index);
  }
  for (const m of folded.matchAll(ORDINAL_WORD)) {
    if (wordDesignators.has(m.index)) continue;
    const n = ORDINAL_WORDS[(m[1] ?? m[2])!];
    // "Acht" is also the number eight; as an ordinal it needs its ending ("achte").
    if (n !== undefined && !(m[1] === 'acht' && m[0] === 'acht')) out.push({ kind: 'ordinal', value: `${n}.`, word: true });
  }
  for (const m of text.matchAll(ORDINAL_NUMBER)) if (!numberDesignators.has(m.index)) out.push({ kind: 'ordinal', value: `${Number(m[1])}.` });
  for (const m of folded.matchAll(YEAR)) out.push({ kind: 'year', value: m[1]! });
  for (const m of folded.matchAll(DESIGNATOR)) {
    const noun = DESIGNATOR_NOUN[m[1]!] ?? m[1]!;
    out.push({ kind: 'designator', noun, value: `${noun} ${ROMAN[m[2]!] ?? m[2]}` });
  }
  return out;
}

/**
 * `conflict` when the passage names an ordinal or designator of the same kind as an asked one but not the
 * asked one ("9. Fachkongress" for the 10th, "Modul A" for B); `yearConflict` the same for years; `missing`
 * when it names none of the kind at all.
 */
export function compareQualifiers(
  asked: readonly Qualifier[],
  present: readonly Qualifier[],
): { conflict: boolean; yearConflict: boolean; missing: boolean } {
  let conflict = false;
  let yearConflict = false;
  let missing = false;
  // Years: "2026/2027" asks for either; only a passage with other years and none of the asked conflicts.
  const askedYears = asked.filter((q) => q.kind === 'year');
  const presentYears = present.filter((p) => p.kind === 'year');
  if (askedYears.length > 0 && presentYears.length > 0 && !askedYears.some((q) => presentYears.some((p) => p.value === q.value))) yearConflict = true;
  for (const q of asked) {
    if (q.kind === 'year') continue;
    if (present.some((p) => p.kind === q.kind && p.value === q.value)) continue;
    const sameKind = present.filter((p) => p.kind === q.kind && (q.kind !== 'designator' || p.noun === q.noun));
    if (sameKind.length > 0) conflict = true;
    else missing = true;
  }
  return { conflict, yearConflict, missing };
}

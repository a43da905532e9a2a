import { foldGerman, isStopWord } from './germanText.ts';

/**
 * Acronyms a text spells out: "Bayerische Akademie für Verwaltungs-Management" is the "BAV" or "BAVM" of a
 * question, "Niederlausitzer Studieninstitut" its "NS". Every run of capitalised words (with "für", "und",
 * "der" … between them) gives the initials of each stretch of it, a hyphenated word one initial per part.
 * Only acronyms of three to six letters are kept: two-letter ones ("KI", "IT") are words of their own.
 */

const MIN_LETTERS = 3;
const MAX_LETTERS = 6;
const CONNECTORS = new Set(['fur', 'und', 'der', 'des', 'die', 'das', 'den', 'dem', 'im', 'in', 'am', 'zu', 'zur', 'zum', 'de', 'of', 'for', 'and', 'the']);

export function acronymsIn(text: string): Set<string> {
  const out = new Set<string>();
  // Each run: the initials of its words, in order (a hyphenated word adds one per capitalised part).
  let run: string[][] = [];
  const close = () => {
    for (let i = 0; i < run.length; i++) {
      let letters = '';
      for (let j = i; j < run.length; j++) {
        letters += run[j]!.join('');
        if (letters.length > MAX_LETTERS) break;
        if (j > i && letters.length >= MIN_LETTERS) out.add(letters);
        // "Verwaltungs-Management" may also count once ("BAV" for "Bayerische Akademie für Verwaltungs-Management").
        const firstOnly = letters.length - run[j]!.join('').length + 1;
        if (j > i && run[j]!.length > 1 && firstOnly >= MIN_LETTERS) out.add(letters.slice(0, firstOnly));
      }
    }
    run = [];
  };
  for (const raw of text.split(/\s+/)) {
    // Punctuation ends a name: "Verwaltungs-Management, Ridlerstraße" are two.
    if (/^[(„"«]/.test(raw)) close();
    const token = raw.replace(/^[(„"«]+|[)“"»,;:.!?]+$/g, '');
    const ends = token !== raw.replace(/^[(„"«]+/, '');
    if (token.length === 0) {
      close();
      continue;
    }
    const folded = foldGerman(token);
    if (/^\p{Lu}/u.test(token) && !isStopWord(folded)) {
      const parts = token.split('-').filter((p) => /^\p{Lu}/u.test(p));
      run.push(parts.map((p) => foldGerman(p[0]!)));
    } else if (!(run.length > 0 && CONNECTORS.has(folded))) close();
    if (ends) close();
  }
  close();
  return out;
}

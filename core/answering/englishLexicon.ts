import type { DingEntry } from './dingDictionary.ts';
import { DingIndex } from './dingIndex.ts';
import { lazyResource } from './languageResources.ts';

/**
 * German words for an English word or short phrase, from the Ding dictionary (dingIndex.ts). A common
 * English word has dozens of German senses ("course": Kurs, Lehrgang, Verlauf, Gang, Strecke, Platz …);
 * they are ranked by what the dictionary's own layout says about them: the English word is the first
 * variant of its sense, the German variant comes first, the sense is the headword rather than a compound
 * or example further down the line, the German is one word, and the entry belongs to no special field
 * (birds, chemistry, sailing) or register (colloquial, old-fashioned).
 */

/** Best candidates kept per English key; a corpus filter picks from these. */
export const CANDIDATES_PER_KEY = 8;
const MAX_GERMAN_WORDS = 3;
const CACHE_SIZE = 5000;

// Field tags under which administrative and general language is found; any other tag marks a special sense.
const GENERAL_TAGS = new Set(['adm.', 'jur.', 'pol.', 'econ.', 'fin.', 'school', 'stud.', 'soc.', 'Br.', 'Am.', 'Dt.', 'eAm.', 'formal']);
const SPECIAL_PENALTY = 6;
// A German word, a hyphenated compound or a short phrase; not a prefix ("Bundes…", "Bundes-") or a fragment.
const GERMAN_WORD = /^[\p{L}\d][\p{L}\d'’. -]*[\p{L}\d.]$/u;

interface Ranked {
  rank: number;
  german: string;
}

/** Ranked German candidates for `key` from the dictionary lines that list it. */
export function rankTranslations(key: string, entries: readonly DingEntry[], limit = CANDIDATES_PER_KEY): string[] {
  const best = new Map<string, number>();
  for (const entry of entries) {
    const special = entry.tags.some((tag) => !GENERAL_TAGS.has(tag)) ? SPECIAL_PENALTY : 0;
    // A headword with many senses, compounds and examples is a common word ("Gebühr" before "Gage").
    const common = Math.min(3, Math.log2(entry.size));
    for (const { german, english, sense } of entry.senses) {
      const e = english.indexOf(key);
      if (e < 0) continue;
      german.forEach((word, g) => {
        const words = word.split(' ').length;
        if (words > MAX_GERMAN_WORDS || !GERMAN_WORD.test(word)) return;
        // Weights set by reading the rankings of common English question words, not fitted on the eval sets.
        const rank = e * 4 + g + (words - 1) * 3 + Math.min(sense, 4) * 0.5 + special - common;
        if (rank < (best.get(word) ?? Infinity)) best.set(word, rank);
      });
    }
  }
  return [...best]
    .map(([german, rank]): Ranked => ({ german, rank }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map((r) => r.german);
}

export class EnglishLexicon {
  private readonly cache = new Map<string, string[]>();

  constructor(private readonly index: DingIndex) {}

  /** German translations of an English word or phrase (any case), best first; [] when the dictionary has none. */
  translate(englishKey: string): string[] {
    const key = englishKey.toLowerCase();
    let found = this.cache.get(key);
    if (found) return found;
    found = rankTranslations(key, this.index.entries(key));
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, found);
    return found;
  }

  close(): void {
    this.index.close();
  }
}

const ding = lazyResource({
  name: 'dingDictionary',
  packageName: 'trans-de-en',
  without: 'English questions use the built-in word list',
  load: (file) => new EnglishLexicon(DingIndex.build(file)),
  close: (lexicon) => lexicon.close(),
});

/** The installed dictionary, built on first use; undefined without it. */
export function englishLexicon(): EnglishLexicon | undefined {
  return ding.get();
}

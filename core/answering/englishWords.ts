import { analyze, isStopWord, foldGerman } from '../text/germanText.ts';
import type { CorpusView } from './answerEngine.ts';
import { englishLexicon } from './englishLexicon.ts';

/**
 * German words for the words of an English question, so that English questions meet German documents.
 * The Ding dictionary (englishLexicon.ts, Debian `trans-de-en`) gives them where it is installed; this
 * short hand-written list is the fallback without it.
 */
const ENGLISH_TO_GERMAN: Record<string, string> = {
  first: 'erste',
  second: 'zweite',
  third: 'dritte',
  next: 'nächste',
  start: 'gestartet',
  started: 'gestartet',
  founded: 'gegründet',
  foundation: 'Gründung',
  project: 'Projekt',
  projects: 'Projekte',
  offers: 'Angebote',
  offer: 'Angebot',
  course: 'Kurs',
  courses: 'Kurse',
  training: 'Weiterbildung',
  trainings: 'Fortbildungen',
  qualification: 'Qualifizierung',
  leaders: 'Führungskräfte',
  managers: 'Führungskräfte',
  executives: 'Führungskräfte',
  participants: 'Teilnehmende',
  participate: 'teilnehmen',
  employees: 'Beschäftigte',
  staff: 'Beschäftigte',
  administration: 'Verwaltung',
  public: 'öffentlich',
  digital: 'digital',
  skills: 'Kompetenzen',
  competencies: 'Kompetenzen',
  workshop: 'Workshop',
  event: 'Veranstaltung',
  events: 'Veranstaltungen',
  methods: 'Methoden',
  partners: 'Kooperationspartner',
  funding: 'Förderung',
  funds: 'fördert',
  runtime: 'Laufzeit',
  term: 'Laufzeit',
  phase: 'Phase',
  platform: 'Plattform',
  academy: 'Akademie',
  ministry: 'Ministerium',
  strategy: 'Strategie',
  meeting: 'Treffen',
  met: 'trafen',
  retire: 'ausscheiden',
  leader: 'Leiter',
  head: 'Leiter',
};

export interface TranslationOptions {
  /** Keeps only German words the documents use (see `knownToCorpus`). */
  accept?: (german: string) => boolean;
  /** Translations kept per word or phrase. */
  limit?: number;
}

/** Translations kept per English word or phrase: the best-ranked that the documents use (1 measured worse; 2, 3, 5 the same). */
export const TRANSLATIONS_PER_WORD = 3;

/** Accepts a German word or phrase when the index knows each of its stems. */
export function knownToCorpus(corpus: Pick<CorpusView, 'knows'>): (german: string) => boolean {
  return (german) => {
    const terms = analyze(german);
    return terms.length > 0 && terms.every((term) => corpus.knows(term));
  };
}

/** English inflections the dictionary lists under the base form: "specialisations", "coordinated", "taking". */
function baseForms(lower: string): string[] {
  const forms: string[] = [];
  if (lower.length > 4 && lower.endsWith('ies')) forms.push(`${lower.slice(0, -3)}y`);
  if (lower.length > 4 && /(ss|sh|ch|x|z)es$/.test(lower)) forms.push(lower.slice(0, -2));
  if (lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss')) forms.push(lower.slice(0, -1));
  if (lower.length > 5 && lower.endsWith('ed')) forms.push(lower.slice(0, -2), lower.slice(0, -1));
  if (lower.length > 5 && lower.endsWith('ing')) forms.push(lower.slice(0, -3), `${lower.slice(0, -3)}e`);
  return forms;
}

function dictionaryTranslations(key: string, options: TranslationOptions): string[] | undefined {
  const lexicon = englishLexicon();
  if (!lexicon) return undefined;
  const limit = options.limit ?? TRANSLATIONS_PER_WORD;
  // The word as written first; its base form when the documents use none of the word's translations.
  for (const form of [key, ...baseForms(key)]) {
    const found = lexicon.translate(form);
    const kept = options.accept ? found.filter(options.accept) : found;
    if (kept.length > 0) return kept.slice(0, limit);
  }
  return [];
}

/** German words for one English word, best first. */
export function englishToGerman(word: string, options: TranslationOptions = {}): string[] {
  const lower = word.toLowerCase();
  const translated = dictionaryTranslations(lower, options);
  if (translated) return translated;
  const german = ENGLISH_TO_GERMAN[lower] ?? ENGLISH_TO_GERMAN[lower.replace(/s$/, '')];
  return german ? [german] : [];
}

/** A phrase of the dictionary is at most this many words ("opening speech", "state of the art"). */
const PHRASE_WORDS = 3;

/**
 * Translations for each of `words` (the words of a question, in order): the German for a phrase the word
 * is part of ("opening speech" -> "Eröffnungsrede", "written exam" -> "schriftliche Prüfung") first,
 * then the word's own. A phrase neither starts nor ends with a function word.
 */
export function translateEnglishWords(words: readonly string[], options: TranslationOptions = {}): string[][] {
  const out = words.map((): string[] => []);
  if (englishLexicon()) {
    const content = words.map((w) => !isStopWord(foldGerman(w)));
    for (let size = PHRASE_WORDS; size >= 2; size--) {
      for (let i = 0; i + size <= words.length; i++) {
        if (!content[i] || !content[i + size - 1]) continue;
        const phrase = words.slice(i, i + size).join(' ');
        const german = englishToGerman(phrase, options);
        for (let j = i; j < i + size; j++) for (const g of german) if (!out[j]!.includes(g)) out[j]!.push(g);
      }
    }
  }
  words.forEach((word, i) => {
    for (const g of englishToGerman(word, options)) if (!out[i]!.includes(g)) out[i]!.push(g);
  });
  if (options.accept) {
    // Each word's single-noun senses once: a word is the head of one pair and the modifier of the next.
    const nouns = words.map((word) => (isStopWord(foldGerman(word)) ? [] : nounSenses(word)));
    for (let i = 0; i + 1 < words.length; i++) {
      for (const compound of germanCompounds(nouns[i]!, nouns[i + 1]!, options.accept)) {
        for (const j of [i, i + 1]) if (!out[j]!.includes(compound)) out[j]!.push(compound);
      }
    }
  }
  return out;
}

/** The German senses of an English word that are one noun ("Herbst", "Tagung"), for compounds. */
function nounSenses(word: string): string[] {
  return (dictionaryTranslations(word.toLowerCase(), { limit: COMPOUND_SENSES }) ?? []).filter((g) => /^\p{Lu}\p{Ll}+$/u.test(g));
}

/** Senses per English word tried when joining two words into a German compound. */
const COMPOUND_SENSES = 6;
/** Linking elements between the parts of a German compound ("Arbeit-s-zeit", "Schule-n-…"). */
const LINKS = ['', 's', 'n', 'en'];

/**
 * German compounds of two English nouns in a row (their noun senses) that the documents use: "autumn
 * conference" is "Herbsttagung", "working time" "Arbeitszeit", though the dictionary lists neither phrase.
 */
function germanCompounds(modifiers: readonly string[], heads: readonly string[], accept: (german: string) => boolean): string[] {
  if (heads.length === 0) return [];
  const found: string[] = [];
  for (const modifier of modifiers) {
    for (const head of heads) {
      for (const link of LINKS) {
        const compound = `${modifier}${link}${head.toLowerCase()}`;
        if (!found.includes(compound) && accept(compound)) found.push(compound);
      }
    }
  }
  return found.slice(0, TRANSLATIONS_PER_WORD);
}

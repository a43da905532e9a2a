import snowball from 'snowball-stemmers';

/**
 * Text analysis for German (and the odd English question): folding, tokenising, stop words,
 * stemming and compound splitting. Shared by the local embeddings and the keyword index so both
 * see words the same way.
 */

const germanStemmer = snowball.newStemmer('german');

/** Lower-case, umlauts and accents folded, ß as ss — without foldGerman's reading of "ue" as "ü" ("Venue"). */
export function foldDiacritics(text: string): string {
  const lower = text.toLowerCase();
  // Most tokens are plain ASCII; Unicode normalisation is the expensive part, so skip it for them.
  if (!/[^\x00-\x7f]/.test(lower)) return lower;
  return lower.replace(/ß/g, 'ss').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Lower-case and fold umlauts and ß so that "Schröder", "Schroeder", "Schroder" and "SCHRÖDER" meet:
 * people without a German keyboard, and e-mail addresses, write umlauts as ae/oe/ue.
 */
export function foldGerman(text: string): string {
  const folded = foldDiacritics(text);
  // ae/oe/ue after a consonant is a transliterated umlaut ("Schroeder"); after a vowel it is not ("neue").
  return folded.includes('e') ? folded.replace(/([b-df-hj-np-tv-z])([aou])e/g, '$1$2') : folded;
}

const STOP_WORDS = new Set(
  (
    // German function words and question words: they carry no topic.
    'aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei beim bin bis bist da dabei dadurch dafur dagegen daher damit dann darauf darum das dass dasselbe dein deine dem den denn der des desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure fur gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines konnen konnte machen man manche manchem manchen mancher manches mein meine mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst uber um und uns unsere unter viel vom von vor wahrend war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte wurde wurden zu zum zur zwar zwischen wer wen wem wann wo woher wohin warum weshalb wieso gibt gab geben bitte pro je per ab seit laut gemass innerhalb ausserhalb neben statt trotz wegen sowie bzw usw ca etwa ' +
    // English function and question words.
    'a an the and or of to in on at for from by with is are was were be been being do does did what which who whom whose when where why how can could would should will shall may might there this that these those it its i you he she we they me my your our their please about'
  ).split(/\s+/),
);

export function isStopWord(foldedToken: string): boolean {
  return STOP_WORDS.has(foldedToken);
}

const TOKEN_PATTERN = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Words as written (case kept), split at spaces and punctuation; hyphenated compounds stay one token. */
export function splitWords(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? [];
}

/** Whether a folded word is joined by a hyphen or apostrophe (analyze splits it into its parts too). */
const HAS_JOINER = /[-'’]/;

/** Stemming is the hot spot of indexing; a corpus has far fewer distinct words than tokens. */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 500_000;

/** Stem a folded token; feminine role nouns meet their masculine form ("Projektleiterin" ~ "Projektleiter"). */
export function stemGerman(foldedToken: string): string {
  const cached = stemCache.get(foldedToken);
  if (cached !== undefined) return cached;
  let word = foldedToken;
  if (word.length > 6) word = word.replace(/erin(nen)?$/, 'er');
  const stem = germanStemmer.stem(word);
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(foldedToken, stem);
  return stem;
}

/**
 * Analyse text into stemmed index terms: folded, stop words dropped, hyphenated compounds indexed
 * both whole and by part ("E-Mail-Adresse" -> "e-mail-adress", "mail", "adress").
 */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) analyzeWord(word, foldGerman(word), terms);
  return terms;
}

/** The terms of one word as written (`folded`: foldGerman(word)), appended to `terms`; see analyze. */
export function analyzeWord(word: string, folded: string, terms: string[]): void {
  // Reading "oe" as "ö" shortens English words ("does" -> "dos"): a stop word is also looked up as written.
  if (folded.length !== word.length && isStopWord(word.toLowerCase())) return;
  // Most words have no hyphen or apostrophe: no split (and no arrays) for them.
  const parts = HAS_JOINER.test(folded) ? folded.split(/[-'’]/).filter(Boolean) : undefined;
  const joined = parts !== undefined && parts.length > 1;
  if (joined) {
    for (const part of parts) if (part.length > 1 && !isStopWord(part)) terms.push(stemGerman(part));
  }
  if (folded.length > 1 && !isStopWord(folded)) terms.push(joined ? folded : stemGerman(folded));
  else if (/^\d$/.test(folded)) terms.push(folded);
}

/**
 * Splits a closed compound into known parts ("weiterbildungsplattform" -> "weiterbildung", "plattform")
 * when both sides (allowing a linking "s" or "es") are words of the vocabulary. German writes compounds
 * as one word, so without this a question about "Plattform" misses "Weiterbildungsplattform".
 */
export function splitCompound(foldedWord: string, isKnownStem: (stem: string) => boolean, minPart = 4): string[] {
  if (foldedWord.length < minPart * 2 + 1) return [];
  // Longest known tail first: "weiterbildungsplattform" -> "plattform", not "form".
  for (let cut = minPart; cut <= foldedWord.length - minPart; cut++) {
    const tail = stemGerman(foldedWord.slice(cut));
    if (!isKnownStem(tail)) continue;
    const head = foldedWord.slice(0, cut);
    for (const candidate of [head, head.replace(/e?s$/, '')]) {
      const headStem = stemGerman(candidate);
      if (candidate.length >= minPart && isKnownStem(headStem)) return [headStem, tail];
    }
    return [tail];
  }
  return [];
}

/**
 * Detects English questions; German is the default. A word list rather than a language-detection
 * package, because it measured better on short questions that mix in names of the other language
 * ("How long does the Lehrgang für Verwaltungsführung last?"): of the 227 questions and history turns
 * of the dev, realworld and tuning sets it labels all correctly, `eld` (any database size, restricted to
 * de/en) 225, `tinyld` 219–220; on 60 further questions written for the comparison 60, 58–60 and 54–56.
 * It also takes 16 µs a question, eld 40–80 µs, tinyld 150–280 µs.
 */
export function detectLanguage(text: string): 'de' | 'en' {
  const words = splitWords(text.toLowerCase());
  if (words.length === 0) return 'de';
  const english = /^(the|who|what|when|where|which|how|is|are|does|do|can|for|of|and|contact|person|offers?|courses?|cost|costs|training|phone|email|number|about|there|please|tell|me|my|i|any|with|next|start|starts|date)$/;
  const german = /^(der|die|das|wer|was|wann|wo|welche|welcher|welches|wie|ist|sind|gibt|fur|für|und|mit|ich|ansprechpartner|kontakt|kosten|angebote?|nachste|nächste|erreichen|bitte|hat|den|dem|von|im|zum|zur)$/;
  let en = 0;
  let de = 0;
  for (const w of words) {
    if (english.test(w)) en++;
    if (german.test(w)) de++;
  }
  if (/[äöüß]/.test(text)) de++;
  return en > de ? 'en' : 'de';
}

/** Length of the character n-grams of `characterGrams`. */
export const GRAM_LENGTH = 4;

/**
 * Character n-grams of the folded content words, with `_` marking word borders ("_pla", "plat", …,
 * "orm_"). They let a question meet a text where whole words do not: compounds the splitter does not
 * know ("Plattform" in "Lernplattformangebot"), misspellings and spelling variants of names. Words no
 * longer than the n-gram become one gram. Letters only from the folded word, so hyphens and apostrophes
 * never reach an index's tokenizer.
 */
export function characterGrams(text: string, n = GRAM_LENGTH): string[] {
  const grams: string[] = [];
  for (const word of splitWords(text)) wordGrams(foldGerman(word), grams, n);
  return grams;
}

/** The n-grams of one word (`folded`: foldGerman of it) that characterGrams gives, appended to `grams`. */
export function wordGrams(folded: string, grams: string[], n = GRAM_LENGTH): void {
  if (folded.length < 2 || isStopWord(folded)) return;
  const padded = `_${folded.replace(/[-'’]/g, '')}_`;
  if (padded.length <= n) grams.push(padded);
  else for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
}

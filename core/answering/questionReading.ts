import { isRoleWord } from '../facts/contactVocabulary.ts';
import { parseDateQuery, type DateRange } from '../facts/extractDates.ts';
import type { AnswerRequest, ConversationTurn, Language, QuestionKind } from '../types.ts';
import { analyze, detectLanguage, foldGerman, isStopWord, splitWords } from '../text/germanText.ts';
import type { AnalyzedQuestion, CorpusView } from './answerEngine.ts';
import type { AnswerType } from './extractive/candidates.ts';
import { knownToCorpus, translateEnglishWords } from './englishWords.ts';
import { qualifiersIn, type Qualifier } from './qualifiers.ts';
import { verbLemmas } from '../text/verbLemmas.ts';

/**
 * Reads a question the way the extractive engine needs it: which kinds of answer it wants (one set per
 * part of a question with two parts), the words that name what it is about, the word that names what is
 * asked for ("Wie viele Kurswochen …?"), qualifiers that must match (an ordinal, a number, a year), a
 * period it asks about, and for follow-ups the topic of the previous turn.
 */

export type TermRole = 'focus' | 'subject' | 'predicate' | 'context';
export type DateRole = 'start' | 'end' | 'period';
export type MoneyRole = 'price' | 'funding';

const MONEY_ROLES: Array<[MoneyRole, RegExp]> = [
  ['funding', /\b(forder\w*|gefordert|zuschuss\w*|bezuschuss\w*|finanzier\w*|budget|fordermittel|funding|funded|grant\w*|subsid\w*)\b/],
  ['price', /\b(kost\w*|gebuhr\w*|eigenanteil\w*|eigenbeteiligung|selbstbeteiligung|zuzahlung\w*|own contribution|co-?payment|preis\w*|entgelt\w*|teuer|beitrag\w*|pauschale|lehrgangsgeld\w*|zahlen|bezahlen|fee\w*|cost\w*|price\w*|tuition|charge\w*|pay)\b/],
];

const DATE_ROLES: Array<[DateRole, RegExp]> = [
  ['period', /\b(von wann bis wann|\w*zeitraum|\w*laufzeit\w*|wie lange|from when|how long|period)\b/],
  ['end', /\b(bis wann|bis zu welchem|frist\w*|deadline|einsendeschluss|anmeldeschluss|bewerbungsschluss|meldeschluss|spatestens|endet|enden|ende|until when|by when|due|closing date)\b/],
  ['start', /\b(ab wann|seit wann|beginnt|beginn|begann|startet|startete|start|gestartet|fangt|anfang|losgeht|geht (\S+ ){0,10}los\b|when does .* (start|begin)|starting|started|begins?)\b/],
];

export interface QuestionWord {
  /** The word as written. */
  word: string;
  /** Its analysed terms (stem, and parts of a hyphenated compound). */
  terms: string[];
  role: TermRole;
  /** German words for an English one. */
  translations: string[];
  /**
   * Words joined by "und"/"oder" in a list question ("in Berlin und Brandenburg") share a number: each
   * item of the list needs to name one of them, not all.
   */
  coordination?: number;
}

export interface AskedPart {
  /** The part of the question text ("wann" / "wo" in "Wann und wo …?"). */
  text: string;
  /** The form of the question: a typed fact, a passage that explains, a yes/no answer. */
  form: 'fact' | 'passage' | 'yesno';
  /** Kinds of answer wanted, with how well each kind answers (0–1). */
  types: ReadonlyMap<AnswerType, number>;
  /** Stemmed words that mark the kind of fact asked for ("kost", "telefon"); a label using them points at the answer. */
  cues: string[];
}

export interface QuestionReading extends AnalyzedQuestion {
  parts: AskedPart[];
  words: QuestionWord[];
  /** Ordinals, designators and years of the question ("10." Fachkongress, "dritte" Runde, "Modul B", 2024). */
  qualifiers: Qualifier[];
  /** A period the question asks about ("im November 2024"). */
  dateRange?: DateRange;
  /** Which date of something is asked for: its start, its end or deadline, or its whole period. */
  dateRole?: DateRole;
  /** Which sum is asked for: what one pays (a fee, a price) or what is granted (funding). */
  moneyRole?: MoneyRole;
  /** The question word before the focus asks which one of its kind ("Mit welcher Universität …?", "Der wievielte Lehrgang …?"). */
  asksWhichOne: boolean;
  /** The question asks for several things of a kind ("Welche Module …?"); the plural noun, stemmed. */
  listNoun?: string;
  followUp: boolean;
  /** For follow-ups: the first sentence of the previous answer (names the person or programme meant). */
  previousLead?: string;
}

interface TypeRule {
  pattern: RegExp;
  types: Partial<Record<AnswerType, number>>;
  cues?: string;
  /**
   * A general rule ("Wie hoch …?", "Wie erreiche ich …?", "Was ist …?") applies only when no specific
   * rule of its family matched: "Wie hoch ist die Gebühr?" asks for money, not for any number.
   */
  generic?: 'numeric' | 'contact' | 'passage';
  family?: 'numeric' | 'contact' | 'passage';
  /** "Wer darf teilnehmen?" asks who is eligible: a passage, not a person's name. */
  eligibility?: boolean;
  /** A yes/no question ("Kann ich …?", "Ist die Teilnahme …?") is answered by the passage that says so. */
  yesNo?: boolean;
  /** "Was ist in der Gebühr inbegriffen?" asks what something holds: its parts, whatever kind of fact it is. */
  contents?: boolean;
}

// Patterns run on folded text (lower case, umlauts folded): "Gebühr" -> "gebuhr".
const TYPE_RULES: TypeRule[] = [
  // "Ab wie viel Uhr …?" asks for a time, not for an amount ("wie viel"): it is of the numeric family.
  { pattern: /\b(um wie ?viel uhr|uhrzeit|ab wie ?viel uhr|bis wie ?viel uhr|what time|at what time)\b/, types: { time: 1, date: 0.4 }, cues: 'Uhr Uhrzeit Beginn', family: 'numeric' },
  {
    pattern: /\b(wann|bis wann|ab wann|seit wann|(an |in )?welche[mnrs]? (tag|tagen|wochentag\w*|monat|monaten|jahr|termin\w*|datum)|on which day|which day|\w*zeitraum|\w*laufzeit\w*|zeitpunkt|\w*datum|\w*termine?n?|\w*frist(?:en)?|anmeldeschluss|bewerbungsschluss|einsendeschluss|meldeschluss|annahmeschluss|stichtag|deadline|when|what date|which date|how soon)\b/,
    types: { date: 1, time: 0.5 },
    cues: 'Termin Termine Datum Frist Zeitraum Laufzeit Beginn Start Ende Anmeldeschluss Bewerbungsschluss Einsendeschluss Meldefrist Fälligkeit fällig Stichtag',
  },
  { pattern: /\b(wie lange|wie ?viel zeit|dauer\w*|\w*laufzeit\w*|how long|how much time|duration)\b/, types: { duration: 1, date: 0.3 }, cues: 'Dauer Laufzeit dauert', family: 'numeric' },
  // A time limit is a date or a span: "Innerhalb welcher Frist …?" – "innerhalb von zehn Monaten", "Frist: 14 Tage".
  { pattern: /\b(\w*frist(?:en)?|innerhalb welche[rsnm]?|binnen welche[rsnm]?|within what)\b/, types: { duration: 0.7 } },
  // "Wie viele Unterrichtsstunden …?" counts hours: a count, or a duration that names what is counted.
  { pattern: /\b(wie ?viele[nm]?|anzahl|how many|number of)\b/, types: { count: 1, duration: 0.8 }, cues: 'Anzahl Umfang insgesamt', family: 'numeric' },
  {
    // Compounds name the kind of sum by their last part: "Lehrgangsgebühr", "Übernachtungspauschale".
    // "Entgeltgruppe 9" is a pay grade, not a sum.
    // "Was verlangt die Akademie für die Prüfung?" asks for a charge; "Was verlangt die Prüfung?" does not.
    pattern: /\b((?:was|wie ?viel) verlang\w*\b.*\bfur|kost\w*|gekostet|\w*gebuhr\w*|\w*preis\w*|\w*entgelt(?!gruppe)\w*|teuer|\w*geld|\w*beitrag\w*|\w*pauschale|eigenanteil|bezahl\w*|zahlen|how much does|costs?|fees?|price|tuition|charge|pay)\b/,
    types: { money: 1 },
    cues: 'Kosten Gebühr Gebühren Preis Entgelt Teilnahmegebühr Beitrag Betrag Teilnahmebetrag kostenfrei kostenlos',
    family: 'numeric',
  },
  // "In welcher Sprache findet der Kurs statt?", "In which language is it taught?": a language.
  { pattern: /\b(in welche[rn] sprachen?|welche sprachen?|(?:unterrichts|kurs|lehr|seminar|vortrags|fremd|amts)?sprachen?|in which languages?|what languages?|language of instruction)\b/, types: { language: 1 }, cues: 'Sprache Sprachen Unterrichtssprache language languages taught held' },
  {
    // What someone earns is a sum too: "Was verdienen die Anwärter im Monat?" – "knapp 1400 Euro brutto".
    pattern: /\b(verdien\w*|\w*gehalts?|\w*gehalter|\w*vergutung\w*|\w*bezuge|besoldung\w*|\w*lohne?|salary|salaries|earn\w*|wages?)\b/,
    types: { money: 1 },
    cues: 'Gehalt Vergütung Bezüge Besoldung brutto netto monatlich',
    family: 'numeric',
  },
  {
    pattern: /\b(fordersumme|forderung|zuschuss\w*|fordermittel|forderbetrag|budget|betrag|summe|funding|grant|how much funding)\b/,
    types: { money: 1, percent: 0.6 },
    cues: 'Förderung Fördersumme Zuschuss gefördert',
    family: 'numeric',
  },
  {
    // "Welche Ermäßigung bekommen Studierende?" – "einen Erlass um 50 Prozent"; "Gibt es einen Nachlass?" – "10 %".
    pattern: /\b(\w*ermassigung\w*|ermassigt\w*|\w*rabatt\w*|nachlass\w*|vergunstigung\w*|discounts?|reductions?|reduced)\b/,
    types: { percent: 1, money: 0.8 },
    cues: 'Ermäßigung ermäßigt Rabatt Nachlass Erlass Vergünstigung Prozent',
    family: 'numeric',
  },
  { pattern: /\b(prozent\w*|\w*satz|\w*quote|anteil|percentage|rate)\b/, types: { percent: 1, money: 0.4 }, cues: 'Prozent Fördersatz Anteil', family: 'numeric' },
  { pattern: /\b(wie hoch|wie ?viel|in welcher hohe|how much|how high)\b/, types: { money: 0.8, count: 0.7, percent: 0.7, duration: 0.7 }, generic: 'numeric' },
  {
    pattern:
      /(^|\b(und|and)\s+)(wo|where)\b|\b(welche[mnrs]? ort(?:e|en|s)?|in welcher stadt|in welchen stadten|welche[mnrs]? (stadt|gemeinde|kommune|landkreis|bundesland)|veranstaltungsort|tagungsort|standort\w*|(in|an) welche[mnrs]? \w*(haus|hause|zentrum|hotel|saal|raum|gebaude|statte)|location|venue|which city|what city|which cities|which places|welche[nmrs]? (stadte|landkreise|kreise|kommunen|gemeinden|standorte|regionen|bundeslander)|which (towns|districts|municipalities|regions|states))\b/,
    types: { place: 1 },
    cues: 'Ort Veranstaltungsort Tagungsort Standort Adresse',
  },
  {
    // "An welche Anschrift …?", "Wie lautet die Postanschrift?": a postal address, not an e-mail address.
    pattern: /\b(welche[rn]? (post)?anschrift|(post)?anschrift|postadresse|postalische[nr]? adresse|postal address|mailing address)\b/,
    types: { place: 1, organisation: 0.5 },
    cues: 'Anschrift Adresse Postanschrift Straße',
  },
  {
    // "Wohin schicke ich …?", "An welche Adresse …?": an address to send something to.
    pattern: /\b(wohin|an welche adresse|an wen (schick|send)\w*|where (do|should|can) i send|where to send|to whom (do|should|can) i send)\b/,
    types: { email: 1, organisation: 0.6, place: 0.6, passage: 0.5 },
    cues: 'E-Mail senden schicken einreichen Meldung Anmeldung',
    family: 'contact',
  },
  {
    pattern: /\b(telefon\w*|rufnummer\w*|nummer|anrufen|anruf|durchwahl|phone|telephone|call)\b/,
    types: { phone: 1 },
    cues: 'Telefon Tel Telefonnummer Rufnummer Durchwahl Hotline',
    family: 'contact',
  },
  { pattern: /\b(e-?mail\w*|mail-?adresse\w*|mail|email address)\b/, types: { email: 1 }, cues: 'E-Mail Mail Postfach', family: 'contact' },
  { pattern: /\b(webseite|website|internetseite|homepage|link|url|web address)\b/, types: { url: 1 }, cues: 'Internet Website www', family: 'contact' },
  {
    pattern: /\b(erreich\w*|kontakt\w*|ansprechpartner\w*|ansprechperson\w*|an wen wende|wende ich mich|melde ich mich|contact\w*|reach|get in touch)\b/,
    types: { phone: 0.9, email: 0.9, person: 0.8, passage: 0.5 },
    cues: 'Kontakt Ansprechpartner Ansprechpartnerin Ansprechperson Telefon Tel E-Mail erreichen',
    generic: 'contact',
  },
  {
    // "Für wen ist der Kurs gedacht?", "An wen richtet sich …?": the audience, described in a passage.
    pattern: /\b(fur wen|an wen richte\w*|welche zielgruppe\w*|zielgruppe\w*|for whom|target group|intended for|aimed at)\b/,
    eligibility: true,
    types: { passage: 1, person: 0.3 },
    cues: 'Zielgruppe richtet richten gedacht Teilnehmende Adressaten',
    family: 'passage',
  },
  {
    // "Wer wird zugelassen?", "Wer kann teilnehmen?": who is eligible, answered by a passage, not a name.
    eligibility: true,
    pattern: /^(und\s+)?(wer|who)\b.*\b(zugelassen|teilnehmen|\w*berechtigt|forderfahig|bewerben|anmelden|darf|durfen|kann|konnen|richtet|eligible|apply|attend|participate|take part)\b/,
    types: { passage: 1, person: 0.3 },
    cues: 'Zielgruppe Teilnehmende Voraussetzung Zulassung',
    family: 'passage',
  },
  {
    pattern: /\b(wie alt|alter|altersgrenze|how old|age limit)\b/,
    types: { count: 1 },
    cues: 'Alter Lebensjahr Jahre',
    family: 'numeric',
  },
  {
    pattern: /\b(fax\w*|telefax)\b/,
    types: { fax: 1 },
    cues: 'Fax Telefax',
    family: 'contact',
  },
  {
    pattern: /^(und\s+)?(wer|wen|wem|who|whom)\b|\b(an wen|mit wem|von wem|welche person|name of the person)\b/,
    types: { person: 1, organisation: 0.4 },
    cues: 'Leitung Leiter Ansprechpartner Ansprechpartnerin zuständig',
    family: 'contact',
  },
  {
    pattern: /\b(wie heisst|wie heissen|what is the name|what's the name)\b/,
    types: { person: 0.8, organisation: 0.6, passage: 0.6 },
    family: 'contact',
  },
  {
    pattern:
      /\b(welche[rs]? (einrichtung|behorde|institution|organisation|stelle|land|bundesland|ministerium|hochschule|universitat|akademie|stadt|kommune|gemeinde)|(wer|was) ist (die|der|das) (zustandige )?(stelle|einrichtung|behorde|institution|organisation|amt|ansprechstelle|geschaftsstelle)|(wer|who) (veranstaltet|organisiert|fordert|finanziert|tragt|bietet|richtet|fuhrt|betreut|runs|organi[sz]es|funds|finances|offers|hosts|hosted)|(wer|who) (ist|sind|is|are) (\S+ ){0,4}(beteiligt|involved)|which (institution|organisation|organization|body|authority|state|ministry))\b/,
    types: { organisation: 1, person: 0.4, place: 0.4 },
    cues: 'Träger Veranstalter Anbieter',
    family: 'contact',
  },
  {
    pattern:
      /\b(wie (melde|bewerbe|beantrage|komme|erhalte|bekomme|lauft|laufen|funktioniert|werden|wird|kann|erfolgt|gehe)|was (genau|wird|werden)|welche (voraussetzung\w*|bedingung\w*|unterlagen|kenntnisse)|unter welchen|wozu|warum|wieso|weshalb|how (do|can|does|is|are)|what (do|does|is required|are the requirements)|why)\b/,
    types: { passage: 1 },
    cues: 'Anmeldung Voraussetzung Zulassung Bewerbung Ablauf Verfahren',
    family: 'passage',
  },
  {
    // "Was muss ich mitbringen?" asks for a passage, "Was muss ich für den Kurs bezahlen?" for a sum: the verb
    // decides when it names a kind of fact.
    pattern: /\bwas (muss|mussen|brauche|braucht|benotige|benotigt)\b/,
    types: { passage: 1 },
    cues: 'Anmeldung Voraussetzung Zulassung Bewerbung Ablauf Verfahren',
    generic: 'passage',
  },
  {
    pattern: /\b(was (beinhaltet|beinhalten|umfasst|umfassen|enthalt|enthalten)|was (ist|sind) (alles )?(\S+ ){0,6}(inbegriffen|enthalten|inklusive|abgedeckt)|what (is|does) (\S+ ){0,6}(include|included|cover|covered))\b/,
    types: { passage: 1 },
    contents: true,
  },
  {
    pattern: /^(und\s+)?(kann|konnen|darf|durfen|muss|mussen|brauche|braucht|brauchen|benotige|benotigt|ist|sind|gibt es|gilt|wird|werden|can|may|must|is|are|do|does|need)\b/,
    types: { passage: 1 },
    yesNo: true,
  },
  { pattern: /^(und\s+)?(was ist|was sind|worum|was bedeutet|was versteht|what is|what are|what does)\b/, types: { passage: 1 }, generic: 'passage' },
];

/** The yes/no rule of a question that starts with its verb; applied by startsWithVerb, not by its pattern. */
const VERB_FIRST: TypeRule = { pattern: /^/, types: { passage: 1 }, yesNo: true };
/** Words that open a question without being its verb. */
const NOT_A_VERB = /^(wie|wo|was|wer|wen|wem|wessen|wann|warum|wieso|weshalb|wozu|woher|wohin|wo\p{L}+|welche[mnrs]?|ich|wir|man|es|die|der|das|den|dem|ein|eine|einen|einem|einer)$/u;

function startsWithVerb(question: string): boolean {
  const words = splitWords(question);
  const first = words[0] && foldGerman(words[0]) === 'und' ? words[1] : words[0];
  if (!first || !question.trim().endsWith('?')) return false;
  const folded = foldGerman(first);
  if (NOT_A_VERB.test(folded) || isStopWord(folded)) return false;
  const stem = analyze(first)[0];
  return stem !== undefined && verbLemmas().lemmasOf(stem).length > 0;
}

/** Question words that say by themselves which kinds of fact answer them. */
const ASKING_WORDS: Array<[RegExp, AnswerType[]]> = [
  [/\b(wann|bis wann|ab wann|seit wann|when|how soon)\b/, ['date', 'time', 'duration']],
  // "Wie lange gilt die erhöhte Förderquote?" asks how long, not for the rate its noun names.
  [/\b(wie lange|how long)\b/, ['duration', 'date', 'time']],
  // "Wie viele Kommunen haben einen Zuschuss bekommen?" counts; "Zuschuss" names what they got, not the answer.
  [/\b(wie ?viele[nm]?|how many)\b/, ['count', 'duration', 'percent']],
  [/^(und\s+)?(wo|where)\b/, ['place', 'organisation', 'url', 'email']],
  // "Who runs the funding programme?" asks for a name; "funding" only names the programme.
  [/^(und\s+)?(wer|wen|wem|who|whom)\b/, ['person', 'organisation', 'phone', 'email', 'fax', 'url']],
];
/** The two words after "wie viele" / "how many" (an adjective may stand before the noun counted). */
const COUNTED_WORDS = /\b(?:wie ?viele[nm]?|how many)\s+(\p{L}+)(?:\s+(\p{L}+))?/u;
const TIME_UNIT = /(?:stunden?|tage?n?|wochen?|monate?n?|jahre?n?|semester[ns]?|minuten|einheiten|ue|hours?|days?|weeks?|months?|years?|semesters?|minutes?)$/u;
/** A span of time may still count what a question counts by another noun, but weighs little then. */
const COUNTED_NOT_TIME_WEIGHT = 0.3;
/** The weight left to a kind of fact that only a noun of the question names, beside another question word. */
const NOUN_ONLY_WEIGHT = 0.4;

/** "Welche Module …?", "In welche Handlungsfelder …?", "Which topics …?": a plural noun after the question word asks for a list. */
const PREPOSITION = '(?:(?:bis zu|bis|in|an|bei|mit|zu|fur|aus|von|uber|unter|auf|nach|durch|from|in|at|for|with|of|up to)\\s+)?';
const LIST_QUESTION = new RegExp(`^(und\\s+)?${PREPOSITION}(welche[nmrs]?|which|what|nennen sie|list|gibt es|are there)\\b`);
/** The question word; the first noun after it is what the question is about ("Wo ist das Schulungszentrum …?"). */
const INTERROGATIVE = new RegExp(
  `^(und\\s+)?${PREPOSITION}(?:(?:der|die|das|zum|zur|am|im)\\s+)?(wievielte[nmrs]?|gibt es|are there|is there|wie ?viele[nm]?|wie ?viel|wie hoch|wie lange|wie|welche[rsmn]?|was fur|was|wer|wen|wem|wann|bis wann|ab wann|seit wann|wo|wohin|woher|warum|which|what|how many|how much|how long|how|who|whom|when|where|why)\\s+`,
);

/** Words that only say what kind of fact is asked for; they name no subject. */
const CUE_WORDS = new Set(
  analyze(
    'Ansprechpartner Ansprechpartnerin Ansprechperson Kontakt Kontaktperson Kontaktdaten erreichen erreiche E-Mail E-Mail-Adresse Mail Adresse ' +
      'Telefon Telefonnummer Nummer Rufnummer Durchwahl anrufen wende wenden Frage Fragen wann Datum Termin Zeitpunkt Uhrzeit Ort ' +
      'viele viel hoch Anzahl Betrag Kosten kostet Preis Gebühr teuer Geld Name heißt genau ' +
      'welche welcher welches gibt Information Informationen erfahre sagen nennen nennt ' +
      // Words for the documents themselves name no subject ("in der Präsentation", "laut Folie").
      'Präsentation Präsentationen Folie Folien Dokument Dokumente Unterlagen Vortrag Seite Artikel Meldung Text ' +
      'contact person email e-mail address phone number reach call when date time where location place how many much money cost costs fee price ' +
      'who what which tell give information find presentation slides document please',
  ),
);

/** The text of the latest turn by `role`. */
function lastTurn(history: readonly ConversationTurn[], role: ConversationTurn['role']): string | undefined {
  return history.findLast((turn) => turn.role === role)?.text;
}

/**
 * The question folded for its patterns: as foldGerman, but English function words keep their spelling
 * ("Does …?" would read "dös", and no English pattern would match).
 */
function foldQuestion(text: string): string {
  return text.replace(/\p{L}+/gu, (word) => (isStopWord(word.toLowerCase()) ? word.toLowerCase() : foldGerman(word)));
}

/** The kinds of fact a question asks for, by its words alone; also for questions a document asks (an FAQ's headings). */
export function typesOf(text: string): { types: Map<AnswerType, number>; cues: string[]; form: AskedPart['form'] } {
  const folded = foldQuestion(text);
  const types = new Map<AnswerType, number>();
  const cues: string[] = [];
  const matched = TYPE_RULES.filter((rule) => rule.pattern.test(folded));
  // A German question that starts with its verb asks yes or no, whatever the verb: "Nimmt das Institut
  // noch Anmeldungen an …?", "Reicht es, …?", "Bekommt eine Gemeinde …?".
  if (!matched.some((rule) => rule.yesNo) && startsWithVerb(text)) matched.push(VERB_FIRST);
  // Any specific kind of fact makes the "Was ist …?" / "Kann ich …?" form a question for that fact.
  const specific = new Set(matched.filter((rule) => !rule.generic).map((rule) => rule.family ?? 'fact'));
  for (const rule of matched) {
    // A general rule's cue words still say what the answer stands near ("Kontakt" for "Wer ist der Kontakt …?").
    if (rule.cues) cues.push(...analyze(rule.cues));
    if (rule.generic && (specific.has(rule.generic) || (rule.generic === 'passage' && specific.size > 0 && !specific.has('passage')))) continue;
    for (const [type, weight] of Object.entries(rule.types) as [AnswerType, number][]) types.set(type, Math.max(types.get(type) ?? 0, weight));
  }
  // "Faxnummer" is a number, but not a telephone number.
  if (types.has('fax')) types.delete('phone');
  // "Wer wird zugelassen?" asks for a group of people described in a passage, not for a name or an office.
  if (matched.some((rule) => rule.eligibility)) {
    types.set('person', 0.3);
    if (types.has('organisation')) types.set('organisation', 0.3);
  }
  // "Kann ich mich auch per E-Mail bewerben?" asks yes or no, "Was ist in der Gebühr inbegriffen?" what it
  // holds: the passage answers; a typed fact may help.
  if (matched.some((rule) => rule.yesNo || rule.contents)) {
    for (const [type, weight] of types) if (type !== 'passage') types.set(type, Math.min(weight, 0.6));
    types.set('passage', 1);
  }
  // "Bis wann … die Förderung beantragen?" asks when: the question word says what is asked, and a noun of
  // another kind of fact ("Förderung", "Gebühr") names what the question is about.
  const asked = ASKING_WORDS.filter(([pattern]) => pattern.test(folded));
  if (asked.length === 1) {
    const allowed = asked[0]![1];
    for (const [type, weight] of types) if (!allowed.includes(type) && type !== 'passage') types.set(type, Math.min(weight, NOUN_ONLY_WEIGHT));
  }
  // "Wie viele Teilnehmende …?" counts people; only "Wie viele (Unterrichts)stunden …?" may be answered by a span.
  const counted = COUNTED_WORDS.exec(folded);
  if (counted && types.has('duration') && !counted.slice(1).some((word) => word !== undefined && TIME_UNIT.test(word))) {
    types.set('duration', Math.min(types.get('duration')!, COUNTED_NOT_TIME_WEIGHT));
  }
  if (types.size === 0) types.set('passage', 0.8);
  // Every question may be answered by a passage that says it in words, if nothing typed fits.
  if (!types.has('passage')) types.set('passage', 0.25);
  const form = matched.some((rule) => rule.yesNo) ? 'yesno' : [...types].some(([type, w]) => type !== 'passage' && w >= 0.75) ? 'fact' : 'passage';
  return { types, cues: [...new Set(cues)], form };
}

/**
 * "Wann und wo findet X statt?" asks two things; each part gets its own kinds of answer. The split is at
 * "und"/"and" before a second question word.
 */
function splitParts(question: string): string[] {
  const parts = question
    .split(/,?\s+(?:und|sowie|and)\s+(?=(?:(?:an|in|bei|um|zu|mit|für|von|ab|bis|on|at|in|for)\s+)?(?:wann|wo|wohin|wer|wen|wem|wie|was|welche\w*|an wen|bis wann|ab wann|von wann|when|where|who|how|what|which)\b)/i)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.length > 1 ? parts : [question];
}

const WHICH_ONE = /(?:welche[rsmn]?|wievielte[nmrs]?|which|what)\s+$/;

/** Whether the question word the focus follows asks which one of its kind ("welcher", "wievielte", "which"). */
function asksWhichOne(question: string): boolean {
  const m = INTERROGATIVE.exec(foldQuestion(question));
  return m !== null && WHICH_ONE.test(m[0]);
}

/** First content noun after "Welche", "Wie viele", "Wer ist" …: what the question asks for ("Kurswochen"). */
function focusWord(question: string, language: Language): string | undefined {
  const folded = foldQuestion(question);
  const m = INTERROGATIVE.exec(folded);
  if (!m) return undefined;
  const rest = question.slice(m[0].length);
  // English marks no nouns: only "which"/"what"/"how many" are followed by what is asked for ("Where is
  // the Bavarian … held?" names its subject, not a kind of thing).
  if (language === 'en' && !/(which|what|how many|how much)\s+$/.test(m[0])) return undefined;
  // "Which German states did …?", "Which subject areas are …?": the head is the first plural of the phrase
  // before the verb ("Which municipalities take part?"), or its last word.
  const phrase = language === 'en' ? englishNounPhrase(rest) : [];
  if (phrase.length > 0) {
    const head = phrase.find((w) => /[^s]s$/i.test(w) && w.length > 3) ?? phrase[phrase.length - 1]!;
    return CUE_WORDS.has(analyze(head)[0] ?? '') ? undefined : head;
  }
  for (const word of splitWords(rest)) {
    if (isStopWord(foldGerman(word))) continue;
    if (language === 'de' && !/^\p{Lu}/u.test(word)) continue;
    // "Welche Telefonnummer …?" asks for a kind of fact, not for a thing to look for; "An welchen Orten …?" for a list of them.
    return CUE_WORDS.has(analyze(word)[0] ?? '') && !/(en|e)$/.test(foldGerman(word)) ? undefined : word;
  }
  return undefined;
}

/** Words that end the noun phrase after "which"/"what": a verb form or a preposition. */
const ENGLISH_PHRASE_END =
  /^(?:is|are|was|were|be|do|does|did|can|cannot|could|will|would|should|shall|has|have|had|must|may|might|need|needs|of|for|in|at|on|to|from|by|with|about|during|between|that|which|who)$/i;

function englishNounPhrase(rest: string): string[] {
  const phrase: string[] = [];
  for (const word of splitWords(rest)) {
    if (ENGLISH_PHRASE_END.test(word) || /n't$/i.test(word)) break;
    if (!isStopWord(foldGerman(word))) phrase.push(word);
  }
  return phrase;
}

function looksLikeFollowUp(question: string, hasSubject: boolean): boolean {
  const folded = foldQuestion(question).trim();
  if (/^(und|and|what about|und was|und wie|und wann|und wo|und wer|auch)\b/.test(folded)) return true;
  if (/\b(er|sie|ihn|ihm|ihr|ihre|ihrer|seine|seiner|dort|dafur|dazu|davon|dessen|deren|diese[mnrs]?|davon|he|she|him|her|his|it|its|they|them|their|there|that)\b/.test(folded))
    return true;
  return !hasSubject;
}

/** A plural of a role noun ("Trainerinnen", "Referenten", "Dozenten"): the role nouns are listed in the singular. */
function namesRole(word: string): boolean {
  return [word, word.replace(/innen$/u, 'in'), word.replace(/(?:en|n|s)$/u, '')].some((form) => form.length >= 4 && isRoleWord(form));
}

/** Particles German verbs leave at the end of the clause: "Wie melde ich mich … an?" asks about "anmelden". */
const SEPARABLE_PARTICLE = /^(an|ab|auf|aus|ein|mit|vor|zu|teil|statt|fest|dar|zuruck|weiter|hinzu|bei|nach|los)$/;

/** The verb with its particle put back ("anmelde", "stattfindet"), when the question ends in a particle. */
function joinedSeparableVerb(question: string): string | undefined {
  const words = splitWords(question);
  const last = words[words.length - 1];
  if (!last || !SEPARABLE_PARTICLE.test(foldGerman(last))) return undefined;
  // The finite verb is the first lower-case word that is not a question word or conjunction ("Wann und wo findet …").
  const verb = words.slice(0, -1).find((w, i) => (i > 0 || /^\p{Ll}/u.test(w)) && /^\p{Ll}/u.test(w) && !/^(und|oder|wo|wann|wie|was|wer|wen|wem|wessen|welche[mnrs]?|ab|bis|seit|von|ich|man|sie|es|wir|viele|viel|lange|hoch|oft|weit|teuer|genau)$/.test(w));
  return verb ? `${last.toLowerCase()}${verb}` : undefined;
}

/**
 * The words of a question with their roles. In German the subject is named by nouns and names, which
 * German capitalises; other content words (verbs, adjectives) say what is asked about it.
 */
function wordsOf(question: string, language: Language, role?: TermRole, corpus?: Pick<CorpusView, 'knows'>): QuestionWord[] {
  const focus = focusWord(question, language);
  // Names written in lower case still name the subject: "#digitaljourney", "eLeon", "ki-campus".
  const tagged = new Set([...question.matchAll(/#([\p{L}\p{N}-]+)/gu)].map((m) => m[1]!));
  const classifiers = new Set([...question.matchAll(/(?<![\p{L}-])(\p{Lu}\p{Ll}+)\s+[„"“‚»]/gu)].map((m) => m[1]!));
  const words: QuestionWord[] = [];
  const separable = language === 'de' ? joinedSeparableVerb(question) : undefined;
  if (separable) words.push({ word: separable, terms: analyze(separable), role: role ?? 'predicate', translations: [] });
  const split = splitWords(question);
  const translated = language === 'en' ? translateEnglishWords(split, corpus ? { accept: knownToCorpus(corpus) } : {}) : undefined;
  split.forEach((word, i) => {
    const isFocus = focus !== undefined && word === focus;
    const terms = analyze(word).filter((term) => isFocus || !CUE_WORDS.has(term));
    if (terms.length === 0) return;
    const translations = translated?.[i] ?? [];
    let wordRole: TermRole;
    if (role) wordRole = role;
    else if (isFocus) wordRole = 'focus';
    else if (language === 'en') wordRole = 'subject';
    // "die Einheit „Antragsfitness“", "die Tagung „Vertrauen und Verantwortung“": the noun before a quoted
    // title says what kind of thing the title names; the page may call it otherwise (a programme line).
    else if (classifiers.has(word)) wordRole = 'predicate';
    else
      wordRole =
        (i > 0 && /^\p{Lu}/u.test(word)) || /\d/.test(word) || tagged.has(word) || /^\p{Ll}+\p{Lu}/u.test(word) || /^\p{Lu}{2,}/u.test(word)
          ? 'subject'
          : 'predicate';
    words.push({ word, terms, role: wordRole, translations });
  });
  return words;
}

export function detectKind(reading: Pick<QuestionReading, 'parts' | 'listNoun'>): QuestionKind {
  if (reading.listNoun) return 'list';
  const types = reading.parts[0]?.types ?? new Map<AnswerType, number>();
  const best = [...types].filter(([type]) => type !== 'passage').sort((a, b) => b[1] - a[1])[0];
  if (!best || best[1] < 0.75) return types.get('passage') === 1 ? 'offer' : 'general';
  switch (best[0]) {
    case 'date':
    case 'time':
      return 'date';
    case 'money':
    case 'count':
    case 'duration':
    case 'percent':
      return 'amount';
    case 'place':
      return 'place';
    case 'organisation':
    case 'language':
      return 'offer';
    default:
      return 'contact';
  }
}

/** `corpus` lets translations of English words keep to German words the documents use. */
export function readQuestion(request: AnswerRequest, corpus?: Pick<CorpusView, 'knows'>): QuestionReading {
  const original = request.question.trim();
  const language: Language = detectLanguage(original);
  let words = wordsOf(original, language, undefined, corpus);
  const history = request.history ?? [];
  const translated = [...new Set(words.flatMap((w) => w.translations))].join(' ');
  let standalone = language === 'en' && translated ? `${original} ${translated}` : original;
  let followUp = false;
  let previousLead: string | undefined;
  const hasSubject = words.some((w) => w.role === 'subject');
  if (history.length > 0 && looksLikeFollowUp(original, hasSubject)) {
    const previous = lastTurn(history, 'user');
    if (previous) {
      followUp = true;
      // The previous answer names the person or programme meant; its first sentence carries it.
      const answerLead = (lastTurn(history, 'assistant') ?? '').replace(/\[\d+\]/g, '').split(/(?<=[.!?])\s/)[0] ?? '';
      standalone = `${standalone} ${previous} ${answerLead}`.trim();
      const known = new Set(words.flatMap((w) => w.terms));
      const carried = wordsOf(previous, detectLanguage(previous), 'context', corpus).filter((w) => w.terms.some((t) => !known.has(t)));
      words = [...words, ...carried];
      previousLead = answerLead;
    }
  }
  const folded = foldQuestion(original);
  const dateRange = parseDateQuery(original);
  const dateRole = DATE_ROLES.find(([, pattern]) => pattern.test(folded))?.[0];
  const moneyRole = MONEY_ROLES.find(([, pattern]) => pattern.test(folded))?.[0];
  const focus = words.find((w) => w.role === 'focus');
  const plural = focus && LIST_QUESTION.test(folded) && isPluralNoun(focus.word, language, original);
  if (plural) words = coordinated(original, words);
  const parts = splitParts(original).map((text) => {
    const { types, cues, form } = typesOf(text);
    // The items of a list are passages ("Recht", "Organisation"), or dated entries for a period asked about.
    if (plural) types.set('passage', 1);
    if (plural && dateRange && asksForPeriod(original)) types.set('date', 1);
    // "Welche Trainerinnen …?", "Welche Referenten …?": the items are people.
    if (plural && focus && namesRole(focus.word)) types.set('person', 1);
    return { text, types, cues, form };
  });

  const reading: QuestionReading = {
    original,
    standalone,
    language,
    kind: 'general',
    parts,
    words,
    qualifiers: qualifiersIn(original),
    asksWhichOne: asksWhichOne(original),
    ...(dateRange ? { dateRange } : {}),
    ...(dateRole ? { dateRole } : {}),
    ...(moneyRole ? { moneyRole } : {}),
    ...(plural && focus ? { listNoun: headTerm(focus.word) } : {}),
    followUp,
    ...(previousLead ? { previousLead } : {}),
  };
  reading.kind = detectKind(reading);
  return reading;
}

/** A title in quotation marks („…“, "…", «…», ‚…‘): removed from the question, or read as one name. */
const QUOTE_OPEN = '[„“"«»‚‘]';
const QUOTE_CLOSE = '[“”"«»‘’]';
const NOT_QUOTE = '[^„“"«»‚‘]';
const QUOTED_SPAN = new RegExp(`${QUOTE_OPEN}${NOT_QUOTE}*${QUOTE_CLOSE}`, 'g');
const QUOTED_TITLE = new RegExp(`${QUOTE_OPEN}(${NOT_QUOTE}{3,80})${QUOTE_CLOSE}`, 'gu');

/** The titles a question quotes ("Was kostet das Seminar „Demokratie stärken in Verwaltungen“?"). */
export function quotedTitles(question: string): string[] {
  return [...question.matchAll(QUOTED_TITLE)].map((m) => m[1]!);
}

/** The subject words joined by "und", "oder", "sowie" or "and"/"or", each pair marked as one group. */
function coordinated(question: string, words: QuestionWord[]): QuestionWord[] {
  // A quoted title ("„Die Hüte der Bürgermeisterinnen und Bürgermeister“") names one thing, all its words.
  const split = splitWords(question.replace(QUOTED_SPAN, ' '));
  let group = 0;
  const marked = new Map<string, number>();
  for (let i = 1; i + 1 < split.length; i++) {
    if (!/^(und|oder|sowie|bzw\.?|and|or)$/i.test(split[i]!)) continue;
    const [left, right] = [split[i - 1]!, split[i + 1]!];
    const isSubject = (word: string) => words.some((w) => w.word === word && w.role === 'subject');
    if (!isSubject(left) || !isSubject(right)) continue;
    const id = marked.get(left) ?? ++group;
    marked.set(left, id);
    marked.set(right, id);
  }
  if (marked.size === 0) return words;
  return words.map((w) => (w.role === 'subject' && marked.has(w.word) ? { ...w, coordination: marked.get(w.word)! } : w));
}

/** The head of a noun: the last part of a hyphenated compound ("Leadership-Programme" → "programm"). */
function headTerm(word: string): string | undefined {
  const parts = word.split(/[-'’]/).filter(Boolean);
  return analyze(parts[parts.length - 1] ?? word)[0] ?? analyze(word)[0];
}

/**
 * "Welche Veranstaltungen finden im November 2024 statt?" filters by a period; in "Welche Themen hat die
 * Kommunaltagung 2024?" the year is part of a name. A period filter stands after a temporal preposition.
 */
function asksForPeriod(question: string): boolean {
  return /\b(im|in|am|ab|bis|seit|vom|von|zwischen|nach|vor|während|diese[mns]?|nächste[nm]?|kommende[nm]?|during|in|from|until|before|after|this|next)\s+(\d{1,2}\.\s*)?(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|may|june|july|october|december|frühjahr|frühling|sommer|herbst|winter|quartal|halbjahr|jahr|monat|woche|(19|20)\d{2})/i.test(
    question,
  );
}

/**
 * Plural nouns end in -e, -en, -n, -er or -s; nouns with a feminine singular suffix ("Anmeldung",
 * "Adresse") do not. "Welches Fach …?" and "Welcher Betrag …?" are singular by their article.
 */
function isPluralNoun(word: string, language: Language, question: string): boolean {
  const folded = foldGerman(word);
  if (language === 'en') return /(s|ies)$/.test(folded) && !/ss$/.test(folded);
  // "Welches Fach", "welcher Betrag", "welchem Ort" are singular; "welchen" is plural before a plural noun ("bei welchen Trägern").
  if (/\b(welcher|welches|welchem)\b/.test(foldGerman(question)) && !/\bwelchen?\b/.test(foldGerman(question))) return false;
  if (/\bwelchen\b/.test(foldGerman(question)) && !/\bwelche\b/.test(foldGerman(question)) && !/(en|n|ern)$/.test(folded)) return false;
  if (/(ung|heit|keit|schaft|ion|tat|ik|ur|ei|ie|nis|adresse|nummer|frage|stelle|gebuhr|frist)$/.test(folded)) return false;
  return /(e|en|n|er|s|innen)$/.test(folded);
}

import type { AnswerRequest, ConversationTurn, Language, QuestionKind } from '../types.ts';
import { analyze, detectLanguage, foldGerman } from '../text/germanText.ts';
import type { AnalyzedQuestion } from './answerEngine.ts';

/**
 * Understands a question well enough to answer it extractively: its language, what kind of fact it
 * asks for, which detail of a contact it wants, and, for follow-ups ("Und wie ist die E-Mail-Adresse?"),
 * the topic carried over from the previous turn.
 */

export type ContactFocus = 'email' | 'phone' | 'reach' | 'who';
export type AmountFocus = 'money' | 'count' | 'duration' | 'any';

export interface QuestionDetails extends AnalyzedQuestion {
  contactFocus: ContactFocus;
  amountFocus: AmountFocus;
  /** Stemmed content terms that name the subject (question words and kind cues removed). */
  subjectTerms: string[];
  /** Whether the question was read as a follow-up of the previous turn. */
  followUp: boolean;
  /** For follow-ups: the first sentence of the previous answer (names the person or programme meant). */
  previousLead?: string;
}

// Patterns run on folded text (lower case, umlauts folded): "Führung" -> "fuhrung".
const AMOUNT_MONEY = /\b(kost\w*|gebuhr\w*|preis\w*|betrag\w*|euro|eur|budget\w*|teilnahmegebuhr\w*|finanzier\w*|gefordert|fordert|foerder\w*|how much|cost\w*|fee\w*|price\w*|funding|funded|funds)\b/;
const AMOUNT_COUNT = /\b(wie ?viele|anzahl\w*|how many|number of)\b/;
const AMOUNT_DURATION = /\b(wie lange|dauer\w*|how long)\b/;
const AMOUNT_ANY = /\b(wie ?viel|wie hoch|how much)\b/;
const DATE = /\b(wann|seit wann|bis wann|laufzeit|zeitraum|datum|termin\w*|when|what date|which date|start date|end date|duration of the project)\b/;
const PLACE = /(^|\b(und|and)\s+)(wo|wohin|where)\b|\b(an welchem ort|in welcher stadt|veranstaltungsort|tagungsort|location|venue|which city)\b/;
const CONTACT =
  /\b(ansprechpartner\w*|ansprechperson\w*|kontakt\w*|erreich\w*|e-?mail\w*|mail-?adresse\w*|telefon\w*|rufnummer\w*|anruf\w*|an wen wende\w*|zustandig\w*|contact\w*|e-?mail|phone|reach|call)\b/;
const WHO = /^(und\s+)?(wer|who)\b/;
const PROVIDER =
  /\b(bietet|anbieter\w*|veranstalte\w*|organisiert|durchgefuhrt|fordert|gefordert|finanziert|tragt|offers?|provides?|runs?|organi[sz]es?|funds?|funded|finances?|sponsors?)\b/;
const LIST =
  /\b(welche|which|list|alle|all|gibt es|are there|is there)\b.*\b(projekte|angebote|programme|kurse|veranstaltungen|formate|seminare|schulungen|module|fortbildungen|weiterbildungen|lehrgange|workshops|qualifizierungsangebote|projects|offers|programmes|programs|courses|events|trainings|formats|modules|seminars)\b/;
const EMAIL_FOCUS = /\b(e-?mail\w*|mail-?adresse\w*|mail|email address)\b/;
const PHONE_FOCUS = /\b(telefon\w*|rufnummer\w*|nummer|anruf\w*|phone|call|telephone)\b/;
const REACH_FOCUS = /\b(erreich\w*|kontaktdaten|kontaktieren|reach|contact details|get in touch)\b/;

/** Words that only say what kind of fact is asked; they do not name the subject. */
const CUE_TERMS = new Set(
  analyze(
    'Ansprechpartner Ansprechpartnerin Ansprechperson Kontakt Kontaktperson Kontaktdaten erreichen erreiche E-Mail E-Mail-Adresse Mail Adresse Telefon Telefonnummer Nummer Rufnummer anrufen wende wenden zuständig Frage ' +
      'wann Datum Termin Zeitraum stattfinden statt findet fand beginnt startet endet ' +
      'Ort stattfand ' +
      'viele viel hoch Anzahl Betrag Kosten kostet Preis Gebühr ' +
      'welche welcher welches gibt Information Informationen erfahre sagen nennen Zielgruppe ' +
      // Words for the documents themselves name no subject ("in der Präsentation", "laut Folie").
      'Präsentation Präsentationen Folie Folien Dokument Dokumente Unterlagen Vortrag Seite Artikel Meldung Text ' +
      'contact person email address phone number reach call when date where location place how many much cost costs fee price who what which tell give information find offer presentation slides document',
  ),
);

/** Common English domain words mapped to the German words the documents use. */
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

function translateEnglish(question: string): string {
  return question.replace(/[A-Za-z]+/g, (word) => ENGLISH_TO_GERMAN[word.toLowerCase()] ?? word);
}

export function detectKind(question: string): QuestionKind {
  const folded = foldGerman(question);
  // "Wer fördert / veranstaltet …?" asks for an organisation, not for a sum or a contact person.
  if (WHO.test(folded) && PROVIDER.test(folded)) return 'offer';
  if (AMOUNT_COUNT.test(folded) || AMOUNT_DURATION.test(folded) || AMOUNT_ANY.test(folded)) return 'amount';
  if (AMOUNT_MONEY.test(folded) && !DATE.test(folded)) return 'amount';
  if (DATE.test(folded)) return 'date';
  if (PLACE.test(folded)) return 'place';
  if (CONTACT.test(folded)) return 'contact';
  if (WHO.test(folded) && !PROVIDER.test(folded)) return 'contact';
  if (LIST.test(folded)) return 'list';
  if (PROVIDER.test(folded) || /\b(was ist|was sind|worum|what is|what are)\b/.test(folded)) return 'offer';
  return 'general';
}

function detectContactFocus(folded: string): ContactFocus {
  const email = EMAIL_FOCUS.test(folded);
  const phone = PHONE_FOCUS.test(folded);
  if (email && !phone) return 'email';
  if (phone && !email) return 'phone';
  if (email || phone || REACH_FOCUS.test(folded)) return 'reach';
  return 'who';
}

function detectAmountFocus(folded: string): AmountFocus {
  if (AMOUNT_COUNT.test(folded)) return 'count';
  if (AMOUNT_DURATION.test(folded)) return 'duration';
  if (AMOUNT_MONEY.test(folded)) return 'money';
  return 'any';
}

/** A follow-up leans on the previous turn: it opens with "und"/"and", uses a pronoun, or names no subject. */
function looksLikeFollowUp(question: string, subjectTerms: string[]): boolean {
  const folded = foldGerman(question).trim();
  if (/^(und|and|what about|und was|und wie|und wann|und wo|und wer|auch)\b/.test(folded)) return true;
  if (/\b(er|sie|ihn|ihm|ihr|ihre|ihrer|seine|seiner|dort|dafur|dazu|davon|dessen|deren|diese[mnrs]?|he|she|him|her|his|it|its|they|them|their|there)\b/.test(folded))
    return true;
  return subjectTerms.length === 0;
}

/** The text of the latest turn by `role`. */
function lastTurn(history: readonly ConversationTurn[], role: ConversationTurn['role']): string | undefined {
  return history.findLast((turn) => turn.role === role)?.text;
}

/**
 * The subject of a German question is named by its nouns and names, which German capitalises
 * ("Welche Methoden lernen die Teilnehmenden der #digitaljourney kennen?" -> Methoden, Teilnehmenden,
 * digitaljourney). Verbs stay out: "lernen … kennen" must not fail against "kennenlernen". Hashtags and
 * words with digits count as names. English capitalises no nouns, so there every content word counts.
 */
export function subjectTermsOf(question: string, language: Language = 'de'): string[] {
  if (language === 'en') return [...new Set(analyze(question).filter((term) => !CUE_TERMS.has(term)))];
  const words = question.match(/#?[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
  const named = words.filter((word, i) => i > 0 && (/^#|\d/.test(word) || /^\p{Lu}/u.test(word)));
  const source = named.length > 0 ? named.join(' ') : question;
  return [...new Set(analyze(source).filter((term) => !CUE_TERMS.has(term)))];
}

export function analyzeQuestion(request: AnswerRequest): QuestionDetails {
  const original = request.question.trim();
  const language: Language = detectLanguage(original);
  const searchable = language === 'en' ? `${original} ${translateEnglish(original)}` : original;
  let subjectTerms = subjectTermsOf(language === 'en' ? translateEnglish(original) : original, language);
  const history = request.history ?? [];
  let standalone = searchable;
  let followUp = false;
  let previousLead: string | undefined;
  const kind = detectKind(original);
  if (history.length > 0 && looksLikeFollowUp(original, subjectTerms)) {
    const previous = lastTurn(history, 'user');
    if (previous) {
      followUp = true;
      // The previous answer names the person or programme meant; its first sentence carries it.
      const answerLead = (lastTurn(history, 'assistant') ?? '').replace(/\[\d+\]/g, '').split(/(?<=[.!?])\s/)[0] ?? '';
      standalone = `${searchable} ${previous} ${answerLead}`.trim();
      subjectTerms = [...new Set([...subjectTerms, ...subjectTermsOf(previous, detectLanguage(previous))])];
      previousLead = answerLead;
    }
  }
  const folded = foldGerman(original);
  return {
    original,
    standalone,
    language,
    kind,
    contactFocus: detectContactFocus(folded),
    amountFocus: detectAmountFocus(folded),
    subjectTerms,
    followUp,
    previousLead,
  };
}

/**
 * Words that ask the same thing in other words. A question says "Wann endet …?", the slide says
 * "Laufzeit: … bis …"; a question says "Was kostet …?", the page says "Teilnahmegebühr".
 */
const PREDICATE_SYNONYMS: string[][] = [
  ['endet', 'enden', 'Ende', 'Laufzeit', 'Abschluss', 'beendet', 'läuft', 'until', 'ends'],
  ['beginnt', 'startet', 'Start', 'Beginn', 'gestartet', 'Auftakt', 'Anfang', 'begann', 'Laufzeit', 'starts', 'begins'],
  ['gegründet', 'Gründung', 'founded'],
  ['kostet', 'Kosten', 'Gebühr', 'Teilnahmegebühr', 'Preis', 'Entgelt', 'kostenfrei', 'kostenlos', 'Euro', 'cost', 'fee', 'price'],
  ['teilgenommen', 'teilnehmen', 'Teilnehmende', 'Teilnehmer', 'Teilnahme', 'participants', 'participated'],
  ['stattfinden', 'findet', 'fand', 'statt', 'stattfand', 'Veranstaltungsort', 'Ort', 'held', 'takes'],
  ['dauert', 'Dauer', 'Tage', 'Stunden', 'Wochen', 'Monate', 'eintägig', 'zweitägig', 'mehrtägig', 'lasts', 'duration'],
  ['fördert', 'Förderung', 'gefördert', 'finanziert', 'Finanzierung', 'funds', 'funding'],
  ['leitet', 'Leitung', 'Leiter', 'Projektleiter', 'Projektleitung', 'leads', 'head'],
  ['anmelden', 'Anmeldung', 'Registrierung', 'registrieren', 'register', 'registration'],
  ['Zielgruppe', 'richtet', 'Teilnehmende', 'Teilnehmer', 'Führungskräfte', 'Beschäftigte', 'Mitarbeitende', 'audience', 'target'],
];
const SYNONYM_GROUPS: Set<string>[] = PREDICATE_SYNONYMS.map((group) => new Set(analyze(group.join(' '))));

/** For each asked term that belongs to a synonym group: the other words that ask the same. */
export function predicateAlternatives(terms: readonly string[]): Map<string, string[]> {
  const alternatives = new Map<string, string[]>();
  for (const term of terms) {
    const group = SYNONYM_GROUPS.find((g) => g.has(term));
    if (group) alternatives.set(term, [...group].filter((other) => other !== term));
  }
  return alternatives;
}

import type { DocumentFormat, LoadedDocument } from '../core/types.ts';

/**
 * Deterministic German-like synthetic programme descriptions for the benchmarks. Each generated
 * programme is one document with four sections (overview, dates and place, costs, contact) and
 * planted facts: a unique programme name, a contact person with phone and e-mail, a start date,
 * a place and a fee. The same seed always yields the same corpus, so numbers are comparable
 * between runs and machines.
 */

/** mulberry32: tiny, fast, good enough spread for test data; not for anything security-related. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

type Gender = 'm' | 'f' | 'n';
const PROGRAMME_KINDS: ReadonlyArray<[string, Gender]> = [
  ['Qualifizierungsprogramm', 'n'], ['Fortbildungsreihe', 'f'], ['Lernpfad', 'm'], ['Werkstatt', 'f'], ['Akademie', 'f'],
  ['Masterclass', 'f'], ['Praxislabor', 'n'], ['Coaching-Programm', 'n'], ['Netzwerkreihe', 'f'], ['Zertifikatskurs', 'm'],
  ['Workshopreihe', 'f'], ['Führungskräfteprogramm', 'n'], ['Transformationsforum', 'n'], ['Lernreise', 'f'],
  ['Kompetenzoffensive', 'f'], ['Studiengang', 'm'],
];
/** Articles by case, so questions and texts read like German ("zur Lernreise", "für den Lernpfad"). */
const ARTICLES: Record<Gender, { nom: string; acc: string; dat: string; zu: string; an: string }> = {
  m: { nom: 'der', acc: 'den', dat: 'dem', zu: 'zum', an: 'am' },
  f: { nom: 'die', acc: 'die', dat: 'der', zu: 'zur', an: 'an der' },
  n: { nom: 'das', acc: 'das', dat: 'dem', zu: 'zum', an: 'am' },
};
const SYLLABLES_A = ['Lin', 'Wes', 'Kor', 'Tal', 'Bren', 'Sol', 'Mar', 'Fal', 'Ost', 'Rhe', 'Hav', 'Eld', 'Nor', 'Sel', 'Ber', 'Dor', 'Gal', 'Ilm', 'Kas', 'Lor', 'Mel', 'Neb', 'Pra', 'Quin', 'Ros', 'Sta', 'Tor', 'Ul', 'Ves', 'Wal'];
const SYLLABLES_B = ['de', 'ma', 'ri', 'no', 'ka', 've', 'li', 'to', 'sa', 'ne', 'ru', 'go', 'fi', 'la', 'mo', 'pe', 'di', 'ba', 'ze', 'ho', 'mi', 'ta', 'su', 'ko', 'wi', 're', 'lu', 'na', 'gi', 'fe'];
const SYLLABLES_C = ['nau', 'rik', 'stein', 'feld', 'mark', 'wald', 'horn', 'burg', 'tal', 'dorf', 'quell', 'see', 'berg', 'hain', 'brück', 'lund', 'mor', 'ven', 'dal', 'sund', 'rath', 'wik', 'haven', 'ling', 'gard', 'hof', 'mund', 'strand', 'au', 'heim'];
const TOPICS = [
  'digitale Kompetenzen', 'agiles Arbeiten', 'Datenkompetenz', 'Führung im Wandel', 'Prozessmanagement', 'E-Akte und Records Management',
  'künstliche Intelligenz in der Verwaltung', 'Projektmanagement', 'Nutzerzentrierung', 'Onlinezugangsgesetz', 'Change Management',
  'Informationssicherheit', 'Wissensmanagement', 'Open Data', 'barrierefreie Kommunikation', 'Registermodernisierung',
];
const TARGET_GROUPS = [
  'Beschäftigte der Bundesverwaltung', 'Führungskräfte der Landesverwaltung', 'Nachwuchskräfte im höheren Dienst', 'Mitarbeitende kommunaler Verwaltungen',
  'Projektleitungen in Ministerien', 'Personalverantwortliche', 'IT-Koordinatorinnen und IT-Koordinatoren', 'Quereinsteigende im öffentlichen Dienst',
];
/** [name, genitive phrase] of the organisation running a programme. */
const PROVIDERS: ReadonlyArray<[string, string]> = [
  ['Bundesakademie für öffentliche Verwaltung', 'der Bundesakademie für öffentliche Verwaltung'],
  ['Landesamt für Aus- und Fortbildung', 'des Landesamts für Aus- und Fortbildung'],
  ['Kommunale Verwaltungsschule', 'der Kommunalen Verwaltungsschule'],
  ['Zentrum für Verwaltungsmodernisierung', 'des Zentrums für Verwaltungsmodernisierung'],
  ['Hochschule für den öffentlichen Dienst', 'der Hochschule für den öffentlichen Dienst'],
  ['Senatorin für Finanzen', 'der Senatorin für Finanzen'],
  ['Staatskanzlei', 'der Staatskanzlei'],
  ['Innovationslabor der Landesverwaltung', 'des Innovationslabors der Landesverwaltung'],
];
const FIRST_NAMES = ['Anna', 'Christine', 'Jan-Ole', 'Marvin', 'Udo', 'Katrin', 'Sabine', 'Thomas', 'Miriam', 'Lukas', 'Petra', 'Stefan', 'Julia', 'Henrik', 'Aylin', 'Jörg', 'Birgit', 'Tobias', 'Friederike', 'Mehmet', 'Claudia', 'Ralf', 'Svenja', 'Dirk', 'Ines', 'Matthias', 'Nadine', 'Oliver', 'Greta', 'Frank'];
const LAST_NAMES = ['Schröder', 'Baldauf', 'Heyder', 'Beyer', 'Müller', 'Schmidt', 'Krüger', 'Hoffmann', 'Wagner', 'Becker', 'Schulz', 'Neumann', 'Zimmermann', 'Braun', 'Hartmann', 'Lange', 'Werner', 'Köhler', 'Lehmann', 'Yılmaz', 'Vogel', 'Friedrich', 'Scholz', 'Engel', 'Albrecht', 'Böhm', 'Kaiser', 'Fuchs', 'Jäger', 'Weiß'];
const HONORIFICS = ['', '', '', 'Dr. ', 'Prof. Dr. '];
const ROLES = ['Referentin', 'Referent', 'Projektleitung', 'Programmkoordination', 'Sachgebietsleitung', 'Teamleitung Fortbildung'];
const CITIES: ReadonlyArray<{ city: string; area: string; domain: string }> = [
  { city: 'Berlin', area: '30', domain: 'berlin.de' }, { city: 'Bremen', area: '421', domain: 'bremen.de' },
  { city: 'Hamburg', area: '40', domain: 'hamburg.de' }, { city: 'München', area: '89', domain: 'bayern.de' },
  { city: 'Köln', area: '221', domain: 'nrw.de' }, { city: 'Dresden', area: '351', domain: 'sachsen.de' },
  { city: 'Hannover', area: '511', domain: 'niedersachsen.de' }, { city: 'Mainz', area: '6131', domain: 'rlp.de' },
  { city: 'Erfurt', area: '361', domain: 'thueringen.de' }, { city: 'Kiel', area: '431', domain: 'schleswig-holstein.de' },
  { city: 'Potsdam', area: '331', domain: 'brandenburg.de' }, { city: 'Stuttgart', area: '711', domain: 'bwl.de' },
];
const STREETS = ['Am Wall', 'Hauptstraße', 'Rudolf-Hilferding-Platz', 'Schlossallee', 'Lindenstraße', 'Am Markt', 'Bahnhofstraße', 'Neue Promenade'];
const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const FORMATS = ['in Präsenz', 'online über eine Videokonferenz', 'im Blended-Learning-Format', 'hybrid mit Präsenz- und Onlinephasen'];

/** Filler sentences in the register of administrative programme descriptions; {t} = topic, {g} = target group. */
const FILLER = [
  'Das Angebot richtet sich an {g} und vermittelt praxisnahe Kenntnisse zum Thema {t}.',
  'Im Mittelpunkt stehen der Austausch zwischen den Behörden und die Übertragung auf den eigenen Arbeitsalltag.',
  'Die Teilnehmenden erarbeiten in Kleingruppen Lösungen für konkrete Fragestellungen aus ihren Dienststellen.',
  'Zwischen den Modulen unterstützen Lernbegleiterinnen und Lernbegleiter bei der Umsetzung.',
  'Die Inhalte bauen auf den Erfahrungen früherer Durchgänge auf und werden laufend weiterentwickelt.',
  'Ein Schwerpunkt liegt auf {t}, ergänzt durch Impulse aus Wissenschaft und Praxis.',
  'Vorkenntnisse sind nicht erforderlich; eine Freistellung durch die Dienststelle wird empfohlen.',
  'Nach erfolgreichem Abschluss erhalten die Teilnehmenden eine Teilnahmebescheinigung.',
  'Die Veranstaltung ist als Fortbildung im Sinne der Laufbahnverordnung anerkannt.',
  'Die Gruppen sind bewusst klein gehalten, damit ausreichend Zeit für Fragen bleibt.',
  'Die Auswahl erfolgt nach Eingang der Anmeldungen und unter Berücksichtigung der Ressortverteilung.',
  'Die Module können auch einzeln belegt werden, sofern Plätze frei sind.',
];

export interface PlantedFact {
  kind: 'contact' | 'phone' | 'email' | 'date' | 'place' | 'amount';
  programme: string;
  /** A natural German question about the fact. */
  question: string;
  /** The fact as written in the document; an answer or chunk "has" the fact when it contains this. */
  expected: string;
  /** Which section (0-based) of the document states it. */
  section: number;
}

export interface GeneratedSection {
  heading: string;
  text: string;
}

export interface GeneratedDocument {
  /** File name relative to the documents folder. */
  source: string;
  title: string;
  programme: string;
  sections: GeneratedSection[];
  facts: PlantedFact[];
}

export interface CorpusOptions {
  documents: number;
  seed: number;
  /** Filler sentences per section: more makes longer chunks (each section stays one chunk below ~1,200 characters). */
  fillerSentences?: number;
}

function programmeNames(random: Random): () => { name: string; gender: Gender } {
  const used = new Set<string>();
  return () => {
    const coined = `${pick(random, SYLLABLES_A)}${pick(random, SYLLABLES_B)}${pick(random, SYLLABLES_C)}`;
    const [kind, gender] = pick(random, PROGRAMME_KINDS);
    const name = `${kind} ${coined}`;
    // Collisions get a numbered edition instead of a re-draw, so generation never stalls on large corpora.
    let candidate = name;
    for (let edition = 2; used.has(candidate); edition++) candidate = `${name} ${edition}`;
    used.add(candidate);
    return { name: candidate, gender };
  };
}

function filler(random: Random, count: number, topic: string, group: string): string {
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) sentences.push(pick(random, FILLER).replace('{t}', topic).replace('{g}', group));
  return sentences.join(' ');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/ı/g, 'i')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function formatAmount(value: number): string {
  return value.toLocaleString('de-DE');
}

/** One programme document with its planted facts; `index` makes phone numbers and file names unique. */
function generateDocument(random: Random, nextName: ReturnType<typeof programmeNames>, index: number, fillerSentences: number): GeneratedDocument {
  const { name: programme, gender } = nextName();
  const article = ARTICLES[gender];
  const topic = pick(random, TOPICS);
  const group = pick(random, TARGET_GROUPS);
  const [provider, providerGenitive] = pick(random, PROVIDERS);
  const where = pick(random, CITIES);
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const person = `${pick(random, HONORIFICS)}${first} ${last}`;
  const role = pick(random, ROLES);
  const phone = `+49 ${where.area} ${int(random, 100, 999)} ${String(10000 + (index % 90000)).padStart(5, '0')}`;
  const email = `${slug(first)}.${slug(last)}@${slug(programme.split(' ').slice(-1)[0]!)}.${where.domain}`;
  const year = int(random, 2024, 2027);
  const month = int(random, 1, 12);
  const day = int(random, 1, 28);
  const startDate = `${day}. ${MONTHS[month - 1]} ${year}`;
  const endDate = `${int(random, 1, 28)}. ${MONTHS[(month + int(random, 1, 5)) % 12]} ${month + 5 > 12 ? year + 1 : year}`;
  const fee = int(random, 3, 60) * 50;
  const fee2 = formatAmount(fee);
  const seats = int(random, 12, 40);
  const street = `${pick(random, STREETS)} ${int(random, 1, 120)}`;
  const format = pick(random, FORMATS);

  const sections: GeneratedSection[] = [
    {
      heading: programme,
      text: `${programme}: ${topic}\n\n${capitalize(article.nom)} ${programme} ${providerGenitive} unterstützt ${group} beim Thema ${topic}. ${filler(random, fillerSentences, topic, group)}`,
    },
    {
      heading: 'Termine und Veranstaltungsort',
      text: `Der nächste Durchgang beginnt am ${startDate} und endet am ${endDate}. Die Veranstaltung findet ${format} in ${where.city}, ${street}, statt. ${filler(random, fillerSentences, topic, group)}`,
    },
    {
      heading: 'Kosten und Anmeldung',
      text: `Die Teilnahmegebühr beträgt ${fee2} Euro pro Person. Es stehen ${seats} Plätze zur Verfügung. Die Anmeldung erfolgt über die Fortbildungsbeauftragten der Dienststelle. ${filler(random, fillerSentences, topic, group)}`,
    },
    // Two layouts seen in real material: a sentence in running text, and a slide-style contact block.
    index % 2 === 0
      ? {
          heading: 'Ansprechpartner',
          text: `Für Fragen ${article.zu} ${programme} steht Ihnen ${person} (${role}, ${provider}) zur Verfügung.\nTelefon: ${phone}\nE-Mail: ${email}`,
        }
      : {
          heading: `Kontakt ${article.zu} ${programme}`,
          text: `Ansprechperson\n${person}\n${role}\n${provider}\nTel.: ${phone}\nE-Mail: ${email}`,
        },
  ];
  const facts: PlantedFact[] = [
    { kind: 'date', programme, question: `Wann beginnt ${article.nom} ${programme}?`, expected: startDate, section: 1 },
    { kind: 'place', programme, question: `Wo findet ${article.nom} ${programme} statt?`, expected: where.city, section: 1 },
    { kind: 'amount', programme, question: `Was kostet die Teilnahme ${article.an} ${programme}?`, expected: `${fee2} Euro`, section: 2 },
    { kind: 'contact', programme, question: `Wer ist Ansprechpartner für ${article.acc} ${programme}?`, expected: `${first} ${last}`, section: 3 },
    { kind: 'phone', programme, question: `Welche Telefonnummer hat die Ansprechperson für ${article.acc} ${programme}?`, expected: phone, section: 3 },
    { kind: 'email', programme, question: `Welche E-Mail-Adresse hat die Kontaktperson ${article.zu} ${programme}?`, expected: email, section: 3 },
  ];
  return { source: `programme-${String(index).padStart(6, '0')}-${slug(programme)}`, title: programme, programme, sections, facts };
}

/** Generates `documents` programme documents; the same options always give the same corpus. */
export function generateCorpus(options: CorpusOptions): GeneratedDocument[] {
  const random = createRandom(options.seed);
  const nextName = programmeNames(random);
  const fillerSentences = options.fillerSentences ?? 3;
  const documents: GeneratedDocument[] = [];
  for (let i = 0; i < options.documents; i++) documents.push(generateDocument(random, nextName, i, fillerSentences));
  return documents;
}

/** Sections per generated document: one chunk each, so chunks = documents × this. */
export const SECTIONS_PER_DOCUMENT = 4;

/**
 * The document as a loader would return it, for building indexes straight from generated text.
 * `format` decides the locator: pages for 'pdf', headed sections otherwise.
 */
export function toLoadedDocument(document: GeneratedDocument, format: DocumentFormat, extension = extensionOf(format)): LoadedDocument {
  return {
    source: `${document.source}.${extension}`,
    title: document.title,
    format,
    sections: document.sections.map((section, i) => ({
      locator: format === 'pdf' || format === 'pptx'
        ? { kind: format === 'pdf' ? 'page' : 'slide', number: i + 1, label: `${format === 'pdf' ? 'Seite' : 'Folie'} ${i + 1}` }
        : { kind: 'section', label: section.heading },
      heading: section.heading,
      text: section.text,
    })),
  };
}

export function extensionOf(format: DocumentFormat): string {
  switch (format) {
    case 'markdown':
      return 'md';
    case 'text':
      return 'txt';
    default:
      return format;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderMarkdown(document: GeneratedDocument): string {
  const parts = [`# ${document.title}`];
  for (const section of document.sections.slice(1)) parts.push(`## ${section.heading}\n\n${section.text}`);
  return `${parts[0]}\n\n${document.sections[0]!.text}\n\n${parts.slice(1).join('\n\n')}\n`;
}

export function renderHtml(document: GeneratedDocument): string {
  const body = document.sections
    .map((section, i) => {
      const paragraphs = section.text
        .split(/\n\n/)
        .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
        .join('\n');
      return i === 0 ? paragraphs : `<h2>${escapeHtml(section.heading)}</h2>\n${paragraphs}`;
    })
    .join('\n');
  return `<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(document.title)}</title></head>\n<body><nav><a href="/">Startseite</a></nav><main><h1>${escapeHtml(document.title)}</h1>\n${body}\n</main><footer>Impressum</footer></body></html>\n`;
}

export function renderText(document: GeneratedDocument): string {
  return `${document.title}\n\n${document.sections.map((s, i) => (i === 0 ? s.text : `${s.heading}\n\n${s.text}`)).join('\n\n')}\n`;
}

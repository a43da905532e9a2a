/**
 * German words for an English question word, so that English questions meet German documents. This short
 * list is the fallback; a dictionary (see englishLexicon) replaces it where installed.
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

export function englishToGerman(word: string): string[] {
  const lower = word.toLowerCase();
  const german = ENGLISH_TO_GERMAN[lower] ?? ENGLISH_TO_GERMAN[lower.replace(/s$/, '')];
  return german ? [german] : [];
}

import { analyze } from '../../text/germanText.ts';

/**
 * Words that ask the same thing in other words. A question says "Wann endet …?", the slide says
 * "Laufzeit: … bis …"; a question says "Was kostet …?", the page says "Teilnahmegebühr".
 */
const GROUPS: string[][] = [
  ['endet', 'enden', 'Ende', 'Laufzeit', 'Abschluss', 'beendet', 'läuft', 'until', 'ends'],
  ['beginnt', 'startet', 'Start', 'Beginn', 'gestartet', 'Auftakt', 'Anfang', 'begann', 'Laufzeit', 'starts', 'begins'],
  ['gegründet', 'Gründung', 'Gründungsjahr', 'founded'],
  ['kostet', 'Kosten', 'Gebühr', 'Teilnahmegebühr', 'Preis', 'Entgelt', 'kostenfrei', 'kostenlos', 'Euro', 'cost', 'fee', 'price'],
  ['teilgenommen', 'teilnehmen', 'Teilnehmende', 'Teilnehmer', 'Teilnahme', 'participants', 'participated'],
  // "Wie viele Personen …?" counts people, whatever the page calls them ("80 Teilnehmende", "17 Fach- und Führungskräfte").
  ['Personen', 'Leute', 'Menschen', 'Teilnehmende', 'Teilnehmer', 'Kräfte', 'people', 'persons'],
  ['stattfinden', 'findet', 'fand', 'statt', 'stattfand', 'Veranstaltungsort', 'Ort', 'held', 'takes'],
  ['dauert', 'Dauer', 'lasts', 'duration'],
  ['fördert', 'Förderung', 'gefördert', 'finanziert', 'Finanzierung', 'Zuschuss', 'funds', 'funding'],
  ['leitet', 'Leitung', 'Leiter', 'Projektleiter', 'Projektleitung', 'leads', 'head'],
  ['anmelden', 'Anmeldung', 'Registrierung', 'registrieren', 'Teilnahmeanfrage', 'buchen', 'Buchung', 'register', 'registration'],
  ['bewerben', 'Bewerbung', 'Bewerbungsfrist', 'einreichen', 'Antrag', 'apply', 'application'],
  ['Zielgruppe', 'richtet', 'audience', 'target'],
  ['Ermäßigung', 'ermäßigt', 'Rabatt', 'Nachlass', 'Erlass', 'Vergünstigung', 'discount', 'reduction'],
  ['Voraussetzung', 'Voraussetzungen', 'Zulassungsvoraussetzung', 'Zugangsvoraussetzung', 'Zulassung', 'requirements', 'admission'],
];

const BY_TERM = new Map<string, Set<string>>();
for (const group of GROUPS) {
  const terms = new Set(analyze(group.join(' ')));
  for (const term of terms) BY_TERM.set(term, new Set([...(BY_TERM.get(term) ?? []), ...terms]));
}

/** Other stems that ask the same as `term`. */
export function synonymsOf(term: string): string[] {
  const group = BY_TERM.get(term);
  return group ? [...group].filter((other) => other !== term) : [];
}

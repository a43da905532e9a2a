import { describe, expect, it } from 'vitest';
import { extractAmounts } from '../../core/facts/extractAmounts.ts';
import { parseGermanNumber } from '../../core/facts/germanNumbers.ts';

const facts = (text: string) => extractAmounts(text).map(({ context: _context, ...f }) => f);

describe('parseGermanNumber', () => {
  it.each([
    ['250.000', 250000],
    ['1.500,-', 1500],
    ['1,2', 1.2],
    ['1.234.567,89', 1234567.89],
    ['17', 17],
  ])('%s -> %d', (written, value) => {
    expect(parseGermanNumber(written)).toBe(value);
  });

  it('refuses malformed numbers', () => {
    expect(parseGermanNumber('25.00')).toBeUndefined();
  });
});

describe('extractAmounts: money', () => {
  it.each([
    ['Das Land fördert das Projekt mit insgesamt 250.000 Euro.', 'insgesamt 250.000 Euro', 250000],
    ['Kosten: 250.000 €', '250.000 €', 250000],
    ['Gebühr: EUR 1.500,- pro Person', 'EUR 1.500,-', 1500],
    ['Budget von 1,2 Mio. Euro', '1,2 Mio. Euro', 1200000],
    ['Teilnahmegebühr 95,50 EUR zzgl. MwSt.', '95,50 EUR', 95.5],
  ])('%s', (text, written, value) => {
    expect(facts(text)).toEqual([{ kind: 'money', text: written, value, unit: 'Euro' }]);
  });

  it('reads Swiss francs as Swiss texts write them, and "Fr." before a date as a weekday', () => {
    expect(facts("Dieses Formular wird verwendet, wenn die Kostenbeteiligung über Fr. 5'000.00 liegt.")).toEqual([{ kind: 'money', text: "Fr. 5'000.00", value: 5000, unit: 'CHF' }]);
    expect(facts("Die Kurskosten betragen CHF 1'250.– pro Person.")).toEqual([{ kind: 'money', text: "CHF 1'250.–", value: 1250, unit: 'CHF' }]);
    expect(facts('Kosten: 450 Franken')).toEqual([{ kind: 'money', text: '450 Franken', value: 450, unit: 'CHF' }]);
    expect(facts('Der Kurs beginnt am Fr. 12.03. um 9 Uhr.').filter((f) => f.kind === 'money')).toEqual([]);
    expect(facts('Sprechzeiten: Fr. 9 bis 12 Uhr').filter((f) => f.kind === 'money')).toEqual([]);
  });

  it('reads sums with a dash for the cents after a comma or a full stop ("90,- €", "150.- EUR")', () => {
    expect(facts('Der Beitrag beträgt 150.- EUR, ermäßigt 90,- €.').map((f) => f.text)).toEqual(['150.- EUR', '90,- €']);
  });

  it('reads sums with a number word before the multiplier, and English sums in euros', () => {
    expect(facts('Das Programm unterstützt Projekte mit insgesamt einer Million Euro.')).toEqual([
      { kind: 'money', text: 'insgesamt einer Million Euro', value: 1_000_000, unit: 'Euro' },
    ]);
    expect(facts('a monthly grant of 2,170 euros or 2,770.50 euros').map((f) => [f.text, f.value])).toEqual([
      ['2,170 euros', 2170],
      ['2,770.50 euros', 2770.5],
    ]);
    // German decimals keep their meaning.
    expect(facts('Die Kopie kostet 2,50 Euro.').map((f) => f.value)).toEqual([2.5]);
  });

  it('reads "kostenfrei" and its synonyms as cost 0 and keeps the sentence', () => {
    const found = extractAmounts('Die Teilnahme ist kostenfrei. Das Material ist gebührenfrei, die Anreise kostenlos.');
    expect(found.map((f) => [f.kind, f.text, f.value])).toEqual([
      ['money', 'kostenfrei', 0],
      ['money', 'gebührenfrei', 0],
      ['money', 'kostenlos', 0],
    ]);
    expect(found[0]!.context).toBe('Die Teilnahme ist kostenfrei.');
  });
});

describe('extractAmounts: counts', () => {
  it('counts people with elided compounds and adjectives', () => {
    expect(facts('17 Fach- und Führungskräfte, Projektverantwortliche sowie Digitalisierungsbeauftragte')).toEqual([
      { kind: 'count', text: '17 Fach- und Führungskräfte', value: 17, unit: 'Fach- und Führungskräfte' },
    ]);
    expect(facts('Am 25. April 2024 trafen sich rund 30 Transformationstreiberinnen und -treiber der Ressorts')).toEqual([
      {
        kind: 'count',
        text: 'rund 30 Transformationstreiberinnen und -treiber',
        value: 30,
        unit: 'Transformationstreiberinnen und -treiber',
      },
    ]);
    expect(facts('Sie bringt 15 oberste Führungskräfte aus 15 Behörden zusammen.')).toEqual([
      { kind: 'count', text: '15 oberste Führungskräfte', value: 15, unit: 'Führungskräfte' },
      { kind: 'count', text: '15 Behörden', value: 15, unit: 'Behörden' },
    ]);
  });

  it('counts with number words, but not the article "ein" and not durations', () => {
    expect(facts('Hier gibst du bis zu zehn Wunschausbildungsstellen an. Drei Kreise kooperieren, ein Landkreis fehlt. Zwei Jahre lang.')).toEqual([
      { kind: 'count', text: 'bis zu zehn Wunschausbildungsstellen', value: 10, unit: 'Wunschausbildungsstellen' },
      { kind: 'count', text: 'Drei Kreise', value: 3, unit: 'Kreise' },
      { kind: 'duration', text: 'Zwei Jahre', value: 2, unit: 'Jahre' },
    ]);
  });

  it('counts in English text with lower-case plurals, but not in German text', () => {
    expect(facts('The Federal Administration trains in more than 130 different training occupations.')).toEqual([
      { kind: 'count', text: 'more than 130 different training occupations', value: 130, unit: 'different training occupations' },
    ]);
    expect(facts('In 2023, the programme had 18 participants and lasted 6 months.').map((f) => `${f.kind}:${f.text}`)).toEqual([
      'count:18 participants',
      'duration:6 months',
    ]);
    // German text is left to the German rules: "5 links" is no count there.
    expect(facts('Die Seite nennt 5 links und die Kontakte.')).toEqual([]);
  });

  it('applies multipliers and reads percentages', () => {
    expect(facts('Bis 2030 scheiden mehr als 1,2 Millionen Beschäftigte aus. Das sind knapp 60 Prozent aller Stellen, also 60 %.')).toEqual([
      { kind: 'count', text: 'mehr als 1,2 Millionen Beschäftigte', value: 1200000, unit: 'Beschäftigte' },
      { kind: 'percent', text: 'knapp 60 Prozent', value: 60, unit: '%' },
      { kind: 'percent', text: '60 %', value: 60, unit: '%' },
    ]);
  });

  it('counts a year-like number that a qualifier marks as a count', () => {
    expect(facts('Nahezu 2000 Bewerbungen sind eingegangen.')).toEqual([{ kind: 'count', text: 'Nahezu 2000 Bewerbungen', value: 2000, unit: 'Bewerbungen' }]);
    expect(facts('Im Jahr 2020 Verstetigung des Programms.')).toEqual([]);
  });

  it('finds a count right after a year that is no count ("2020 absolvieren sieben Trainees")', () => {
    expect(facts('2020 absolvieren sieben Trainees die Ausbildung.')).toEqual([{ kind: 'count', text: 'sieben Trainees', value: 7, unit: 'Trainees' }]);
  });

  it('counts what a noun on "-zahl" before the number names', () => {
    expect(facts('Die Kongresse waren gut besucht und die Teilnehmerzahl mit ungefähr 200 in Stuttgart erfreulich.')).toEqual([
      { kind: 'count', text: 'ungefähr 200', value: 200, unit: 'Teilnehmer' },
    ]);
    expect(facts('Die Teilnehmerzahl ist auf 20 begrenzt.')).toEqual([{ kind: 'count', text: '20', value: 20, unit: 'Teilnehmer' }]);
    expect(facts('Die Teilnehmerzahl 2019 war hoch.')).toEqual([]);
  });

  it('does not count years, postcodes, labels, dates, phone numbers or list numbers', () => {
    const text =
      'Q3 / 2020 Auftaktveranstaltung. 50667 Köln. Hauptstraße 12 Berlin. Phase 2 Workshops. Am 28. November 2022 in München. Tel. 030 27576-135 Zentrale.\n1\n\nAnalyse der Bedarfe';
    expect(facts(text)).toEqual([]);
  });

  it('skips numbered list items on slides but keeps counts at the start of a line', () => {
    const text = '• 1 Analyse der Kompetenzentwicklung\n• 2 Entwicklung von Strategien\n3 Ableitung von Empfehlungen\n• 15 Teilnehmende pro Kurs';
    expect(facts(text)).toEqual([{ kind: 'count', text: '15 Teilnehmende', value: 15, unit: 'Teilnehmende' }]);
  });
});

describe('extractAmounts: durations', () => {
  it('reads numbers with time units and duration adjectives', () => {
    expect(facts('Dauer: 3 Tage mit 8 Unterrichtsstunden. Das eintägige Seminar, ein 3-tägiges Training und zwei Wochen Praxis.')).toEqual([
      { kind: 'duration', text: '3 Tage', value: 3, unit: 'Tage' },
      { kind: 'duration', text: '8 Unterrichtsstunden', value: 8, unit: 'Unterrichtsstunden' },
      { kind: 'duration', text: 'eintägige', value: 1, unit: 'Tage' },
      { kind: 'duration', text: '3-tägiges', value: 3, unit: 'Tage' },
      { kind: 'duration', text: 'zwei Wochen', value: 2, unit: 'Wochen' },
    ]);
  });

  it('reads whole numbers with fractions and "-einhalb" words', () => {
    expect(facts('Dauer einschl. Prüfung ca. 3 1/2 Jahre, davon dreieinhalb Monate Praxis und 2½ Tage Prüfung.')).toEqual([
      { kind: 'duration', text: 'ca. 3 1/2 Jahre', value: 3.5, unit: 'Jahre' },
      { kind: 'duration', text: 'dreieinhalb Monate', value: 3.5, unit: 'Monate' },
      { kind: 'duration', text: '2½ Tage', value: 2.5, unit: 'Tage' },
    ]);
    // A date written with slashes is no fraction.
    expect(facts('Stand 3 1/2025 Jahre')).not.toContainEqual(expect.objectContaining({ value: 3.5 }));
  });

  it('reads duration adjectives with number words up to the twenties', () => {
    expect(facts('Ziel des elfmonatigen Lehrgangs; ein vierundzwanzigmonatiges Programm.')).toEqual([
      { kind: 'duration', text: 'elfmonatigen', value: 11, unit: 'Monate' },
      { kind: 'duration', text: 'vierundzwanzigmonatiges', value: 24, unit: 'Monate' },
    ]);
  });

  it('reads English durations with digits and number words, in English text only', () => {
    expect(facts('Maternity periods are calculated at one year per child; the course lasts 2 years.')).toEqual([
      { kind: 'duration', text: 'one year', value: 1, unit: 'year' },
      { kind: 'duration', text: '2 years', value: 2, unit: 'years' },
    ]);
    expect(facts('Der Kurs heißt "2 years" und ist neu.').filter((f) => f.kind === 'duration')).toEqual([]);
  });

  it('leaves the article "ein" alone', () => {
    expect(facts('Ein Jahr lang lief das Projekt.')).toEqual([]);
  });
});

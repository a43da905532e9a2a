import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DocumentLoadError } from '../../core/errors.ts';
import { markdownLoader } from '../../ingest/loaders/markdownLoader.ts';
import { textLoader } from '../../ingest/loaders/textLoader.ts';
import { corpusFile, sourceFile } from './fixtures.ts';

describe('markdownLoader', () => {
  const markdown = [
    '---',
    'title: Qualifizierungsoffensive Digitalisierung',
    '---',
    '# Überblick',
    '',
    'Das Programm richtet sich an **alle Beschäftigten**.',
    '',
    '## Termine',
    '',
    '- 12.03.2025: Auftakt in [Berlin](https://example.org/berlin)',
    '- 20.05.2025: Vertiefung',
    '',
    '```',
    '# kein Abschnitt, nur Code',
    '```',
    '',
    'Kosten',
    '------',
    '',
    '| Posten | Betrag |',
    '|--------|-------:|',
    '| Gebühr | 250 €  |',
    '',
    '#### Hinweis',
    'Ermäßigung auf Anfrage.',
  ].join('\n');

  it('splits at #–### and setext headings, with the heading as label', async () => {
    const doc = await markdownLoader.load(sourceFile('programm.md', Buffer.from(markdown)));
    expect(doc.format).toBe('markdown');
    expect(doc.title).toBe('Qualifizierungsoffensive Digitalisierung');
    expect(doc.sections.map((s) => s.locator.label)).toEqual(['Überblick', 'Termine', 'Kosten']);
    expect(doc.sections[0]?.text).toBe('Überblick\n\nDas Programm richtet sich an alle Beschäftigten.');
  });

  it('reduces inline markup to text and keeps link targets, list items, tables and code', async () => {
    const doc = await markdownLoader.load(sourceFile('programm.md', Buffer.from(markdown)));
    const termine = doc.sections[1]?.text ?? '';
    expect(termine).toContain('• 12.03.2025: Auftakt in Berlin (https://example.org/berlin)');
    expect(termine).toContain('# kein Abschnitt, nur Code');
    const kosten = doc.sections[2]?.text ?? '';
    expect(kosten).toContain('Posten | Betrag');
    expect(kosten).toContain('Gebühr | 250 €');
    expect(kosten).not.toContain('---');
    expect(kosten).toContain('Hinweis\n\nErmäßigung auf Anfrage.');
  });

  it('folds a heading without text above a deeper one into the heading path', async () => {
    const md = '# Städteakademie\n\n## Kostenregelung\n\n### Stadt Fürth\n\nKein Teilnahmebeitrag.\n\n### Stadt Erlangen\n\nTagessatz 100 €.\n\n## Kontakt\n\nTelefon 0911 1234.';
    const doc = await markdownLoader.load(sourceFile('akademie.md', Buffer.from(md)));
    expect(doc.sections.map((s) => [s.heading, s.headingPath])).toEqual([
      ['Stadt Fürth', ['Städteakademie', 'Kostenregelung']],
      ['Stadt Erlangen', ['Städteakademie', 'Kostenregelung']],
      ['Kontakt', ['Städteakademie']],
    ]);
  });

  it('writes a table as a paragraph of its own, header first, empty cells kept in their column', async () => {
    const md = [
      '# Lehrgang',
      '',
      'Der Lehrgang umfasst folgende Fächer:',
      '| Fach | Umfang | Prüfung |',
      '|:-----|-------:|---------|',
      '| Methodik der Rechtsanwendung | 20 UE | |',
      '| Kommunales Finanzmanagement | 27 UE | Klausur \\| mündlich |',
      'Die übrigen Stunden entfallen auf die Einführung.',
      '',
      'Ort | Termin',
      '--- | ---',
      'Kiel | 3. März',
    ].join('\n');
    const doc = await markdownLoader.load(sourceFile('lehrgang.md', Buffer.from(md)));
    expect(doc.sections[0]?.text.split('\n\n')).toEqual([
      'Lehrgang',
      'Der Lehrgang umfasst folgende Fächer:',
      'Fach | Umfang | Prüfung\nMethodik der Rechtsanwendung | 20 UE | –\nKommunales Finanzmanagement | 27 UE | Klausur / mündlich',
      'Die übrigen Stunden entfallen auf die Einführung.',
      'Ort | Termin\nKiel | 3. März',
    ]);
  });

  it('takes the first heading as title without front matter', async () => {
    const doc = await markdownLoader.load(sourceFile('x.md', Buffer.from('Vorwort ohne Überschrift.\n\n# Seminarreihe\n\nText.')));
    expect(doc.title).toBe('Seminarreihe');
    expect(doc.sections[0]?.locator.label).toBe('Seminarreihe');
    expect(doc.sections[0]?.text).toBe('Vorwort ohne Überschrift.');
  });
});

describe('textLoader', () => {
  it('loads the corpus note with its first line as title and splits at a standalone heading line', async () => {
    const doc = await textLoader.load(await corpusFile('transformationstreiber.txt'));
    expect(doc.format).toBe('text');
    expect(doc.title).toBe('Transformationstreiberinnen und -treiber der Bundesressorts trafen sich zum Kennenlernen & Vernetzen');
    expect(doc.sections.map((s) => s.heading)).toEqual([undefined, 'Hintergrund']);
    // The dated line is data, not a heading, and stays in the text.
    expect(doc.sections[0]?.text).toContain('Meldung Transformation 15.05.2024');
    expect(doc.sections[0]?.text).toContain('Am 25. April 2024 trafen sich rund 30');
  });

  it('decodes Latin-1 text correctly', async () => {
    const bytes = iconv.encode('Prüfungsordnung für Anwärterinnen\n\nDie Prüfung findet im Frühjahr statt. Größe der Gruppe: 12.', 'latin1');
    expect(bytes.includes(0xfc)).toBe(true);
    const doc = await textLoader.load(sourceFile('pruefung.txt', bytes));
    const text = doc.sections.map((s) => s.text).join('\n');
    expect(text).toContain('Die Prüfung findet im Frühjahr statt.');
    expect(text).toContain('Größe');
    expect(text).not.toContain('\uFFFD');
  });

  it('strips a UTF-8 BOM and reads UTF-16 with BOM', async () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Prüfung\n\nText der Prüfung.')]);
    expect((await textLoader.load(sourceFile('a.txt', utf8))).title).toBe('Prüfung');
    const utf16 = iconv.encode('Prüfung\n\nText der Prüfung.', 'utf-16le', { addBOM: true });
    expect((await textLoader.load(sourceFile('b.txt', utf16))).title).toBe('Prüfung');
  });

  it('keeps a heading-like first line as text and does not split at sentences or data lines', async () => {
    const text = [
      'Hinweise zur Anmeldung',
      '',
      'Bitte melden Sie sich bis zum 1. März an. Die Plätze sind begrenzt.',
      '',
      'Kontakt: info@example.org',
      '',
      'Weitere Informationen folgen per Rundschreiben an alle Dienststellen.',
      '',
      'Organisatorisches',
      '',
      'Die Veranstaltung findet ganztägig im Tagungszentrum statt.',
    ].join('\n');
    const doc = await textLoader.load(sourceFile('anmeldung.txt', Buffer.from(text)));
    expect(doc.sections.map((s) => s.locator.label)).toEqual(['Hinweise zur Anmeldung', 'Organisatorisches']);
    expect(doc.sections[0]?.text.startsWith('Hinweise zur Anmeldung\n\nBitte melden')).toBe(true);
  });

  it('recognises headings underlined with ==== and ----, with their heading path', async () => {
    const text = [
      'Fortbildungsprogramm 2025',
      'Zentrale Fortbildung des Landes',
      '',
      'Lehrgang Verwaltungsführung',
      '===========================',
      '',
      'Der Lehrgang richtet sich an Führungskräfte der Landesverwaltung.',
      '',
      'Kosten',
      '------',
      'Die Teilnahme kostet 450 Euro je Person.',
      '',
      'Anmeldung',
      '---------',
      '',
      'Anmeldungen bis zum 1. März 2025 an fortbildung@example.org.',
    ].join('\n');
    const doc = await textLoader.load(sourceFile('programm.txt', Buffer.from(text)));
    expect(doc.title).toBe('Fortbildungsprogramm 2025');
    expect(doc.sections.map((s) => [s.locator.label, s.headingPath ?? []])).toEqual([
      ['Fortbildungsprogramm 2025', []],
      ['Lehrgang Verwaltungsführung', []],
      ['Kosten', ['Lehrgang Verwaltungsführung']],
      ['Anmeldung', ['Lehrgang Verwaltungsführung']],
    ]);
    expect(doc.sections[2]?.text).toBe('Kosten\n\nDie Teilnahme kostet 450 Euro je Person.');
    expect(doc.sections.map((s) => s.text).join('\n')).not.toMatch(/[=-]{3}/);
  });

  it('takes the first line between two rules as heading and keeps a plain heading line below it', async () => {
    const text = [
      '============================================================',
      'Voraussetzungen für die Anerkennung',
      'Regelung nach dem Bremischen Bildungszeitgesetz',
      '============================================================',
      '',
      'Den Antrag stellen Sie bis drei Monate vor Beginn der Veranstaltung.',
      '',
      'Zuständige Stelle',
      '',
      'Die Senatorin für Kinder und Bildung, Referat 23, bearbeitet die Anträge.',
      '',
      '* * *',
      '',
      'Stand der Informationen: Mai 2024.',
    ].join('\n');
    const doc = await textLoader.load(sourceFile('bildungszeit.txt', Buffer.from(text)));
    expect(doc.title).toBe('Voraussetzungen für die Anerkennung');
    expect(doc.sections.map((s) => [s.heading, s.headingPath ?? []])).toEqual([
      ['Voraussetzungen für die Anerkennung', []],
      ['Zuständige Stelle', ['Voraussetzungen für die Anerkennung']],
    ]);
    expect(doc.sections[0]?.text).toBe(
      'Voraussetzungen für die Anerkennung\n\nRegelung nach dem Bremischen Bildungszeitgesetz\n\nDen Antrag stellen Sie bis drei Monate vor Beginn der Veranstaltung.',
    );
    // A rule that marks no heading is only a separator.
    expect(doc.sections[1]?.text).toContain('Referat 23, bearbeitet die Anträge.\n\nStand der Informationen: Mai 2024.');
  });

  it('writes list markers as "•" but keeps a dash that continues a sentence', async () => {
    const text = [
      'Voraussetzungen',
      '',
      'Der Veranstalter muss folgende Bedingungen erfüllen:',
      '* mindestens einjährige Erfahrung',
      '* qualifiziertes Personal',
      '',
      'Die Anerkennung gilt für zwei Jahre',
      '- so die Senatorin - und kann verlängert werden.',
    ].join('\n');
    const doc = await textLoader.load(sourceFile('anerkennung.txt', Buffer.from(text)));
    const all = doc.sections.map((s) => s.text).join('\n\n');
    expect(all).toContain('erfüllen:\n• mindestens einjährige Erfahrung\n• qualifiziertes Personal');
    expect(all).toContain('Die Anerkennung gilt für zwei Jahre\n- so die Senatorin');
  });

  it('rejects whitespace-only and binary content', async () => {
    const blank = await textLoader.load(sourceFile('leer.txt', Buffer.from(' \n\n\t '))).catch((e: unknown) => e);
    expect((blank as DocumentLoadError).code).toBe('no_text');
    const binary = await textLoader.load(sourceFile('bild.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).catch((e: unknown) => e);
    expect(binary).toBeInstanceOf(DocumentLoadError);
    expect((binary as DocumentLoadError).code).toBe('wrong_content_type');
  });
});

import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../core/answering/extractive/candidates.ts';
import { enumerates } from '../../core/answering/extractive/features.ts';
import { unitsOfChunk } from '../../core/answering/extractive/evidenceUnits.ts';
import type { Chunk } from '../../core/types.ts';

let next = 0;
const chunk = (text: string): Chunk => ({
  id: `units-${next++}`,
  label: 1,
  source: 'auftakt.txt',
  title: 'Auftaktveranstaltungen',
  format: 'text',
  locator: { kind: 'section', label: 'Termine' },
  text,
  fileHash: 'h',
  fileMtime: '2026-01-01T00:00:00.000Z',
  facts: { contacts: [], dates: [], amounts: [], places: [], offers: [] } as unknown as Chunk['facts'],
});

const kinds = (text: string) => unitsOfChunk(chunk(text)).map((u) => [u.kind, u.text]);

describe('evidence units', () => {
  it('reads short lines without a full stop, one under the other, as the items of one list', () => {
    const units = unitsOfChunk(chunk('Es finden drei Veranstaltungen statt.\n\n30.09.2019, 17 Uhr: Auftakt in Süderbrarup\n04.11.2019, 17 Uhr: Lübeck, Rathaus\nAnfang November in Heide'));
    const items = units.filter((u) => u.kind === 'item');
    expect(items.map((u) => u.text)).toEqual(['30.09.2019, 17 Uhr: Auftakt in Süderbrarup', '04.11.2019, 17 Uhr: Lübeck, Rathaus', 'Anfang November in Heide']);
    expect(new Set(items.map((u) => u.block)).size).toBe(1);
  });

  it('reads a sentence that breaks off before a bulleted list as introducing it, like a colon', () => {
    const units = unitsOfChunk(chunk('Für externe Kurse gelten Rahmenbedingungen. Die Rahmenbedingungen regeln unter anderem\n\n- die Kostenbeteiligung des Arbeitgebers,\n- die Rückzahlung und\n- das Bewilligungsverfahren.'));
    const items = units.filter((u) => u.kind === 'item');
    expect(items).toHaveLength(3);
    expect(items.every((u) => u.label === 'Die Rahmenbedingungen regeln unter anderem')).toBe(true);
    // A finished sentence before a list labels nothing.
    const finished = unitsOfChunk(chunk('Die Rahmenbedingungen regeln vieles.\n\n- die Kostenbeteiligung\n- die Rückzahlung'));
    expect(finished.filter((u) => u.kind === 'item').every((u) => u.label === undefined)).toBe(true);
  });

  it('keeps a postal address together as one unit, under the sentence that introduces it', () => {
    const units = unitsOfChunk(chunk('Bitte senden Sie das Formular an folgende Adresse:\n\nAmt der Landesregierung\nAbteilung 1 - Personal\nEuropaplatz 1\n7000 Eisenstadt'));
    const address = units.filter((u) => u.kind === 'item');
    expect(address.map((u) => u.text)).toEqual(['Amt der Landesregierung, Abteilung 1 - Personal, Europaplatz 1, 7000 Eisenstadt']);
    expect(address[0]!.label).toBe('Bitte senden Sie das Formular an folgende Adresse');
    // Lines that carry their own commas keep them.
    expect(kinds('in der Heimvolkshochschule am Seddiner See,\nSeeweg 2,\n14554 Seddiner See')).toEqual([['item', 'in der Heimvolkshochschule am Seddiner See, Seeweg 2, 14554 Seddiner See']]);
  });

  it('reads the lines after a sentence ending in a colon as one list, key–value lines among them', () => {
    const units = unitsOfChunk(
      chunk('Damit viele teilnehmen können, finden drei Veranstaltungen mit gleichem Programm statt:\n\n30.09.2019, 17 Uhr: Auftakt in Süderbrarup\n04.11.2019, 17 Uhr: Lübeck, Rathaus\nAnfang November in Heide: genauere Angaben folgen'),
    );
    const listed = units.filter((u) => u.kind === 'item' || u.kind === 'field');
    expect(listed.map((u) => u.kind)).toEqual(['item', 'item', 'field']);
    expect(new Set(listed.map((u) => u.block)).size).toBe(1);
    expect(listed[0]!.label).toBe('Damit viele teilnehmen können, finden drei Veranstaltungen mit gleichem Programm statt');
    // Without the introducing colon, lines with a key–value line among them read as a card, not a list.
    const card = unitsOfChunk(chunk('Damit viele teilnehmen können, finden drei Veranstaltungen mit gleichem Programm statt.\n\n30.09.2019, 17 Uhr: Auftakt in Süderbrarup\nAnfang November in Heide: genauere Angaben folgen'));
    expect(card.some((u) => u.kind === 'item')).toBe(false);
  });

  it('does not read a contact card with key–value lines as a list', () => {
    const units = unitsOfChunk(chunk('Jonas Muster\nProjektkoordinator KI-Werkstatt\nTelefon: 030 18681-4567\nE-Mail: Jonas.Muster@innovation.example.de'));
    expect(units.some((u) => u.kind === 'item')).toBe(false);
    expect(units.filter((u) => u.kind === 'field').map((u) => u.label)).toEqual(['Telefon', 'E-Mail']);
  });

  it('keeps sentences that wrap over lines, and lines that end in a full stop, as sentences', () => {
    expect(kinds('Die Veranstaltung beginnt um 17 Uhr\nim Rathaus Lübeck.')).toEqual([['sentence', 'Die Veranstaltung beginnt um 17 Uhr im Rathaus Lübeck.']]);
    expect(kinds('Der Auftakt ist in Süderbrarup.\nDas zweite Treffen ist in Lübeck.').map(([kind]) => kind)).toEqual(['sentence', 'sentence']);
  });
});

describe('typed candidates from keys and table headers', () => {
  const typed = (text: string) =>
    unitsOfChunk(chunk(text)).flatMap((u) => candidatesOf(u).filter((c) => c.type !== 'passage').map((c) => `${c.type}:${c.text}`));

  it('types a value by its key, whole, even where an extractor reads only a part of it', () => {
    expect(typed('Venue: Prinz-Carl-Palais, Munich')).toContain('place:Prinz-Carl-Palais, Munich');
    expect(typed('Veranstalter: Kommunales Bildungswerk Nordheide')).toContain('organisation:Kommunales Bildungswerk Nordheide');
    // The extractor's duration is the whole value: no second, keyed one.
    expect(typed('Dauer: 3 Tage').filter((c) => c.startsWith('duration:'))).toEqual(['duration:3 Tage']);
  });

  it('does not take a capitalised function word at the start of a sentence into an organisation name', () => {
    const names = (text: string) => typed(text).filter((c) => c.startsWith('organisation:'));
    // "Diese" and "Auch" only start the sentence; what is left is a bare head, which names no organisation.
    expect(names('Diese Fortbildung ist kostenfrei.')).toEqual([]);
    expect(names('Auch Verwaltung, Träger und die Politik sollten enger zusammenrücken.')).toEqual([]);
    expect(names('Die Führungsakademie Baden-Württemberg lädt ein.')).toEqual(['organisation:Führungsakademie Baden-Württemberg']);
  });

  it('takes a deadline in the course of study or training for a date', () => {
    expect(typed('Sie haben bis zum Ende des 3. Semesters die Möglichkeit, fehlende ECTS nachzuholen.')).toContain('date:Ende des 3. Semesters');
    expect(typed('Der Nachweis ist spätestens zu Beginn des zweiten Ausbildungsjahres vorzulegen.')).toContain('date:Beginn des zweiten Ausbildungsjahres');
    // Without "bis" or "spätestens" it says when something happens, which the date questions of an FAQ name themselves.
    expect(typed('Gegen Ende des dritten Ausbildungshalbjahres.').filter((c) => c.startsWith('date:'))).toEqual([]);
    expect(typed('Am Ende des Tages zählt das Ergebnis.').filter((c) => c.startsWith('date:'))).toEqual([]);
  });

  it('takes the names of languages, English ones only where they name a language', () => {
    expect(typed('Der Kurs wird auf Deutsch und Englisch gehalten.').filter((c) => c.startsWith('language:'))).toEqual(['language:Deutsch', 'language:Englisch']);
    expect(typed('The intensive six-week course, which is held in German, has developed since then.')).toContain('language:German');
    expect(typed('English, Italian').filter((c) => c.startsWith('language:'))).toEqual(['language:English', 'language:Italian']);
    // An adjective names no language: "deutsche Verwaltung", "the German perspective".
    expect(typed('You get the German perspective on the deutsche Verwaltung.').filter((c) => c.startsWith('language:'))).toEqual([]);
  });

  it('takes no noun of a fixed phrase after "in" for a place', () => {
    const places = (text: string) => typed(text).filter((c) => c.startsWith('place:'));
    expect(places('Lösungen sind in Anbetracht der Lage sinnvoll.')).toEqual([]);
    expect(places('Die Ordnung tritt in Kraft und gilt in Zukunft für alle.')).toEqual([]);
    expect(places('Der Lehrgang findet in Talstein statt.')).toEqual(['place:Talstein']);
  });

  it('types a table cell by its header cell', () => {
    const cells = typed('Termin | Tagungsort\n07.04. – 09.04.2027 | Gut Sonnenhagen bei Teterow');
    expect(cells).toContain('place:Gut Sonnenhagen bei Teterow');
    expect(cells.some((c) => c.startsWith('date:07.04.'))).toBe(true);
  });

  it('takes a year without a cue for a weak date, but not a year that is part of a date or a sum', () => {
    const weakDates = (text: string) =>
      unitsOfChunk(chunk(text)).flatMap((u) => candidatesOf(u).filter((c) => c.type === 'date' && c.weak).map((c) => c.text));
    expect(weakDates('Eine Kommission hat 1998 ein Gutachten zur Neuordnung vorgelegt.')).toEqual(['1998']);
    expect(weakDates('Der Städtetag tagte am 8. Mai 2014 in Fulda.')).toEqual([]);
    expect(weakDates('Das Programm ist mit 2025 Euro je Kommune ausgestattet.')).toEqual([]);
  });

  it('leaves values under keys that name no kind of fact alone', () => {
    expect(typed('Hinweis: Gut Sonnenhagen bei Teterow').filter((c) => c.startsWith('place:Gut'))).toEqual([]);
  });
});

describe('towns from the gazetteer', () => {
  const places = (text: string) =>
    unitsOfChunk(chunk(text)).flatMap((u) => candidatesOf(u).filter((c) => c.type === 'place' && !c.weak).map((c) => c.text));

  it('takes a run of town names for places, each of them', () => {
    expect(places('Backnang, Waiblingen, Weinstadt und Winnenden haben die Idee gerne aufgegriffen.')).toEqual(
      expect.arrayContaining(['Backnang', 'Waiblingen', 'Winnenden']),
    );
  });

  it('does not take a town name that stands alone for a place: many are common words', () => {
    expect(places('Lage und Umfang der Förderung werden geprüft.')).toEqual([]);
    expect(places('Der Hof der Akademie ist offen.')).toEqual([]);
  });
});

describe('sentences that enumerate', () => {
  it('counts names after commas, with or without an article before each', () => {
    expect(enumerates('Im Schulterschluss mit den Kommunalen Landesverbänden, dem IT-Dienstleister ITEOS, der Führungsakademie und dem Fraunhofer IAO.')).toBe(true);
    expect(enumerates('Die Städte Kiel, Flensburg und Eutin arbeiten zusammen.')).toBe(true);
    expect(enumerates('Der Kurs beginnt im Mai, die Anmeldung läuft bis März.')).toBe(false);
  });
});

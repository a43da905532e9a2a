import { describe, expect, it } from 'vitest';
import { extractDates, overlaps, parseDateQuery } from '../../core/facts/extractDates.ts';

function only(text: string, options = {}) {
  const facts = extractDates(text, options);
  expect(facts, `dates in ${JSON.stringify(text)}: ${JSON.stringify(facts)}`).toHaveLength(1);
  return facts[0]!;
}

describe('extractDates: days', () => {
  it.each([
    ['Die Reise startete am 28. November 2022 in München.', '28. November 2022', '2022-11-28'],
    ['Start: 28. Nov. 2022', '28. Nov. 2022', '2022-11-28'],
    ['Meldung vom 28.11.2022', '28.11.2022', '2022-11-28'],
    ['Stand 28.11.22', '28.11.22', '2022-11-28'],
    ['[12.12.2022] Unter dem Titel #digitaljourney', '12.12.2022', '2022-12-12'],
    ['Gründung am 27.01.2021 in Heppenheim', '27.01.2021', '2021-01-27'],
    ['Veröffentlicht 2024-05-14', '2024-05-14', '2024-05-14'],
  ])('%s', (text, written, iso) => {
    const fact = only(text);
    expect(fact).toMatchObject({ text: written, start: iso, end: iso, precision: 'day' });
    expect(fact.context).toBe(text);
  });

  it('keeps a date without year as day precision without start/end', () => {
    expect(only('Wir treffen uns am 1. Januar im Rathaus.')).toEqual({
      text: '1. Januar',
      precision: 'day',
      context: 'Wir treffen uns am 1. Januar im Rathaus.',
    });
  });

  it('reads a day range whose "bis" starts with a capital ("Vom 15. Bis 17. November")', () => {
    expect(only('Vom 15. Bis 17. November 2022 drehte sich alles um Digitalisierung.')).toMatchObject({
      text: '15. Bis 17. November 2022',
      start: '2022-11-15',
      end: '2022-11-17',
    });
  });

  it('uses a reference year for dates written without one', () => {
    expect(only('am 25. April trafen sich alle', { referenceYear: 2024 })).toMatchObject({ start: '2024-04-25', end: '2024-04-25' });
  });

  it('reads a month without a year after its cue, also at the start of a sentence', () => {
    expect(only('Im Oktober dieses Jahres beginnt der Zertifikatskurs.', { referenceYear: 2015 })).toMatchObject({ text: 'Im Oktober', start: '2015-10-01', end: '2015-10-31', precision: 'month' });
    expect(only('Ab Januar gilt die neue Gebühr.')).toMatchObject({ text: 'Ab Januar', precision: 'month' });
    // "August" alone may be a first name: without a cue it is no date.
    expect(extractDates('August Müller leitet das Seminar.')).toEqual([]);
  });

  it('reads two days in a row of one month as one span ("18./19. Februar", "18. & 19. Februar")', () => {
    expect(only('Workshops am 18./19. Februar 2026')).toMatchObject({ text: '18./19. Februar 2026', start: '2026-02-18', end: '2026-02-19' });
    expect(only('am 18. und 19. Februar 2026')).toMatchObject({ start: '2026-02-18', end: '2026-02-19' });
    expect(only('zu Workshops am 18. & 19. Februar', { referenceYear: 2026 })).toMatchObject({ text: '18. & 19. Februar', start: '2026-02-18', end: '2026-02-19' });
    // Days further apart are two dates, not a span.
    expect(extractDates('am 4. und 18. März 2026').some((d) => d.start === '2026-03-04' && d.end === '2026-03-18')).toBe(false);
  });

  it('reads day/month/year with slashes, two digits for day and month', () => {
    expect(extractDates('Application deadline: 30/04/22 for non-EU/EFTA; 30/06/22 for EU/EFTA').map((d) => [d.text, d.start])).toEqual([
      ['30/04/22', '2022-04-30'],
      ['30/06/22', '2022-06-30'],
    ]);
    expect(only('Anmeldung bis 01/09/2026')).toMatchObject({ start: '2026-09-01', precision: 'day' });
    // A fraction or a month and year is no such date.
    expect(extractDates('1/2/3').map((d) => d.text)).toEqual([]);
    expect(only('Anmeldung bis 03/2024')).toMatchObject({ text: '03/2024', precision: 'month' });
  });

  it('rejects impossible calendar days', () => {
    expect(extractDates('Am 31.02.2023 war nichts.')).toEqual([]);
    // Only the month survives from an impossible day.
    expect(extractDates('am 30. Februar 2023').map((f) => [f.text, f.precision])).toEqual([['Februar 2023', 'month']]);
  });

  it('takes weekday and time range along', () => {
    expect(only('Termin: Dienstag, 14. Mai 2024, 10:00–12:30 Uhr im Saal')).toMatchObject({
      text: 'Dienstag, 14. Mai 2024, 10:00–12:30 Uhr',
      start: '2024-05-14',
      time: '10:00–12:30',
    });
    expect(only('am 14.05.2024 von 9 bis 12 Uhr')).toMatchObject({ time: '09:00–12:00' });
    expect(only('Mo., 3.6.2024 (14 Uhr)')).toMatchObject({ text: 'Mo., 3.6.2024 (14 Uhr)', time: '14:00' });
  });

  it('does not read a following count as a time', () => {
    const fact = only('am 28.11.2022, 15 Teilnehmende');
    expect(fact.time).toBeUndefined();
    expect(fact.text).toBe('28.11.2022');
  });
});

describe('extractDates: ranges and periods', () => {
  it.each([
    ['Laufzeit: 01.01.2020 bis 30.06.2022', '01.01.2020 bis 30.06.2022', '2020-01-01', '2022-06-30', 'day'],
    ['Kongress vom 1.–3. März 2023 in Berlin', '1.–3. März 2023', '2023-03-01', '2023-03-03', 'day'],
    ['vom 3. bis 5. Mai 2024', '3. bis 5. Mai 2024', '2024-05-03', '2024-05-05', 'day'],
    ['vom 28. November bis 2. Dezember 2022', '28. November bis 2. Dezember 2022', '2022-11-28', '2022-12-02', 'day'],
    ['Q3 / 2020** Auftaktveranstaltung', 'Q3 / 2020', '2020-07-01', '2020-09-30', 'quarter'],
    ['Q3-4 / 2021** Pilotbetrieb', 'Q3-4 / 2021', '2021-07-01', '2021-12-31', 'quarter'],
    ['Q4/2020', 'Q4/2020', '2020-10-01', '2020-12-31', 'quarter'],
    ['im 3. Quartal 2021', '3. Quartal 2021', '2021-07-01', '2021-09-30', 'quarter'],
    ['im zweiten Halbjahr 2023', 'zweiten Halbjahr 2023', '2023-07-01', '2023-12-31', 'quarter'],
    ['Start im Herbst 2021', 'Herbst 2021', '2021-09-01', '2021-11-30', 'season'],
    ['ab Frühjahr 2022', 'Frühjahr 2022', '2022-03-01', '2022-05-31', 'season'],
    ['im Winter 2021/22', 'Winter 2021/22', '2021-12-01', '2022-02-28', 'season'],
    ['Mitte 2022 folgt', 'Mitte 2022', '2022-05-01', '2022-08-31', 'season'],
    ['Anfang 2023', 'Anfang 2023', '2023-01-01', '2023-04-30', 'season'],
    ['bis Ende 2021', 'Ende 2021', '2021-09-01', '2021-12-31', 'season'],
    ['Beginn im März 2023', 'März 2023', '2023-03-01', '2023-03-31', 'month'],
    ['Anmeldung bis 03/2024', '03/2024', '2024-03-01', '2024-03-31', 'month'],
    ['Das gilt im Jahr 2023.', 'im Jahr 2023', '2023-01-01', '2023-12-31', 'year'],
    ['Förderphase 2020–2022', '2020–2022', '2020-01-01', '2022-12-31', 'year'],
    ['KW 12/2024', 'KW 12/2024', '2024-03-18', '2024-03-24', 'day'],
  ])('%s', (text, written, start, end, precision) => {
    expect(only(text)).toMatchObject({ text: written, start, end, precision });
  });

  it('reads "seit" and "bis" with a bare year as open periods', () => {
    expect(only('Die Akademie besteht seit 1986.')).toMatchObject({ text: 'seit 1986', start: '1986-01-01', precision: 'open' });
    const until = only('Bis 2030 werden mehr als 1,2 Millionen Beschäftigte ausscheiden.');
    expect(until).toMatchObject({ end: '2030-12-31', precision: 'open' });
    expect(until.start).toBeUndefined();
  });

  it('reads years on timeline lines', () => {
    const facts = extractDates('2010 | Beginn des Modellvorhabens\n• 2017 | Digitalgipfel');
    expect(facts.map((f) => [f.text, f.start, f.context])).toEqual([
      ['2010', '2010-01-01', '2010 | Beginn des Modellvorhabens'],
      ['2017', '2017-01-01', '• 2017 | Digitalgipfel'],
    ]);
  });

  it('ignores bare years, phone numbers, ISBNs, amounts and versions', () => {
    const text =
      'Tel. 030 27576-135, ISBN 978-3-16-148410-0, 250.000 Euro, EUR 1.500,-, Version 4.0, Entscheidung 2014/27, 2023 Teilnehmende, PLZ 50667';
    expect(extractDates(text)).toEqual([]);
  });

  it('finds several dates in order with their own sentences', () => {
    const facts = extractDates('Meldung 15.05.2024\nAm 25. April 2024 trafen sich alle. Im Jahr 2023 begann der Prozess.');
    expect(facts.map((f) => f.text)).toEqual(['15.05.2024', '25. April 2024', 'Im Jahr 2023']);
    expect(facts[2]!.context).toBe('Im Jahr 2023 begann der Prozess.');
  });
});

describe('extractDates: English dates (chrono-node)', () => {
  it('reads English ranges, days and months, a year at the end holding for the whole range', () => {
    expect(only('The programme runs from January to June 2025, with two months online.')).toMatchObject({ text: 'January to June 2025', start: '2025-01-01', end: '2025-06-30', precision: 'month' });
    expect(only('Applications are accepted until September 15, 2025.')).toMatchObject({ start: '2025-09-15', end: '2025-09-15', precision: 'day' });
    expect(only('The course starts on 1 October 2025.')).toMatchObject({ text: '1 October 2025', start: '2025-10-01' });
    // Without a year: the day, but no start and end (as for German dates).
    const deadline = only('at the time of the application deadline (15 September)');
    expect(deadline.precision).toBe('day');
    expect(deadline.start).toBeUndefined();
  });

  it('reads a day with an abbreviated English month ("01 Aug"), not the German "01. Aug."', () => {
    expect(only('Application Deadlines Winter semester: 01 Aug').text).toBe('01 Aug');
    expect(only('Summer semester: 15 Feb').precision).toBe('day');
    expect(extractDates('Bewerbungsschluss: 01. Aug.').map((d) => d.text)).toEqual(['01. Aug.']);
    // A count before a word that only starts like a month is no date.
    expect(extractDates('There are 12 Decision makers and 3 Mayors.')).toEqual([]);
  });

  it('leaves German dates to the German rules', () => {
    expect(extractDates('Der Kurs beginnt am 15. September 2025 und endet im Mai 2026.').map((d) => [d.text, d.start, d.end])).toEqual([
      ['15. September 2025', '2025-09-15', '2025-09-15'],
      ['Mai 2026', '2026-05-01', '2026-05-31'],
    ]);
  });
});

describe('parseDateQuery', () => {
  const today = new Date('2025-06-15T09:00:00Z');

  it.each([
    ['Welche Veranstaltungen gibt es im September 2025?', '2025-09-01', '2025-09-30'],
    ['Was lief im Herbst 2021?', '2021-09-01', '2021-11-30'],
    ['Was gab es 2024?', '2024-01-01', '2024-12-31'],
    ['Was ist im September?', '2025-09-01', '2025-09-30'],
    ['Gibt es etwas im Herbst?', '2025-09-01', '2025-11-30'],
    ['Was passiert nächsten Monat?', '2025-07-01', '2025-07-31'],
    ['Termine diese Woche', '2025-06-09', '2025-06-15'],
    ['Termine nächste Woche', '2025-06-16', '2025-06-22'],
    ['Was gab es letztes Jahr?', '2024-01-01', '2024-12-31'],
    ['Angebote in den nächsten 3 Monaten', '2025-06-15', '2025-09-30'],
    ['Any events in May 2025?', '2025-05-01', '2025-05-31'],
    ['Was war zwischen Q3 / 2020 und Q1 / 2021?', '2020-07-01', '2021-03-31'],
  ])('%s', (question, start, end) => {
    expect(parseDateQuery(question, today)).toEqual({ start, end });
  });

  it('returns undefined when the question names no period', () => {
    expect(parseDateQuery('Wer ist Ansprechpartner für KommunalCampus?', today)).toBeUndefined();
  });
});

describe('overlaps', () => {
  const range = { start: '2021-09-01', end: '2021-11-30' };
  it('compares periods, open periods and undated facts', () => {
    expect(overlaps({ start: '2021-07-01', end: '2021-12-31' }, range)).toBe(true);
    expect(overlaps({ start: '2021-12-01', end: '2021-12-31' }, range)).toBe(false);
    expect(overlaps({ start: '2021-11-30', end: '2021-11-30' }, range)).toBe(true);
    expect(overlaps({ start: '1986-01-01' }, range)).toBe(true);
    expect(overlaps({ end: '2020-12-31' }, range)).toBe(false);
    expect(overlaps({}, range)).toBe(false);
  });
});

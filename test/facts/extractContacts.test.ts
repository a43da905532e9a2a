import { describe, expect, it } from 'vitest';
import { findEmails, findPhones } from '../../core/facts/contactDetails.ts';
import { extractContacts } from '../../core/facts/extractContacts.ts';

const phones = (text: string) => findPhones(text).map((p) => p.value);
const emails = (text: string) => findEmails(text).map((e) => e.value);

describe('findPhones', () => {
  it.each([
    ['T +49 621 / 107 08 302', '+49 621 / 107 08 302'],
    ['Telefon: 030 27576-135', '030 27576-135'],
    ['T +49 421 361 42564', '+49 421 361 42564'],
    ['Tel.: (0221) 758-1234', '(0221) 758-1234'],
    ['Zentrale +49 (0)30 18681-0', '+49 (0)30 18681-0'],
    ['Telefon 0711 123456', '0711 123456'],
    ['mobil 0151 12345678', '0151 12345678'],
    ['erreichbar unter 0049 228 99358-0.', '0049 228 99358-0'],
    // Groups apart by a dash; a number of an internal network without area code right after the cue.
    ['Tel. 0331 866 – 1234', '0331 866 – 1234'],
    ['Telefon: 90229 – 8040, intern: 9229 – 8040', '90229 – 8040'],
    // Vienna's area code has one digit.
    ['Telefon: +43/1/71606-667144', '+43/1/71606-667144'],
    // The area code written apart inside its parentheses.
    ['Infocenter: (0 30) 2 02 64-55 55', '(0 30) 2 02 64-55 55'],
  ])('%s', (text, written) => {
    expect(phones(text)).toEqual([written]);
  });

  it('does not take dates, postcodes, ISBNs, years, money or file numbers for phones', () => {
    const text =
      'Am 01.01.2020 bis 30.06.2022 in 01067 Dresden. ISBN 0-306-40615-2, ISBN 978-3-16-148410-0. Seit 2010 und 2020/2021. ' +
      'Es kostet 1.500,- EUR bzw. 250.000 Euro. Az. 0815-4711-2020. Drucksache 020 1234567. Entscheidung 2014/27.';
    expect(phones(text)).toEqual([]);
  });

  it('takes a number without area code only right after a phone cue', () => {
    expect(phones('Raum 90229 – 8040 und Zimmer 4711-12')).toEqual([]);
  });

  it('skips fax numbers but keeps the phone next to them', () => {
    expect(phones('Tel. 0711 123456\nFax 0711 123457')).toEqual(['0711 123456']);
  });

  it('does not run into a date written after the number', () => {
    expect(phones('Tel. 0711 123456 28.11.2022')).toEqual(['0711 123456']);
  });
});

describe('findEmails', () => {
  it('keeps capitals, dots and hyphens as written', () => {
    expect(emails('Mail: Qualifica.Digitalis@Finanzen.Bremen.de, marvin.baldauf@m-r-n.com.')).toEqual([
      'Qualifica.Digitalis@Finanzen.Bremen.de',
      'marvin.baldauf@m-r-n.com',
    ]);
  });

  it('normalises obfuscated addresses', () => {
    expect(emails('anna.beispiel(at)bva.bund.de oder info [at] akademie.de oder kontakt [at] stadt [dot] de')).toEqual([
      'anna.beispiel@bva.bund.de',
      'info@akademie.de',
      'kontakt@stadt.de',
    ]);
    // Spam protection that keeps the at sign but pads it: "@~@" (a CMS setting), "[@]".
    expect(emails('per E-Mail an info@~@vwa-erfurt.de oder an studium[@]vwa-erfurt.de')).toEqual(['info@vwa-erfurt.de', 'studium@vwa-erfurt.de']);
  });
});

describe('extractContacts: blocks', () => {
  it('reads a slide contact block: name, role, organisation lines, phone, e-mail', () => {
    const text = [
      'Ansprechpartner:in',
      '',
      'Christine Schröder',
      'Projektleiterin',
      '',
      'Freie Hansestadt Bremen',
      'Der Senator für Finanzen',
      '',
      'T +49 421 361 42564',
      '',
      'Qualifica.Digitalis@Finanzen.Bremen.de',
      '',
      'IT-Planungsrat',
      'Digitale Zukunft gestalten',
    ].join('\n');
    expect(extractContacts(text, { heading: 'Ansprechpartner:in', title: 'Digitale Kompetenzen' })).toEqual([
      {
        name: 'Christine Schröder',
        role: 'Projektleiterin',
        organisation: 'Freie Hansestadt Bremen, Der Senator für Finanzen',
        phones: ['+49 421 361 42564'],
        emails: ['Qualifica.Digitalis@Finanzen.Bremen.de'],
        programme: 'Digitale Kompetenzen',
      },
    ]);
  });

  it('reads titles, the programme from a "für das Projekt „…“" line and the role remainder', () => {
    const text = 'Dr. Udo Heyder\n\nDirektor\n\nBundesakademie für öffentliche Verwaltung\nfür das Projekt „Digitalakademie“\nudo.heyder@bakoev.bund.de';
    expect(extractContacts(text)).toEqual([
      {
        name: 'Udo Heyder',
        honorific: 'Dr.',
        role: 'Direktor',
        organisation: 'Bundesakademie für öffentliche Verwaltung',
        programme: 'Digitalakademie',
        phones: [],
        emails: ['udo.heyder@bakoev.bund.de'],
      },
    ]);
    const marvin = extractContacts('Marvin Baldauf\n\nProjektleiter KommunalCampus\n\nMetropolregion Rhein-Neckar GmbH\n\nT +49 621 / 107 08 302');
    expect(marvin[0]).toMatchObject({ name: 'Marvin Baldauf', programme: 'KommunalCampus', organisation: 'Metropolregion Rhein-Neckar GmbH' });
  });

  it('reads hyphenated first names and particles', () => {
    const text = 'Jan-Ole Beyer\nBundesministerium des Innern, für Bau und Heimat\nfür die Projektgruppe Digital Innovation Team\nJanOle.Beyer@bmi.bund.de\n\nProf. Dr. Hans-Peter von der Heide\nReferatsleiter DG II 4\nTel. 0228 99358-0';
    const contacts = extractContacts(text);
    expect(contacts.map((c) => [c.name, c.honorific, c.role, c.programme, c.emails, c.phones])).toEqual([
      ['Jan-Ole Beyer', undefined, undefined, 'Digital Innovation Team', ['JanOle.Beyer@bmi.bund.de'], []],
      ['Hans-Peter von der Heide', 'Prof. Dr.', 'Referatsleiter DG II 4', undefined, [], ['0228 99358-0']],
    ]);
    expect(contacts[0]!.organisation).toBe('Bundesministerium des Innern, für Bau und Heimat');
  });

  it('accepts an unknown first name only when the block has contact details', () => {
    const withDetails = extractContacts('Kübra Yılmazer\nReferentin\nStadt Musterhausen\nkuebra.yilmazer@musterhausen.de');
    expect(withDetails.map((c) => c.name)).toEqual(['Kübra Yılmazer']);
    expect(extractContacts('Daily Standups\nund Retros statt\nReferatsrunde')).toEqual([]);
  });

  it('joins words broken at a line end in PDF text', () => {
    const text =
      'Unsere Redner:innen\n• Christine Schröder\n• Der Senator für Finanzen der Freien Hansestadt Bremen für das Projekt „Qualifica Digitalis“ des IT-\nPlanungsrates\n• Marvin Baldauf\n• Metropolregion Rhein-Neckar für das Projekt „KommunalCampus“';
    expect(extractContacts(text).map((c) => [c.name, c.organisation, c.programme])).toEqual([
      ['Christine Schröder', 'Der Senator für Finanzen der Freien Hansestadt Bremen', 'Qualifica Digitalis'],
      ['Marvin Baldauf', 'Metropolregion Rhein-Neckar', 'KommunalCampus'],
    ]);
  });

  it('reads organisation and role written between a contact cue and the name', () => {
    const text =
      'Kontakt\nBundesverwaltungsamt\nReferat ZMV 23\nHerr Max Mustermann\nTelefon: +49 22899 358-1234\nE-Mail: max.mustermann@bva.bund.de\n\nStand: 2024';
    expect(extractContacts(text)).toEqual([
      {
        name: 'Max Mustermann',
        organisation: 'Bundesverwaltungsamt, Referat ZMV 23',
        phones: ['+49 22899 358-1234'],
        emails: ['max.mustermann@bva.bund.de'],
      },
    ]);
  });

  it('merges several mentions of one person', () => {
    const text =
      'Unsere Redner:innen\n- **Christine Schröder**\nDer Senator für Finanzen der Freien Hansestadt Bremen für das Projekt „Qualifica Digitalis“ des IT-Planungsrates\n\n' +
      'Ansprechpartner:in\nChristine Schröder\nProjektleiterin\nT +49 421 361 42564\n\nDiese Präsentation von Christine Schröder ist lizenziert.';
    expect(extractContacts(text)).toEqual([
      {
        name: 'Christine Schröder',
        role: 'Projektleiterin',
        organisation: 'Der Senator für Finanzen der Freien Hansestadt Bremen',
        programme: 'Qualifica Digitalis',
        phones: ['+49 421 361 42564'],
        emails: [],
      },
    ]);
  });
});

describe('extractContacts: sentences', () => {
  it('reads a contact sentence with role cue, title, e-mail and phone', () => {
    expect(
      extractContacts('Ansprechpartnerin ist Dr. Anna Beispiel (anna.beispiel@bva.bund.de, Tel. 0228 99358-0).', { title: 'Lernreise' }),
    ).toEqual([
      {
        name: 'Anna Beispiel',
        honorific: 'Dr.',
        role: 'Ansprechpartnerin',
        phones: ['0228 99358-0'],
        emails: ['anna.beispiel@bva.bund.de'],
        programme: 'Lernreise',
      },
    ]);
  });

  it('reads roles before and after a name', () => {
    const text =
      'Ein Anliegen ist dies dem Schirmherrn, Bundes-CIO Markus Richter. Den Abend rundete eine Dinner Speech von Thomas Langkabel, National Technology Officer bei Microsoft Deutschland, ab.';
    expect(extractContacts(text, { title: 'Nachrichten' }).map((c) => [c.name, c.role, c.organisation, c.programme])).toEqual([
      ['Markus Richter', 'Bundes-CIO', undefined, 'Nachrichten'],
      ['Thomas Langkabel', 'National Technology Officer', 'Microsoft Deutschland', 'Nachrichten'],
    ]);
    const hashtag = extractContacts('Ein Anliegen ist dies dem Schirmherrn der #digitaljourney, Bundes-CIO Markus Richter.', { title: 'Nachrichten' });
    expect(hashtag[0]!.programme).toBe('#digitaljourney');
  });

  it('uses "Herr"/"Frau" as evidence for unknown first names', () => {
    const contacts = extractContacts('Bei Fragen wenden Sie sich an Frau Özlem Yıldız unter 030 27576-135.');
    expect(contacts).toEqual([{ name: 'Özlem Yıldız', phones: ['030 27576-135'], emails: [] }]);
  });

  it('does not take capitalised nouns or Latin project names for people', () => {
    const text =
      'Projekt Qualifica Digitalis\nDigitale Zukunft gestalten\nFreie Hansestadt Bremen\nDas Digital Innovation Team arbeitet agil. ' +
      'Die Teilnehmenden Methoden kennenlernen. Mit Hilfe der Kooperationspartner Zentrale Stelle arbeiten wir.';
    expect(extractContacts(text)).toEqual([]);
  });

  it('mentions without role, organisation or details are not contacts', () => {
    expect(extractContacts('Diese Präsentation von Christine Schröder ist lizenziert unter CC BY 4.0.')).toEqual([]);
  });
});

describe('extractContacts: details without a name', () => {
  it('groups nearby details into one nameless contact with the programme from context', () => {
    const text = 'Kontakt\nTelefon: 030 18681-0\nE-Mail: info@digitalakademie.bund.de\n\n\n\nImpressum';
    expect(extractContacts(text, { heading: 'Digitalakademie', title: 'Angebote' })).toEqual([
      { phones: ['030 18681-0'], emails: ['info@digitalakademie.bund.de'], programme: 'Digitalakademie' },
    ]);
  });

  it('pairs details with the nearest name before them in the same paragraph', () => {
    const text =
      'Die Projektleitung hat Dr. Anna Beispiel, Bundesverwaltungsamt. Anmeldung unter Tel. 0228 99358-0 oder anmeldung@bva.bund.de.\n\nAllgemeine Fragen: info@bva.bund.de';
    const contacts = extractContacts(text);
    expect(contacts.map((c) => [c.name, c.phones, c.emails])).toEqual([
      ['Anna Beispiel', ['0228 99358-0'], ['anmeldung@bva.bund.de']],
      [undefined, [], ['info@bva.bund.de']],
    ]);
  });

  it('gives an e-mail to the person whose surname it contains', () => {
    const text = 'Projektleitung: Dr. Anna Beispiel, Bundesverwaltungsamt.\n\nWeitere Informationen: a.beispiel@bva.bund.de';
    const contacts = extractContacts(text);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ name: 'Anna Beispiel', emails: ['a.beispiel@bva.bund.de'] });
  });
});

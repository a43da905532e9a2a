import { describe, expect, it } from 'vitest';
import { extractAmounts } from '../../core/facts/extractAmounts.ts';
import { extractContacts } from '../../core/facts/extractContacts.ts';
import { extractDates } from '../../core/facts/extractDates.ts';
import { extractOffers } from '../../core/facts/extractOffers.ts';

function offersWithFacts(text: string, ctx = {}) {
  return extractOffers(text, ctx, { dates: extractDates(text), amounts: extractAmounts(text), contacts: extractContacts(text, ctx) });
}

describe('extractOffers: names', () => {
  it('takes quoted names after programme nouns', () => {
    const offers = extractOffers('Die Führungsakademie bietet als Partner das Modul „Digital Leadership“ an.');
    expect(offers.map((o) => [o.name, o.provider])).toEqual([['Digital Leadership', 'Führungsakademie']]);
  });

  it('takes names introduced by "unter dem Titel", including hashtags', () => {
    const offers = extractOffers(
      '[12.12.2022] Unter dem Titel #digitaljourney bietet die Digitalakademie des Bundes gemeinsam mit Kooperationspartnern ein neues Qualifizierungsformat, das oberste Führungskräfte der öffentlichen Verwaltung dazu befähigen soll, die digitale Transformation zu verstehen.',
    );
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      name: '#digitaljourney',
      provider: 'Digitalakademie des Bundes',
      targetGroup: 'oberste Führungskräfte der öffentlichen Verwaltung',
      format: 'Qualifizierungsformat',
    });
  });

  it('takes numbered formats and named projects', () => {
    const text =
      'Mit der Masterclass II – Digitale Transformation hat die Führungsakademie Baden-Württemberg ein innovatives Qualifizierungsformat etabliert.\n' +
      'Projekt KommunalCampus\nProjekt Qualifica Digitalis';
    expect(extractOffers(text).map((o) => o.name)).toEqual(['Masterclass II', 'KommunalCampus', 'Qualifica Digitalis']);
    expect(extractOffers(text)[0]!.provider).toBe('Führungsakademie Baden-Württemberg');
  });

  it('names the offer after a "Projekt:" heading or a heading of a text that introduces an offer', () => {
    expect(extractOffers('Ziele und Komponenten', { heading: 'Projekt: Aufbau einer Digitalakademie' }).map((o) => o.name)).toEqual([
      'Aufbau einer Digitalakademie',
    ]);
    expect(extractOffers('Das Projekt\n- Laufzeit: 01.01.2020 bis 30.06.2022', { heading: 'Qualifica Digitalis' }).map((o) => o.name)).toEqual([
      'Qualifica Digitalis',
    ]);
    expect(extractOffers('Agenda und Begrüßung', { heading: 'Eröffnung' })).toEqual([]);
  });

  it('ignores generic words and hashtags without an offer cue', () => {
    expect(extractOffers('Das Projekt Digitalisierung läuft. Kultur: #GernPerDu und Warm-Ups.')).toEqual([]);
  });
});

describe('extractOffers: details', () => {
  it('fills target group, format, cost, dates and contact from the related facts', () => {
    const text = [
      'Lernreise „Digitale Verwaltung gestalten“',
      'Das Programm richtet sich an Führungskräfte der Landesverwaltung.',
      'Die Lernreise findet vom 3. bis 5. Mai 2024 in Präsenz statt; die Teilnahme ist kostenfrei.',
      'Ansprechpartnerin ist Dr. Anna Beispiel (anna.beispiel@bva.bund.de).',
    ].join('\n');
    const [offer] = offersWithFacts(text);
    expect(offer).toMatchObject({
      name: 'Digitale Verwaltung gestalten',
      targetGroup: 'Führungskräfte der Landesverwaltung',
      cost: 'kostenfrei',
      dates: '3. bis 5. Mai 2024',
      contact: 'Anna Beispiel, anna.beispiel@bva.bund.de',
    });
    expect(offer!.format).toContain('Lernreise');
    expect(offer!.format).toContain('in Präsenz');
  });

  it('keeps details of several offers to their own sentences', () => {
    const text = 'Das Seminar „Agile Methoden“ kostet 250 Euro. Der Workshop „KI im Amt“ findet online am 14.05.2024 statt.';
    const offers = offersWithFacts(text);
    expect(offers.map((o) => [o.name, o.cost, o.dates])).toEqual([
      ['Agile Methoden', '250 Euro', undefined],
      ['KI im Amt', undefined, '14.05.2024'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { extractPlaces } from '../../core/facts/extractPlaces.ts';

const texts = (text: string) => extractPlaces(text).map((p) => p.text);

describe('extractPlaces', () => {
  it('finds cities after "in" and keeps the sentence as context', () => {
    const places = extractPlaces('Einleitung. Die erste #digitaljourney ist am 28. November 2022 in München gestartet.');
    expect(places).toEqual([
      { text: 'München', context: 'Die erste #digitaljourney ist am 28. November 2022 in München gestartet.' },
    ]);
  });

  it('finds a town named before its country, in any language', () => {
    expect(extractPlaces('Vienna, Austria').map((p) => p.text)).toEqual(['Vienna, Austria']);
    expect(extractPlaces('Der Master wird in Lugano, Schweiz, angeboten.').map((p) => p.text)).toContain('Lugano, Schweiz');
    // A country after a comma in an enumeration of nouns is no town.
    expect(extractPlaces('Teilnehmende aus Verwaltung, Politik, Deutschland und Europa').map((p) => p.text)).not.toContain('Politik, Deutschland');
  });

  it('finds institutions with their city', () => {
    expect(texts('Die nächste Station findet in drei Monaten beim Bundesverwaltungsamt in Köln statt.')).toEqual([
      'Bundesverwaltungsamt in Köln',
    ]);
    expect(texts('Besuche beim IPAI in Heilbronn und im Innenministerium zum Thema Cybersecurity.')).toEqual([
      'IPAI in Heilbronn',
      'Innenministerium',
    ]);
  });

  it('finds venues named by their head noun, a genitive or a quoted name', () => {
    expect(texts('Den Abschluss bildete eine dritte Phase im Next:Lab des Fraunhofer IAO, die sich auf KI konzentrierte.')).toEqual([
      'Next:Lab des Fraunhofer IAO',
    ]);
    expect(texts('Sie trafen sich auf dem GovTech Campus mit dem Ziel, sich zu vernetzen.')).toEqual(['GovTech Campus']);
    expect(texts('Im grünen Event Space „Liane“ in Berlin trafen sich Fachleute.')).toEqual(['Event Space „Liane“ in Berlin']);
    expect(texts('Wir tagen im Tagungszentrum Schloss Hohenheim.')).toEqual(['Tagungszentrum Schloss Hohenheim']);
  });

  it('finds a municipality named by its kind, with a river or "am …" after it', () => {
    expect(texts('Ihre Ausbildung bei der Stadt Fürstenwalde/ Spree findet sie vielseitig.')).toEqual(['Stadt Fürstenwalde/ Spree']);
    expect(texts('Die Gemeinde Dummerstorf und die Stadt Frankfurt am Main laden ein.')).toEqual(['Gemeinde Dummerstorf', 'Stadt Frankfurt am Main']);
    expect(texts('Die Stadt hat viele Angebote.')).toEqual([]);
  });

  it('does not take abstract nouns after "im" for places', () => {
    expect(texts('Im Mittelpunkt stand im Rahmen des Projekts die Arbeit im Bereich Digitalisierung, im Haushalt 2024 und im Zeitraum bis Mai.')).toEqual([]);
  });

  it('reads churches, chapels, lecture halls and canteens as venues', () => {
    expect(texts('20.00 Uhr: Führung und Orgelkonzert in der Klosterkirche')).toEqual(['Klosterkirche']);
    expect(texts('Das Mittagessen gibt es in der Mensa.')).toEqual(['Mensa']);
  });

  it('reads labelled places and postal addresses', () => {
    expect(texts('Ort: Rathaus Musterstadt, Raum 3.12\nZeit: 10 Uhr')).toEqual(['Rathaus Musterstadt, Raum 3.12']);
    expect(texts('Sie finden uns in der Friedrich-Ebert-Allee 38, 53113 Bonn.')).toEqual(['Friedrich-Ebert-Allee 38, 53113 Bonn']);
    expect(texts('Postanschrift: 53119 Bonn')).toEqual(['53119 Bonn']);
  });

  it('reports online, virtual and hybrid formats as places but not "Online-Angebote"', () => {
    expect(texts('Die Schulung findet online statt. Das Forum ist hybrid, die Sprechstunde virtuell. Online-Angebote gibt es auch.')).toEqual([
      'online',
      'hybrid',
      'virtuell',
    ]);
  });
});

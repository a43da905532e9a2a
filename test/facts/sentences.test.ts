import { describe, expect, it } from 'vitest';
import { SentenceLocator, splitSentences } from '../../core/facts/sentences.ts';

const texts = (text: string) => splitSentences(text).map((s) => s.text);

describe('splitSentences', () => {
  it('splits at sentence ends but not after German abbreviations', () => {
    const text = 'Das gilt z. B. für Kommunen, u. a. in Hessen. Dr. Anna Beispiel leitet das Projekt bzw. die Gruppe. Der NExT e. V. hilft ca. 30 Behörden.';
    expect(texts(text)).toEqual([
      'Das gilt z. B. für Kommunen, u. a. in Hessen.',
      'Dr. Anna Beispiel leitet das Projekt bzw. die Gruppe.',
      'Der NExT e. V. hilft ca. 30 Behörden.',
    ]);
  });

  it('keeps ordinal dates and compact abbreviations inside the sentence', () => {
    const text = 'Die erste #digitaljourney ist am 28. November 2022 in München gestartet. Prof. Müller sprach u.a. zum 3. Quartal. Siehe Nr. 5 und Abs. 2 der Regel.';
    expect(texts(text)).toEqual([
      'Die erste #digitaljourney ist am 28. November 2022 in München gestartet.',
      'Prof. Müller sprach u.a. zum 3. Quartal.',
      'Siehe Nr. 5 und Abs. 2 der Regel.',
    ]);
  });

  it('ends a sentence after a year', () => {
    expect(texts('Zielbild ist eine Verwaltung im Jahr 2050. Auf Basis der Ergebnisse ging es weiter.')).toHaveLength(2);
  });

  it('treats slide lines and bullets as separate units but joins wrapped lines', () => {
    const text = 'Forschungs-, Entwicklungs- und\nUmsetzungsprojekt für die Qualifizierung\n\n- Laufzeit: 01.01.2020 bis 30.06.2022\n- Federführung: Land Bremen\nChristine Schröder\nProjektleiterin';
    expect(texts(text)).toEqual([
      'Forschungs-, Entwicklungs- und\nUmsetzungsprojekt für die Qualifizierung',
      '- Laufzeit: 01.01.2020 bis 30.06.2022',
      '- Federführung: Land Bremen',
      'Christine Schröder',
      'Projektleiterin',
    ]);
  });

  it('joins a date or amount that a PDF line break cut apart, and lines the typesetter wrapped', () => {
    expect(texts('Gefördert werden max. 80\nProzent der Ausgaben.')).toEqual(['Gefördert werden max. 80\nProzent der Ausgaben.']);
    expect(texts('Anträge bis zum 31.\nJuli 2018 einreichen.')).toHaveLength(1);
    expect(texts('Die Anmeldung ist bis Ende Juli\n2025 möglich.')).toHaveLength(1);
    expect(texts('Die Ausstellung ist als Postersession geplant und wird von der Geschäftsstelle\nOrganisiert.')).toHaveLength(1);
    // A key–value line after a date stays apart, and so does a short slide line after a number.
    expect(texts('Laufzeit: 01.01.2020 bis 30.06.2022\nKontakt: Frau Beispiel')).toHaveLength(2);
    expect(texts('Zielgruppe: Führungskräfte in 12\nBerlin und Hamburg')).toHaveLength(2);
  });

  it('reports offsets that point back into the text', () => {
    const text = 'Erster Satz. Zweiter Satz!  Dritter?';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('SentenceLocator', () => {
  it('returns the sentence around a match with white space collapsed', () => {
    const text = 'Einleitung. Die Teilnahme\nist kostenfrei. Schluss.';
    const at = text.indexOf('kostenfrei');
    expect(new SentenceLocator(text).contextOf(at, at + 10)).toBe('Die Teilnahme ist kostenfrei.');
  });

  it('cuts very long sentences to a window around the match', () => {
    const text = `${'Wort '.repeat(400)}Ziel ${'Wort '.repeat(400)}`;
    const at = text.indexOf('Ziel');
    const context = new SentenceLocator(text).contextOf(at, at + 4);
    expect(context).toContain('Ziel');
    expect(context.length).toBeLessThanOrEqual(420);
  });
});

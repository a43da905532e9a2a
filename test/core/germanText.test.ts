import { describe, expect, it } from 'vitest';
import { analyze, detectLanguage, foldGerman, splitCompound, stemGerman } from '../../core/text/germanText.ts';

describe('German text analysis', () => {
  it('drops English stop words that the umlaut transliteration would change ("does" is no "dös")', () => {
    expect(analyze('How long does the course last?')).not.toContain('dos');
    expect(analyze('Herr Schroeder')).toContain('schrod');
  });

  it('folds case, umlauts and ß', () => {
    expect(foldGerman('SCHRÖDER Straße Führung')).toBe('schroder strasse fuhrung');
  });

  it('folds umlauts written as ae/oe/ue, but not vowel pairs that are none', () => {
    expect(foldGerman('Schroeder')).toBe(foldGerman('Schröder'));
    expect(foldGerman('Muenchen Gebuehr')).toBe(foldGerman('München Gebühr'));
    expect(foldGerman('neue Steuer Frauen')).toBe('neue steuer frauen');
  });

  it('stems inflected forms and feminine role nouns to one term', () => {
    expect(stemGerman('fuhrungskrafte')).toBe(stemGerman('fuhrungskraft'));
    expect(stemGerman('projektleiterin')).toBe(stemGerman('projektleiter'));
    expect(stemGerman('ansprechpartnerinnen')).toBe(stemGerman('ansprechpartner'));
  });

  it('drops stop words and keeps hyphenated compounds whole and by part', () => {
    const terms = analyze('Wer ist der Ansprechpartner für die E-Mail-Adresse?');
    expect(terms).not.toContain('wer');
    expect(terms).not.toContain('der');
    expect(terms).toContain('e-mail-adresse');
    expect(terms).toContain(stemGerman('mail'));
    expect(terms).toContain(stemGerman('adresse'));
  });

  it('splits closed compounds into parts the vocabulary knows', () => {
    const vocabulary = new Set([stemGerman('weiterbildung'), stemGerman('plattform')]);
    const parts = splitCompound('weiterbildungsplattform', (stem) => vocabulary.has(stem));
    expect(parts).toEqual([stemGerman('weiterbildung'), stemGerman('plattform')]);
    expect(splitCompound('haus', () => true)).toEqual([]);
  });

  it('tells English questions from German ones', () => {
    expect(detectLanguage('Who is the contact person for KommunalCampus?')).toBe('en');
    expect(detectLanguage('Wer ist Ansprechpartner für KommunalCampus?')).toBe('de');
    expect(detectLanguage('Wann startet die nächste #digitaljourney?')).toBe('de');
    expect(detectLanguage('When does the next training start?')).toBe('en');
  });

  it('tells short questions apart that mix in names and loanwords of the other language', () => {
    // English questions naming German programmes; German questions with English loanwords.
    for (const english of [
      'How long does the Lehrgang für Verwaltungsführung last?',
      'Does the Führungskolleg accept applicants from municipalities?',
      'Is the Verwaltungslehrgang II offered online?',
      'Opening hours of the service desk?',
      'Give me the email of the Kommunalakademie',
      'Are there evening classes?',
    ])
      expect(detectLanguage(english), english).toBe('en');
    for (const german of [
      'Was kostet das Coaching für Führungskräfte?',
      'Sind die Workshops kostenlos?',
      'Telefonnummer der Fortbildungsakademie?',
      'E-Mail der Kommunalakademie bitte',
      'Kurse zu künstlicher Intelligenz für Manager?',
      'Wird der Verwaltungslehrgang II online angeboten?',
    ])
      expect(detectLanguage(german), german).toBe('de');
  });
});

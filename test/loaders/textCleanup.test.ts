import { describe, expect, it } from 'vitest';
import { cleanText, joinParagraphs, normaliseText, repairLineBreakHyphenation } from '../../ingest/loaders/textCleanup.ts';

describe('repairLineBreakHyphenation', () => {
  it('rejoins a word split at a line break', () => {
    expect(repairLineBreakHyphenation('die berufliche Weiter-\nbildung im Amt')).toBe('die berufliche Weiterbildung im Amt');
  });

  it('keeps the ellipsis hyphen before a conjunction', () => {
    expect(repairLineBreakHyphenation('auf Bundes-\nund Landesebene')).toBe('auf Bundes- und Landesebene');
    expect(repairLineBreakHyphenation('Aus-, Fort-\noder Weiterbildung')).toBe('Aus-, Fort- oder Weiterbildung');
  });

  it('keeps real hyphenated compounds and names split at the hyphen', () => {
    expect(repairLineBreakHyphenation('per E-\nMail')).toBe('per E-Mail');
    expect(repairLineBreakHyphenation('Jan-\nOle Beyer')).toBe('Jan-Ole Beyer');
    expect(repairLineBreakHyphenation('des IT-\nPlanungsrates')).toBe('des IT-Planungsrates');
    expect(repairLineBreakHyphenation('IT-\nbasierte Verfahren')).toBe('IT-basierte Verfahren');
    expect(repairLineBreakHyphenation('2020-\n2022')).toBe('2020-2022');
  });

  it('leaves hyphens inside a line and dashes alone', () => {
    const text = 'Bundes- und Landesebene – ein E-Mail-Verteiler\nfür alle';
    expect(repairLineBreakHyphenation(text)).toBe(text);
  });
});

describe('normaliseText', () => {
  it('replaces ligatures, no-break spaces, soft hyphens and invisible characters', () => {
    expect(normaliseText('Qualiﬁzierung\u00A0für\u202Falle Weiter\u00ADbildung\u200B')).toBe('Qualifizierung für alle Weiterbildung');
  });

  it('joins a word split by a soft hyphen at a line end', () => {
    expect(normaliseText('Weiter\u00AD\nbildung')).toBe('Weiterbildung');
  });

  it('composes decomposed umlauts (NFC) so search terms match', () => {
    expect(normaliseText('Pru\u0308fung')).toBe('Prüfung');
  });

  it('collapses spaces and blank-line runs but keeps line structure', () => {
    expect(normaliseText('  Zeile  eins \r\n\tZeile zwei\n\n\n\nAbsatz  ')).toBe('Zeile eins\nZeile zwei\n\nAbsatz');
  });
});

describe('cleanText and joinParagraphs', () => {
  it('normalises and repairs in one step', () => {
    expect(cleanText('Fort-\r\nbildung\u00A0der Landes-\nund Kommunalverwaltung')).toBe('Fortbildung der Landes- und Kommunalverwaltung');
  });

  it('separates paragraphs by one blank line and drops empty ones', () => {
    expect(joinParagraphs(['Erster Absatz.', '  ', 'Zweiter Absatz.'])).toBe('Erster Absatz.\n\nZweiter Absatz.');
  });
});

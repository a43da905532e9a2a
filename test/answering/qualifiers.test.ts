import { describe, expect, it } from 'vitest';
import { compareQualifiers, qualifiersIn } from '../../core/answering/qualifiers.ts';

describe('qualifiers', () => {
  it('reads ordinals, years and designators, English designators as their German documents write them', () => {
    expect(qualifiersIn('Wann findet der 10. Fachkongress 2026 statt?')).toEqual([
      { kind: 'ordinal', value: '10.' },
      { kind: 'year', value: '2026' },
    ]);
    expect(qualifiersIn('When is the written exam for part II?')).toEqual([{ kind: 'designator', noun: 'teil', value: 'teil 2' }]);
    expect(qualifiersIn('Schriftliche Prüfung Teil II: Juni 2027')).toContainEqual({ kind: 'designator', noun: 'teil', value: 'teil 2' });
    // An ordinal written as a word is marked: it often counts days ("am ersten Tag"), not instances.
    expect(qualifiersIn('Wann beginnt die Versammlung am ersten Tag?')).toEqual([{ kind: 'ordinal', value: '1.', word: true }]);
  });

  it('reads an ordinal before a designator noun as that designator ("im siebten Modul" is "Modul 7")', () => {
    expect(qualifiersIn('Worum geht es im siebten Modul des Lehrgangs?')).toEqual([{ kind: 'designator', noun: 'modul', value: 'modul 7' }]);
    expect(qualifiersIn('Was behandelt das 3. Modul?')).toEqual([{ kind: 'designator', noun: 'modul', value: 'modul 3' }]);
    // Folding shortens "Mueller"; the number is still read as the designator only, not as an ordinal too.
    expect(qualifiersIn('Herr Mueller leitet das 3. Modul')).toEqual([{ kind: 'designator', noun: 'modul', value: 'modul 3' }]);
    expect(qualifiersIn('Modul 7: 4./5.04.2025 - Finanzausgleich, Raumordnung & Baurecht')).toContainEqual({ kind: 'designator', noun: 'modul', value: 'modul 7' });
    expect(compareQualifiers(qualifiersIn('im zweiten Teil'), qualifiersIn('Teil II: Juni 2027'))).toEqual({ conflict: false, yearConflict: false, missing: false });
    expect(compareQualifiers(qualifiersIn('im siebten Modul'), qualifiersIn('Modul 6: Rhetorik')).conflict).toBe(true);
  });

  it('tells a conflicting qualifier from a missing one', () => {
    const asked = qualifiersIn('der 10. Fachkongress');
    expect(compareQualifiers(asked, qualifiersIn('Der 9. Fachkongress fand in Bremen statt.'))).toMatchObject({ conflict: true, missing: false });
    expect(compareQualifiers(asked, qualifiersIn('Der Fachkongress fand in Bremen statt.'))).toMatchObject({ conflict: false, missing: true });
    expect(compareQualifiers(asked, qualifiersIn('Der 10. Fachkongress findet in Kiel statt.'))).toMatchObject({ conflict: false, missing: false });
  });
});

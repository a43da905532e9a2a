import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSynsetLine, Thesaurus, thesaurus } from '../../core/answering/extractive/openThesaurus.ts';
import { synonymsOf } from '../../core/answering/extractive/synonyms.ts';
import { DEFAULT_RESOURCE_FILES } from '../../core/answering/languageResources.ts';
import { analyze } from '../../core/text/germanText.ts';

// Lines in the format of /usr/share/openthesaurus-de/openthesaurus.txt: one synonym set per line.
const LINES = [
  '# OpenThesaurus - German Thesaurus in text format',
  'Seminar;Training;Kurs;Workshop;Lehrgang;Bildungsmaßnahme;Kursus;Weiterbildung',
  'anmelden;(sich) registrieren;einschreiben;eintragen (lassen);für wenig Geld zu haben',
  'kostengünstig;Billig...;preiswert (ugs.)',
];

describe('OpenThesaurus synonym sets', () => {
  it('keeps one-word entries as stems, without annotations, phrases and prefixes', () => {
    expect(parseSynsetLine(LINES[0]!)).toEqual([]);
    expect(parseSynsetLine(LINES[2]!)).toEqual(analyze('anmelden registrieren einschreiben eintragen'));
    expect(parseSynsetLine(LINES[3]!)).toEqual(analyze('kostengünstig preiswert'));
  });

  it('finds the sets of a stem', () => {
    const sets = Thesaurus.fromText(LINES.join('\n'));
    expect(sets.size).toBe(3);
    expect(sets.setsOf(analyze('Lehrgang')[0]!)[0]).toContain(analyze('Weiterbildung')[0]);
    expect(sets.setsOf(analyze('Lehrgang')[0]!, 5)).toEqual([]);
  });
});

describe.skipIf(!existsSync(DEFAULT_RESOURCE_FILES.openThesaurus))('the installed OpenThesaurus (openthesaurus-de-text)', () => {
  it('adds synonyms for predicate words only', () => {
    expect(thesaurus()!.size).toBeGreaterThan(10_000);
    const stem = analyze('anmelden')[0]!;
    expect(synonymsOf(stem, 'predicate')).toContain(analyze('immatrikulieren')[0]);
    expect(synonymsOf(stem, 'subject')).not.toContain(analyze('immatrikulieren')[0]);
  });
});

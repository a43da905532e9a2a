import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';
import type { EvidenceUnit } from '../../core/answering/extractive/evidenceUnits.ts';
import { refersBack } from '../../core/answering/extractive/features.ts';

/**
 * A sentence that points back to the one before it ("Sie ist …", "Damals …", "an diesem Tag") says what
 * that sentence's date or person is. Documents written for this test.
 */

const ARTICLE_TXT = `Landesschule Nordheide feiert Jubiläum

Den Weg nach Nordheide kennt Staatssekretärin Petra Olsen gut. Sie besucht die Landesschule für Steuerverwaltung oft zu Prüfungsfeiern, zuletzt am 2. Mai zur Vereidigung von 120 Anwärterinnen und Anwärtern. Am Freitag, 14. Oktober, kommt sie wieder in den Festsaal, dann aus einem besonderen Anlass.

Nordheide. Die Staatssekretärin hält die Festrede zum fünfzigjährigen Bestehen der Landesschule, das an diesem Tag mit Gästen begangen wird.

Der nächste Lehrgang beginnt am 1. September.
`;

const STUDY_TXT = `Verwaltungsstudium in Südhafen

„Wer bei uns studiert, hat schon einen Arbeitgeber“, sagt Miriam Voss über die steigenden Bewerberzahlen. Sie ist die zuständige Studiengangskoordinatorin für den Bachelor Kommunalverwaltung Südhafen an der Hochschule Südhafen.

Die Hochschule bildet seit mehreren Jahren für die Kommunen der Region aus.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('back-reference', { 'nordheide.txt': ARTICLE_TXT, 'suedhafen.txt': STUDY_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('a sentence that points back', () => {
  it('dates what "an diesem Tag" in the sentence after the date names', async () => {
    const answer = await documents.assistant.ask({ question: 'An welchem Tag wird das fünfzigjährige Bestehen der Landesschule Nordheide gefeiert?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('14. Oktober');
    expect(answer.citations.map((c) => c.source)).toContain('nordheide.txt');
  });

  it('names the person "Sie ist die zuständige …" refers to', async () => {
    const answer = await documents.assistant.ask({ question: 'Wer ist für den Bachelor Kommunalverwaltung an der Hochschule Südhafen zuständig?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Miriam Voss');
  });
});

describe('what points back', () => {
  const sentence = (text: string) => ({ kind: 'sentence', text, block: 0 }) as unknown as EvidenceUnit;
  const before = sentence('Am 3. Mai spricht Jana Berg in der Akademie.');
  it('is a third person, "damals" or "an diesem Tag", not the formal "Sie"', () => {
    expect(refersBack(sentence('Sie ist die Leiterin der Akademie.'), before)).toBe(true);
    expect(refersBack(sentence('Er leitet das Referat seit 2019.'), before)).toBe(true);
    expect(refersBack(sentence('Damals gründete der Städteverein die Schule.'), before)).toBe(true);
    expect(refersBack(sentence('Die Feier, die an diesem Tag stattfindet, ist öffentlich.'), before)).toBe(true);
    expect(refersBack(sentence('Sie können sich online anmelden.'), before)).toBe(false);
    expect(refersBack(sentence('Die Akademie bietet 40 Seminare an.'), before)).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * A regulation that repeats one sentence per paragraph with other sums: the sentence before each names
 * its course of study. Written for this test, in the form of a state's cost regulation.
 */

const KOSTEN_TXT = `Verordnung über die Kosten der Ausbildung an der Verwaltungsfachhochschule Talheim

§ 2 Kosten der Ausbildung

(1) Im Studiengang gehobener nichttechnischer Verwaltungsdienst betragen die Gesamtkosten des Studiums pro Studierenden 18.400 €. Für die Belegung eines Studienplatzes werden je Monat des Fachstudiums 870 € festgesetzt.

(2) Im Studiengang gehobener nichttechnischer Dienst in der Sozialverwaltung betragen die Gesamtkosten des Studiums pro Studierenden 23.100 €. Für die Belegung eines Studienplatzes werden je Monat des Fachstudiums 1.210 € festgesetzt.

(3) Im Studiengang gehobener technischer Dienst in der Verwaltungsinformatik betragen die Gesamtkosten des Studiums pro Studierenden 22.800 €. Für die Belegung eines Studienplatzes werden je Monat des Fachstudiums 990 € festgesetzt.
`;

const STUDIUM_TXT = `Studium an der Verwaltungsfachhochschule Talheim

Die Verwaltungsfachhochschule Talheim bildet Beamtinnen und Beamte für den gehobenen Dienst aus. Das Studium dauert drei Jahre und wechselt zwischen Fachstudium und Praxis.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('template-twins', { 'kostenverordnung.txt': KOSTEN_TXT, 'studium.txt': STUDIUM_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('one sentence repeated per section with other numbers', () => {
  it('answers from the section whose own sentences name the course asked about', async () => {
    const answer = await documents.assistant.ask({
      question: 'Was wird je Monat des Fachstudiums für einen Studienplatz im gehobenen nichttechnischen Verwaltungsdienst festgesetzt?',
    });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('870 €');
    expect(answer.answer).not.toContain('1.210 €');
    expect(answer.answer).not.toContain('990 €');
  });
});

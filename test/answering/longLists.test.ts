import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * "Welche Fächer …?" over a curriculum of fourteen subjects: the answer gives them all, not the first
 * eight. Documents written for this test.
 */

const SUBJECTS = [
  'Staatsrecht', 'Allgemeines Verwaltungsrecht', 'Bürgerliches Recht', 'Kommunales Finanzwesen', 'Personalwesen', 'Kommunalrecht',
  'Verwaltungslehre', 'Kommunales Abgabenrecht', 'Betriebswirtschaftslehre', 'Sozialhilferecht', 'Polizeirecht', 'Baurecht',
  'Personenstandswesen', 'Ordnungswidrigkeitenrecht',
];

const CURRICULUM_MD = `# Vorbereitungslehrgang Verwaltungsfachangestellte – Verwaltungsschule Nordwald

Der Vorbereitungslehrgang der Verwaltungsschule Nordwald findet zweimal im Jahr statt.

## Lehrplan

Der Lehrplan umfasst folgende Fächer:

${SUBJECTS.map((s) => `- ${s}`).join('\n')}

## Anmeldung

Bitte melden Sie sich über das Anmeldeformular bis zum 14. November an.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('long-lists', { 'nordwald-lehrplan.md': CURRICULUM_MD });
});

afterAll(async () => {
  await documents?.close();
});

describe('a list question over a long list', () => {
  it('gives every item of the list', async () => {
    const answer = await documents.assistant.ask({ question: 'Welche Fächer stehen im Lehrplan des Vorbereitungslehrgangs der Verwaltungsschule Nordwald?' });
    expect(answer.answered).toBe(true);
    for (const subject of SUBJECTS) expect(answer.answer).toContain(subject);
    expect(answer.answer.length).toBeLessThanOrEqual(800);
  });
});

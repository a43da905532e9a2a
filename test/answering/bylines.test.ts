import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * A news text opens with a byline ("Landkreis Waldau · 13. Februar 2023"): the day it was published and
 * its publisher, not the day or place of what it reports. Documents written for this test.
 */

const ARTICLE_TXT = `Verwaltungsschule startet in neuen Räumen
=========================================

Kreisnachrichten – Spektrum
Landkreis Waldau · 13. Februar 2023

Mit dem neuen Jahr beginnt für die angehenden Verwaltungswirtinnen und Verwaltungswirte des Landkreises Waldau der Unterricht an der Verwaltungsschule. Für 88 Schülerinnen und Schüler ging es von der praktischen Tätigkeit zurück ins Klassenzimmer.

Die Verwaltungsschule des Landkreises Waldau unterrichtet in diesem Jahr erstmals in den Räumen des Bildungszentrums am Schlossplatz in Waldau.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('bylines', { 'kreisnachrichten-verwaltungsschule.txt': ARTICLE_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('the byline of an article', () => {
  it('does not give the day the reported event began', async () => {
    const answer = await documents.assistant.ask({ question: 'An welchem Tag begann 2023 der Unterricht an der Verwaltungsschule des Landkreises Waldau?' });
    expect(answer.answer).not.toContain('13. Februar 2023');
  });

  it('does not give the place of what is reported', async () => {
    const answer = await documents.assistant.ask({ question: 'In welchem Gebäude unterrichtet die Verwaltungsschule des Landkreises Waldau 2023?' });
    expect(answer.answer).not.toMatch(/^Landkreis Waldau/);
  });

  it('still lets the article answer what it says', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie viele Schülerinnen und Schüler hat die Verwaltungsschule des Landkreises Waldau 2023?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('88');
  });
});

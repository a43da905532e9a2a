import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * The one phone number a document gives is its contact, but only for what the document is about: a
 * question about an institution no document describes is not answered with it. Documents written for this test.
 */

// Another programme, with no phone number; no document is about the Landesakademie asked for.
const SEMINAR_TXT = `Seminar Haushaltsrecht für die öffentliche Verwaltung

Das Seminar Haushaltsrecht richtet sich an Beschäftigte der öffentlichen Verwaltung in Nordstadt und findet im Rathaus statt.
`;

const ZENTRUM_TXT = `Demokratiezentrum Südheide

Das Demokratiezentrum Südheide berät Kommunen, Verwaltungen und Vereine zu Beteiligung und politischer Bildung.

Kontakt
Demokratiezentrum Südheide
Tel.: 05141 / 7399 – 0
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('contact-subject', { 'haushaltsrecht.txt': SEMINAR_TXT, 'demokratiezentrum.txt': ZENTRUM_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('the one phone number of a document', () => {
  it('answers a question about what the document is about', async () => {
    const answer = await documents.assistant.ask({ question: 'Unter welcher Telefonnummer erreiche ich das Demokratiezentrum Südheide?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('05141 / 7399');
  });

  it('does not give it for an institution no document is about', async () => {
    const answer = await documents.assistant.ask({ question: 'Unter welcher Telefonnummer erreiche ich die Landesakademie für öffentliche Verwaltung in Nordstadt?' });
    expect(answer.answer).not.toContain('7399');
    expect(answer.citations.map((c) => c.source)).not.toContain('demokratiezentrum.txt');
    expect(answer.answered).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * A page of several seminars, each in a section that opens with its day: a question about the seminar on
 * one day is not answered from the section of another. Documents written for this test.
 */

const SEMINARS_HTML = `<!doctype html><html lang="de"><head><title>Seminare für Ratsmitglieder – Kommunalakademie Weserland</title></head><body><main>
<h1>Seminare für Ratsmitglieder</h1>
<h2>Haushalt verstehen</h2>
<p>Haushaltsrecht für neu gewählte Ratsmitglieder<br>am 12.03.2027 in Hameln</p>
<p>Das Seminar führt in die Grundlagen des kommunalen Haushaltsrechts ein und zeigt, wie Ratsmitglieder den Haushaltsplan lesen.</p>
<h3>Kosten:</h3>
<p>Seminargebühr 180 € + 30 € Verpflegungspauschale</p>
<h2>18.05.2027 – 09:30 bis 16:00 Uhr in Hameln</h2>
<p>Sitzungen souverän leiten: Das Seminar zeigt, wie Ratsmitglieder Sitzungen vorbereiten und leiten.</p>
<h3>Inhalte des Seminars:</h3>
<ul><li>Geschäftsordnung</li><li>Sitzungsleitung</li><li>Umgang mit Konflikten</li></ul>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('section-days', { 'weserland-ratsseminare.html': SEMINARS_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a question about the seminar on one day', () => {
  it('is not answered with the fee given in the section of another day', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie hoch ist die Seminargebühr für das Seminar der Kommunalakademie Weserland am 18. Mai 2027?' });
    expect(answer.answered).toBe(false);
  });

  it('is answered from the section of its own day', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie hoch ist die Seminargebühr für das Seminar der Kommunalakademie Weserland am 12. März 2027?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('180 €');
  });
});

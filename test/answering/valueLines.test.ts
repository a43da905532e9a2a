import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/** An event page that gives its day, time and place as lines of their own under the title, written for this test. */

const SEMINAR_HTML = `<!doctype html><html lang="de"><head><title>Seminare für Kommunalpolitiker</title></head><body><main>
<h1>Seminare für Kommunalpolitiker</h1>
<h2>Haushaltsrecht und Haushaltssatzung in Talheimer Gemeinden</h2>
<p>Sonnabend, 21. März 2026</p>
<p>09:30 Uhr - 16:30 Uhr</p>
<p>Talheim</p>
<p>Das Seminarangebot richtet sich vor allem an Mitglieder der Gemeindevertretungen, die über den Haushalt ihrer Gemeinde beraten und beschließen.</p>
<p>Das Seminar vermittelt die Grundlagen des kommunalen Haushaltsrechts und zeigt an Beispielen, wie eine Haushaltssatzung entsteht.</p>
</main></body></html>`;

// Another page of the same site, so that the question's words are not all rare.
const LEHRGANG_TXT = `Lehrgang Verwaltungsfachangestellte

Der Lehrgang für Verwaltungsfachangestellte in Talheimer Gemeinden beginnt jedes Jahr im September. Der Unterricht findet an zwei Tagen in der Woche im Rathaus statt.

Das Seminar zur Prüfungsvorbereitung findet im Mai statt.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('value-lines', { 'seminare.html': SEMINAR_HTML, 'lehrgang.txt': LEHRGANG_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('a value on a line of its own', () => {
  it('answers with the date line under the event title, which is data, not a caption', async () => {
    const answer = await documents.assistant.ask({ question: 'An welchem Tag findet das Seminar zum Haushaltsrecht in Talheimer Gemeinden statt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('21. März 2026');
  });
});

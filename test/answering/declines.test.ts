import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * A question the documents do not answer: the decline, and the document it points to as about the topic.
 * Documents written for this test.
 */

// An announcement that says what the forum discusses, not where it takes place.
const FORUM_MD = `# Forum Digitale Verwaltung 2026: neue Konzepte für die Verwaltung

Der Verband kommunaler Softwareanbieter lädt zum Forum Digitale Verwaltung 2026 ein. Ohne die Projekte des Bundes blockieren zu wollen, soll das Forum Digitale Verwaltung der Frage nachgehen, ob alternative Lösungsansätze in Anbetracht der Wichtigkeit des Themas sinnvoll sind.

Die Teilnahme ist für Mitglieder kostenfrei.
`;

// Another page of the same year, with a place.
const TREFFEN_HTML = `<!doctype html><html lang="de"><head><title>Treffen der Behördenleiter 2026 – Landkreis Talheim</title></head><body><main>
<h1>Treffen der Behördenleiter 2026</h1>
<p>Zum 25. Mal findet das Treffen der Behördenleiter in diesem Jahr statt. Im großen Festsaal der Burg Talstein informieren der Landrat und die Behördenleiter über aktuelle Themen.</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('declines', { 'forum-digitale-verwaltung-2026.md': FORUM_MD, 'behoerdenleiter-2026.html': TREFFEN_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a place question the documents do not answer', () => {
  it('declines instead of taking a fixed phrase ("in Anbetracht") for a place', async () => {
    const answer = await documents.assistant.ask({ question: 'Wo findet das Forum Digitale Verwaltung 2026 statt?' });
    expect(answer.answered).toBe(false);
    expect(answer.answer).not.toContain('Anbetracht');
    // The year names no topic: the hint is the forum's page, not another page of 2026.
    expect(answer.answer).toContain('(forum-digitale-verwaltung-2026.md)');
  });

  it('points to the document about what is asked, not to another page of the same year', async () => {
    const answer = await documents.assistant.ask({ question: 'Wo findet das Digitalforum 2026 statt?' });
    expect(answer.answered).toBe(false);
    expect(answer.answer).not.toContain('behoerdenleiter-2026.html');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * "Was kostet das Seminar X?" is not answered by the sentence that introduces X: a sentence answers a
 * question for a sum, a number or a date only where it speaks of that kind of fact. Documents written for
 * this test.
 */

const NEWS_HTML = `<!doctype html><html lang="de"><head><title>Gemeinsam für offene Verwaltungen – News – Akademie Mittelweser</title></head><body><main>
<h1>Gemeinsam für offene Verwaltungen</h1>
<p>Hannover – Mit dem neuen Seminar „Vertrauen stärken in Kommunen – Bürgerinnen und Bürger beteiligen, Verwaltung öffnen“ setzt die Akademie Mittelweser ein Zeichen für eine offene Verwaltung in den Kommunen.</p>
<p>Im Mittelpunkt stehen praxisnahe Methoden, mit denen Verwaltungen Beteiligungsverfahren planen und Ergebnisse in Entscheidungen einbringen.</p>
</main></body></html>`;

const COURSE_HTML = `<!doctype html><html lang="de"><head><title>Seminar „Bürgerbeteiligung digital“ – Bildungswerk Oberland</title></head><body><main>
<h1>Seminar „Bürgerbeteiligung digital“</h1>
<p>Das Seminar „Bürgerbeteiligung digital“ zeigt Beschäftigten der Landkreise, wie sie Online-Beteiligung organisieren.</p>
<p>Die Teilnahme ist für Beschäftigte der Landkreise im Oberland kostenfrei.</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('uncued-passages', { 'mittelweser-vertrauen-staerken.html': NEWS_HTML, 'oberland-buergerbeteiligung-digital.html': COURSE_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a question for a sum', () => {
  it('is declined when the page about the seminar says nothing of costs, naming that page', async () => {
    const answer = await documents.assistant.ask({ question: 'Was kostet das Seminar „Vertrauen stärken in Kommunen“ pro Person?' });
    expect(answer.answered).toBe(false);
    expect(answer.answer).toContain('mittelweser-vertrauen-staerken.html');
  });

  it('is answered by a sentence that speaks of costs in words', async () => {
    const answer = await documents.assistant.ask({ question: 'Was kostet das Seminar „Bürgerbeteiligung digital“ des Bildungswerks Oberland?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('kostenfrei');
  });
});

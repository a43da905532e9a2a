import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * Times of day have a role as dates do ("ab 09:30 Uhr" starts, "bis 22:00 Uhr" ends), and an agenda in
 * capitals ("13 UHR ERÖFFNUNG") still gives its time. Documents written for this test.
 */

const CONFERENCE_HTML = `<!doctype html><html lang="de"><head><title>Herbsttagung des Netzwerks Kommunale IT 2026</title></head><body><main>
<h1>Herbsttagung des Netzwerks Kommunale IT 2026</h1>
<p>Die Herbsttagung des Netzwerks Kommunale IT findet am 12. November 2026 in der Stadthalle Lindenau statt.</p>
<h2>Zeit</h2>
<p>bis 22:00 Uhr</p>
<p>ab 09:30 Uhr</p>
</main></body></html>`;

const FAIR_HTML = `<!doctype html><html lang="de"><head><title>Fachmesse Digitale Verwaltung Lindenau</title></head><body><main>
<h1>Fachmesse Digitale Verwaltung Lindenau</h1>
<h2>Programm am Vormittag</h2>
<p>11 UHR ERÖFFNUNG DER FACHMESSE</p>
<p>Die Fachmesse zeigt Lösungen für digitale Verwaltungsleistungen.</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('times-of-day', { 'herbsttagung.html': CONFERENCE_HTML, 'fachmesse.html': FAIR_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('times of day', () => {
  it('answer "Ab wie viel Uhr …?" with the time things start, not the time they end', async () => {
    const answer = await documents.assistant.ask({ question: 'Ab wie viel Uhr geht es bei der Herbsttagung des Netzwerks Kommunale IT los?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('09:30');
    expect(answer.answer).not.toContain('22:00');
  });

  it('are read from an agenda set in capitals', async () => {
    const answer = await documents.assistant.ask({ question: 'Um wie viel Uhr wird die Fachmesse Digitale Verwaltung in Lindenau eröffnet?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/11 UHR/);
  });
});

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

// One event on its page, whose first lines carry the day it was published.
const EVENT_HTML = `<!doctype html><html lang="de"><head><title>Fachtag Digitale Schule – Landkreis Süderheide</title></head><body><main>
<h1>Fachtag Digitale Schule</h1>
<p>Veröffentlicht am 02.02.2027</p>
<p>Digitale Medien verändern den Unterricht an allen Schulformen. Schulträger stehen vor der Aufgabe, Geräte zu beschaffen, Netze auszubauen und die Wartung zu organisieren, während Lehrkräfte neue Formen des Lernens erproben. Der Fachtag bringt beide Seiten zusammen, stellt Beispiele aus dem Landkreis vor und bietet Raum für Austausch in kleinen Gruppen zu Ausstattung, Datenschutz und Fortbildung.</p>
<p>Der Landkreis Süderheide lädt Schulträger und Lehrkräfte am 20. April 2027 zum Fachtag Digitale Schule ins Kreishaus Süderheide ein.</p>
<p>Die Teilnahmegebühr für den Fachtag Digitale Schule beträgt 40 € pro Person.</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('section-days', { 'weserland-ratsseminare.html': SEMINARS_HTML, 'suederheide-fachtag.html': EVENT_HTML });
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

  it('is answered on the page of a single event, whatever day its first lines name', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie hoch ist die Teilnahmegebühr für den Fachtag Digitale Schule am 20. April 2027?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('40 €');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * "Wer leitet die Einheit „Antragsfitness“?": the page lists the unit as a programme line and never calls it
 * an "Einheit"; the quoted title names what is asked. Documents written for this test.
 */

const PROGRAMME_HTML = `<!doctype html><html lang="de"><head><title>Kommunalakademie Havelland 2026</title></head><body><main>
<h1>Kommunalakademie Havelland 2026</h1>
<p>Die Kommunalakademie Havelland bietet auch in diesem Jahr Seminare für ehrenamtliche Kommunalpolitikerinnen und Kommunalpolitiker an.</p>
<h2>Freitag, 6. November 2026</h2>
<p>17.00 – 20.00 Uhr Antragsfitness – mit Jonas Weidler</p>
<h2>Samstag, 7. November 2026</h2>
<p>09.00 – 12.00 Uhr Haushalt lesen – mit Karin Olbrecht</p>
</main></body></html>`;

// Two seminar pages of one academy: the quoted title names the first, a word of it ("Kommunen") the second.
const NEWS_HTML = `<!doctype html><html lang="de"><head><title>Gemeinsam für offene Verwaltungen – Akademie Mittelweser</title></head><body><main>
<h1>Gemeinsam für offene Verwaltungen</h1>
<p>Mit dem neuen Seminar „Vertrauen stärken in Kommunen – Bürger beteiligen, Verwaltung öffnen“ setzt die Akademie Mittelweser ein Zeichen für eine offene Verwaltung in den Kommunen.</p>
</main></body></html>`;

const COURSE_HTML = `<!doctype html><html lang="de"><head><title>Seminar „Bürgerbeteiligung digital“ – Akademie Mittelweser</title></head><body><main>
<h1>Seminar „Bürgerbeteiligung digital“</h1>
<p>Das Seminar „Bürgerbeteiligung digital“ zeigt Beschäftigten der Kommunen, wie sie Online-Beteiligung organisieren.</p>
<p>Die Teilnahme ist für Beschäftigte der Mitgliedskommunen kostenfrei.</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('quoted-titles', {
    'kommunalakademie-havelland.html': PROGRAMME_HTML,
    'mittelweser-vertrauen-staerken.html': NEWS_HTML,
    'mittelweser-buergerbeteiligung-digital.html': COURSE_HTML,
  });
});

afterAll(async () => {
  await documents?.close();
});

describe('a quoted title in the question', () => {
  it('names what is asked, whatever kind of thing the question calls it', async () => {
    const answer = await documents.assistant.ask({ question: 'Wer leitet bei der Kommunalakademie Havelland die Einheit „Antragsfitness“?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Jonas Weidler');
    expect(answer.answer).not.toContain('Karin Olbrecht');
  });

  it('is not answered from a document that does not name that title', async () => {
    const answer = await documents.assistant.ask({ question: 'Was kostet das Seminar „Vertrauen stärken in Kommunen“ pro Person?' });
    expect(answer.answered).toBe(false);
    expect(answer.answer).not.toContain('kostenfrei');
  });
});

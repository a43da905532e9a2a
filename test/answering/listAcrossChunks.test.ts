import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/** A list that a chunk border cuts in two, on a press release written for this test. */

const TOPICS = [
  'Landkreis Talheim – Entwicklung und Finanzen',
  'Digitalisierung – Landkreis und Kommunen',
  'Schulentwicklungsplanung im Landkreis Talheim',
  'Amt für Landentwicklung und Flurneuordnung – Informationen zur Verwaltungsstruktur im ländlichen Raum',
  'Straßenbauamt – Strukturen, Entwicklung und Investitionen 2026',
];

const PRESS_HTML = `<!doctype html><html lang="de"><head><title>Behördenleitertreffen 2026 des Landkreises Talheim</title></head><body><main>
<h1>Traditionelles Behördenleitertreffen auf Burg Talstein</h1>
<p>Am Vortag von Mariä Lichtmess lädt der Landrat traditionell die Bürgermeister, die Leiter der Behörden und die Vertreter der Kirchen, der Polizei, der Bundeswehr und der Wirtschaft zum Behördenleitertreffen auf Burg Talstein ein. Zum 25. Mal findet das Treffen in diesem Jahr statt, und wie in jedem Jahr wird es mit einem Gottesdienst in der Burgkapelle eröffnet.</p>
<p>Im großen Festsaal informieren danach der Landrat und die Dezernenten über die Arbeit der Kreisverwaltung im vergangenen Jahr, über die Vorhaben des neuen Jahres und über die Lage der Kreisfinanzen. Anschließend berichten die Leiter der Landesbehörden über ihre Arbeit im Landkreis.</p>
<p>Informationen und Gespräche sind in diesem Jahr zu nachfolgenden Themen vorgesehen:</p>
<ul>
${TOPICS.map((t) => `<li>${t}</li>`).join('\n')}
</ul>
<p>Im Anschluss informiert der Landrat in einem Pressegespräch über die wesentlichen Inhalte der Beratung. Dazu sind alle Pressevertreter am Freitag ab 12:30 Uhr in den großen Festsaal der Burg Talstein eingeladen. Um eine Anmeldung bis Mittwoch wird gebeten.</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('list-across-chunks', { 'behoerdenleitertreffen.html': PRESS_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a list that goes on in the next chunk', () => {
  it('answers with every item, also those after the chunk border', async () => {
    const answer = await documents.assistant.ask({ question: 'Über welche Themen wird beim Behördenleitertreffen 2026 des Landkreises Talheim gesprochen?' });
    expect(answer.answered).toBe(true);
    for (const topic of TOPICS) expect(answer.answer).toContain(topic);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * "Mit welcher Hochschule …?" asks which one of a kind: the sentence that names one ("der Hochschule
 * Harburg", "der 12. Jahrgang") answers it, not one that names other organisations of the subject.
 * Documents written for this test.
 */

const NEWS_HTML = `<!doctype html><html lang="de"><head><title>Neuer Zertifikatskurs der Verwaltungsschule Nordheide</title></head><body><main>
<h1>Verwaltungsschule Nordheide startet Zertifikatskurs Digitale Verwaltung</h1>
<p>Seit der Gründung der Verwaltungsschule läuft nun bereits der 12. Jahrgang.</p>
<p>Buchholz (VSN) Mit einem breiten Programm startet die Verwaltungsschule Nordheide in das neue Seminarjahr.</p>
<p>Sitz der Verwaltungsschule Nordheide ist das Bildungszentrum Lüneburger Heide in Buchholz.</p>
<p>In der Verwaltungsschule Nordheide (VSN) arbeiten die Fortbildungen des Landkreises und der Gemeinden in einer gemeinsamen Plattform zusammen.</p>
<p>Den bewährten Zertifikatskurs Digitale Verwaltung führt die Verwaltungsschule gemeinsam mit der Hochschule Harburg für Beschäftigte aller Gemeinden durch.</p>
<p>Jeder Jahrgang des Zertifikatskurses Digitale Verwaltung beginnt im Herbst mit einer Einführungswoche in Buchholz.</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('named-focus', { 'nordheide-zertifikatskurs.html': NEWS_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a question for which one of a kind', () => {
  it('is answered by the sentence that names one of that kind', async () => {
    const answer = await documents.assistant.ask({ question: 'Mit welcher Hochschule führt die Verwaltungsschule Nordheide den Zertifikatskurs Digitale Verwaltung durch?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Hochschule Harburg');
  });

  it('reads an ordinal before the noun as naming one ("Der wievielte Jahrgang …?")', async () => {
    const answer = await documents.assistant.ask({ question: 'Der wievielte Jahrgang des Zertifikatskurses Digitale Verwaltung beginnt im Herbst?' });
    expect(answer.answered).toBe(true);
    // The sentence that names the "Jahrgang" comes first, before the one that only speaks of it.
    expect(answer.answer.split('[1]')[0]).toContain('12. Jahrgang');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * "Wie melde ich mich an?" is answered by the sentence that says how (an e-mail, a form, a portal), not by
 * one that only talks about registrations. Documents written for this test.
 */

const TERMS_HTML = `<!doctype html><html lang="de"><head><title>Teilnahmebedingungen – Fortbildungszentrum Weserbergland</title></head><body><main>
<h1>Teilnahmebedingungen für Seminare des Fortbildungszentrums Weserbergland</h1>
<p>Das Fortbildungszentrum Weserbergland bietet Seminare für Beschäftigte der Kommunen im Weserbergland an. Anmeldungen für Seminare des Fortbildungszentrums sind das ganze Jahr über willkommen, auch für Seminare im Herbst und im Winter, doch die beliebten Seminare des Jahresprogramms zu Haushaltsrecht, Vergaberecht und Führung sind oft schon im Frühjahr ausgebucht.</p>
<p>Die Anmeldung für die Seminare erfolgt über die Fortbildungsbeauftragten der Dienststellen im Buchungsportal WeserCampus.</p>
<p>Eine Bestätigung erhalten Sie zwei Wochen vor Seminarbeginn.</p>
</main></body></html>`;

// A regulation that says how one is registered, and ends with the one phone number of its office.
const RULES_MD = `# Lehrgangsordnung der Verwaltungsakademie Elbtal

## § 3 Anmeldung

(1) Beschäftigte, die an einem Aufstiegslehrgang teilnehmen wollen und die Voraussetzungen erfüllen, werden von ihren Dienststellen bei der Verwaltungsakademie Elbtal angemeldet. Eine Anmeldung durch die Beschäftigten selbst ist nicht vorgesehen.

(2) Die Verwaltungsakademie Elbtal entscheidet über die Zulassung bis zum Ende des Vormonats.

## Geschäftsstelle

Verwaltungsakademie Elbtal, Referat Lehrgänge

Telefon: 0351 448 2210
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('procedure', { 'weserbergland-teilnahme.html': TERMS_HTML, 'elbtal-lehrgangsordnung.md': RULES_MD });
});

afterAll(async () => {
  await documents?.close();
});

describe('a question for the way to register', () => {
  it('is answered by the sentence that names the way', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie melde ich mich für ein Seminar des Fortbildungszentrums Weserbergland an?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('WeserCampus');
  });

  it("is not answered by the page's only phone number when a passage says how", async () => {
    const answer = await documents.assistant.ask({ question: 'Wie melde ich mich für einen Aufstiegslehrgang der Verwaltungsakademie Elbtal an?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('von ihren Dienststellen');
  });
});

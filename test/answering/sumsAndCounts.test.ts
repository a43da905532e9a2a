import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/** Sums and counts named in other words than the question's, over documents written for this test. */

const GEBUEHREN_HTML = `<!doctype html><html lang="de"><head><title>Studiengebühren</title></head><body><main>
<h1>Studiengebühren der Verwaltungsakademie Nordstadt</h1>
<h2>Gebühren und Zahlungstermine</h2>
<p>Die Studiengebühren betragen ab 2025 für beide Studiengänge pauschal 890,- Euro je Semester.</p>
<p>Die Prüfungsgebühr für die abschließenden Prüfungen beträgt 490,- Euro.</p>
<p>Inhaber der Ehrenamtskarte erhalten einen Nachlass von 10 % auf die Studiengebühren.</p>
</main></body></html>`;

const TRAINEE_TXT = `Traineeprogramm der Stadt Nordstadt

Bereits das vierte Jahr in Folge bietet die Stadt Hochschulabsolventen die Möglichkeit, als Trainee beruflich Fuß zu fassen; 2025 absolvieren sieben Trainees die Ausbildung.

Die Anwärterbezüge betragen derzeit knapp 1400 Euro brutto im Monat.
`;

const FEES_EN_HTML = `<!doctype html><html lang="en"><head><title>Fees and funding</title></head><body><main>
<h1>Master of Public Management: fees and funding</h1>
<p>Upon admission to the Master of Public Management program, sign the tuition agreement and pay the registration fee of € 500 in order to secure your place.</p>
<p>The current tuition fee for the 12 month program is € 13.400 and it has to be paid in four installments.</p>
</main></body></html>`;

// One long sentence whose figures stand at its end.
// The sum is a "Teilnahmebetrag": an amount, no "Gebühr" or "Kosten".
const TAGUNG_HTML = `<!doctype html><html lang="de"><head><title>Tagung Moderne Kreisverwaltung – Universität Lahnstein</title></head><body><main>
<h1>Tagung „Moderne Kreisverwaltung“</h1>
<p>Die Tagung „Moderne Kreisverwaltung“ der Universität Lahnstein findet am 14. Oktober 2027 im Schloss Lahnstein statt.</p>
<p>Der Teilnahmebetrag beträgt 25 Euro, für Studierende 10 Euro.</p>
</main></body></html>`;

const BESCHAEFTIGTE_TXT = `Kommunalakademie Brandenburg

So ging die Zahl der Verwaltungsbeschäftigten in den Gemeinden und Gemeindeverbänden des Landes Brandenburg und mithin die Kundenbasis aller kommunalen Studieninstitute in der Zeit von 1992 bis 1998 um etwa die Hälfte zurück (1992: ca. 99 900 Beschäftigte, 1998: ca. 51 000 Beschäftigte).
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('sums', { 'gebuehren.html': GEBUEHREN_HTML, 'traineeprogramm.txt': TRAINEE_TXT, 'fees.html': FEES_EN_HTML, 'beschaeftigte.txt': BESCHAEFTIGTE_TXT, 'lahnstein-tagung.html': TAGUNG_HTML });
});

afterAll(async () => {
  await documents?.close();
});

const ask = (question: string) => documents.assistant.ask({ question });

describe('sums and counts in other words', () => {
  it('answers a follow-up for what the participation costs with a "Teilnahmebetrag"', async () => {
    const first = 'Wann findet die Tagung „Moderne Kreisverwaltung“ in Lahnstein statt?';
    const previous = await documents.assistant.ask({ question: first });
    const history = [
      { role: 'user' as const, text: first },
      { role: 'assistant' as const, text: previous.answer },
    ];
    const answer = await documents.assistant.ask({ question: 'Und was kostet die Teilnahme?', history });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('25 Euro');
  });

  it('answers for what only the page heading names, and "Semestergebühren" with the fee given "je Semester"', async () => {
    const answer = await ask('Wie hoch sind die Semestergebühren an der Verwaltungsakademie Nordstadt?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^[^.]*890/);
  });

  it('answers what someone earns with the sum', async () => {
    const answer = await ask('Was verdienen die Trainees in Nordstadt im Monat?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('1400 Euro');
  });

  it('answers a discount question with the rate', async () => {
    const answer = await ask('Gibt es mit der Ehrenamtskarte einen Nachlass auf die Studiengebühren?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('10 %');
  });

  it('answers an English question for one kind of fee with that fee, not with another', async () => {
    const answer = await ask('How much is the tuition fee for the Master of Public Management?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^[^.]*13\.400/);
    // Quoted from an English page, the answer needs no note that the documents are German.
    expect(answer.answer).not.toContain('German');
  });

  it('quotes a long sentence far enough to hold the figures at its end', async () => {
    const answer = await ask('Wie stark ist die Zahl der Verwaltungsbeschäftigten in Brandenburgs Gemeinden zwischen 1992 und 1998 zurückgegangen?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('99 900');
    expect(answer.answer).toContain('51 000');
  });

  it('counts what stands right after a year', async () => {
    const answer = await ask('Wie viele Trainees absolvieren 2025 das Traineeprogramm der Stadt Nordstadt?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('sieben');
  });
});

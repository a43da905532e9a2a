import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/** Dates the question asks for at a precision the documents do not give, over documents written for this test. */

// A programme that names a year for its next call, but no day.
const AUFRUF_TXT = `Sonderprogramm Dorfgaststätten

Das Land fördert mit dem Sonderprogramm Dorfgaststätten die Modernisierung von Gaststätten im ländlichen Raum.

Gefördert werden Investitionen ab 15.000 Euro. Im Jahr 2027 sind weitere Förderaufrufe des Sonderprogramms Dorfgaststätten vorgesehen.
`;

const TRAINEE_TXT = `Traineeprogramm Nordstadt

Die Stadt Nordstadt bildet mit dem Traineeprogramm Nachwuchskräfte für die Verwaltung aus. Fünf Trainees starteten in das Traineeprogramm, das noch bis 2028 läuft.
`;

const SEMINAR_TXT = `Seminar Haushaltsrecht kompakt

Das Seminar Haushaltsrecht kompakt findet am 14. März 2027 im Rathaus Nordstadt statt. Anmeldungen sind bis zum 28. Februar 2027 möglich.
`;

// An event page with its day and times, but no registration deadline.
const TAGUNG_HTML = `<!doctype html><html lang="de"><head><title>Herbsttagung Verwaltungsdigitalisierung 2027</title></head><body><main>
<h1>Herbsttagung Verwaltungsdigitalisierung 2027: jetzt anmelden</h1>
<p>Die Herbsttagung Verwaltungsdigitalisierung bringt Beschäftigte aus Bund, Ländern und Kommunen zusammen.</p>
<dl>
<dt>Wann?</dt>
<dd>Donnerstag, 16. September 2027</dd>
<dd>ab 09:30 Uhr</dd>
<dd>bis 18:00 Uhr</dd>
<dt>Wo?</dt>
<dd>Stadthalle Nordstadt</dd>
</dl>
<p>Bitte melden Sie sich über das Formular auf dieser Seite zur Herbsttagung an. Die Teilnahme ist kostenfrei.</p>
</main></body></html>`;

// The year names the start in words; the day stands in the next sentence, without a year.
const START_TXT = `Verwaltungsschule Talheim startet

Mit dem Beginn des Jahres 2027 stand für die Auszubildenden der Verwaltungsschule Talheim der Unterricht im zweiten Ausbildungsjahr bevor. Am Montag, den 11. Januar, fiel der Startschuss.
`;

let documents: IndexedDocuments;
let assistant: IndexedDocuments['assistant'];

beforeAll(async () => {
  documents = await indexDocuments('precision', {
    'dorfgaststaetten.txt': AUFRUF_TXT,
    'haushaltsrecht.txt': SEMINAR_TXT,
    'traineeprogramm.txt': TRAINEE_TXT,
    'talheim-start.txt': START_TXT,
  });
  assistant = documents.assistant;
});

afterAll(async () => {
  await documents?.close();
});

describe('the precision a date question asks for', () => {
  it('does not answer a question for a day with a year', async () => {
    const answer = await assistant.ask({ question: 'An welchem Datum endet der nächste Förderaufruf des Sonderprogramms Dorfgaststätten?' });
    expect(answer.answered).toBe(false);
  });

  it('does not answer a question for a deadline with a year', async () => {
    const answer = await assistant.ask({ question: 'Bis wann kann man sich für das Traineeprogramm Nordstadt bewerben?' });
    expect(answer.answered).toBe(false);
  });

  it('answers a question for a deadline with the day', async () => {
    const answer = await assistant.ask({ question: 'Bis wann kann ich mich für das Seminar Haushaltsrecht kompakt anmelden?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('28. Februar 2027');
  });

  it('answers a question for a day with the day, not with the year that sentence before names', async () => {
    const answer = await assistant.ask({ question: 'An welchem Tag begann 2027 der Unterricht an der Verwaltungsschule Talheim?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('11. Januar');
  });

  it('answers a question for a day with the day', async () => {
    const answer = await assistant.ask({ question: 'An welchem Datum findet das Seminar Haushaltsrecht kompakt statt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('14. März 2027');
  });
});

describe('a question for a deadline on an event page without one', () => {
  let event: IndexedDocuments;
  beforeAll(async () => {
    event = await indexDocuments('deadline', { 'herbsttagung.html': TAGUNG_HTML });
  });
  afterAll(async () => {
    await event?.close();
  });

  it('is not answered with the day of the event or its closing time', async () => {
    const answer = await event.assistant.ask({ question: 'Bis wann muss ich mich spätestens für die Herbsttagung Verwaltungsdigitalisierung 2027 anmelden?' });
    expect(answer.answered).toBe(false);
  });
});

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

let documents: IndexedDocuments;
let assistant: IndexedDocuments['assistant'];

beforeAll(async () => {
  documents = await indexDocuments('precision', {
    'dorfgaststaetten.txt': AUFRUF_TXT,
    'haushaltsrecht.txt': SEMINAR_TXT,
    'traineeprogramm.txt': TRAINEE_TXT,
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

  it('answers a question for a day with the day', async () => {
    const answer = await assistant.ask({ question: 'An welchem Datum findet das Seminar Haushaltsrecht kompakt statt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('14. März 2027');
  });
});

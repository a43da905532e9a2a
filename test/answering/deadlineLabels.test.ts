import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * The role of a date: a deadline named by the label before it ("Fälligkeit …: jeweils 15. März"), a period
 * written as on slides ("Vom 15. Bis 17. November"). Documents written for this test.
 */

const GEBUEHREN_HTML = `<!doctype html><html lang="de"><head><title>Studiengebühren der Verwaltungsakademie Talheim</title></head><body><main>
<h1>Studiengebühren</h1>
<p>Das Studium an der Verwaltungsakademie Talheim gliedert sich in Semester.</p>
<ul>
<li>Sommersemester: 01.02. – 31.07. (Vorlesungen von Mitte Februar bis Ende Juni)</li>
<li>Wintersemester: 01.08. – 31.01. (Vorlesungen von Anfang September bis Ende Januar)</li>
</ul>
<p>Die Studiengebühren betragen ab 2026 pauschal 750 Euro je Semester.</p>
<ul>
<li>Fälligkeit für das Sommersemester: jeweils 15. März</li>
<li>Fälligkeit für das Wintersemester: jeweils 15. September</li>
</ul>
</main></body></html>`;

// A review slide: no year, "Bis" capitalised.
const RUECKBLICK_TXT = `DigitaleKommune übertrifft Erwartungen – 1750 Gäste in Talheim

Vom 15. Bis 17. November drehte sich in der Stadthalle Talheim alles um die kommunale Verwaltungsdigitalisierung.

Die über 330 Aussteller haben an den drei Tagen der neuen kommunalen Kongressmesse insgesamt 1750 Gäste begrüßt.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('deadline-labels', { 'studiengebuehren.html': GEBUEHREN_HTML, 'kongressmesse-rueckblick.txt': RUECKBLICK_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('a payment deadline named by its label', () => {
  it('answers with the due date, not with the end of the semester', async () => {
    const answer = await documents.assistant.ask({ question: 'Bis wann muss die Studiengebühr der Verwaltungsakademie Talheim für das Wintersemester bezahlt sein?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('15. September');
    expect(answer.answer).not.toContain('Ende Januar');
  });
});

describe('a period asked for', () => {
  it('answers "Von wann bis wann …?" with the period, however the slide capitalises it', async () => {
    const answer = await documents.assistant.ask({ question: 'Von wann bis wann lief die Kongressmesse DigitaleKommune?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('15. Bis 17. November');
  });
});

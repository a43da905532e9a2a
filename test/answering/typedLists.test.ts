import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuestion } from '../../core/answering/questionReading.ts';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * "Welche Trainerinnen …?" asks for people, "An welchen Orten …?" for places, "An welchen Tagen …?" for
 * days: the list gives the people, places or days that the documents name, from every passage that names
 * one, not the items of the best slide or table.
 * Documents written for this test.
 */

const ACADEMY_MD = `# KommunalAkademie kompakt 2026

- Die KommunalAkademie kompakt qualifiziert seit vielen Jahren angehende Kommunalpolitikerinnen und Kommunalpolitiker für die politische Arbeit vor Ort.
- Modul 1: 6. und 7. März 2026
- Modul 2: 20. und 21. März 2026
- Ort: Tagungshaus Lindenhof
- Kosten: 150 Euro für beide Module
- Mit Petra Lindqvist und Sabine Moorholt stehen euch erfahrene Trainerinnen zur Seite.
`;

const SCHOOL_A_TXT = `Steuerausbildung Nordland

Die Anwärterinnen und Anwärter der Steuerverwaltung Nordland lernen die Theorie im Bildungszentrum in Schwerin.
`;

const SCHOOL_B_TXT = `Steuerausbildung Südland

Die Anwärterinnen und Anwärter der Steuerverwaltung Südland lernen die Theorie an der Steuerakademie in Stuttgart.
`;

// A programme in a table: each row names a speaker and the day of the talk.
const PROGRAMME_HTML = `<!doctype html><html lang="de"><head><title>Gemeindefinanzen im Wandel – Bildungswerk Havelland</title></head><body><main>
<h1>Gemeindefinanzen im Wandel</h1>
<p>Kommunalpolitisches Seminar</p>
<p>Seminar für Kommunalpolitiker aus dem Havelland mit Schwerpunkt Rathenow</p>
<p>Freitag, 12. März 2027</p>
<table><tr><th>Uhrzeit</th><th>Programm</th></tr>
<tr><td>15.45 Uhr</td><td>Begrüßung und Einführung in das Seminar; Jana Wolters, Seminarleiterin</td></tr>
<tr><td>16.00 Uhr</td><td>Der doppische Haushalt der Gemeinden im Havelland; Tobias Brink, Bürgermeister</td></tr>
<tr><td>18.30 Uhr</td><td>Abendessen</td></tr>
</table>
<p>Samstag, 13. März 2027</p>
<table><tr><th>Uhrzeit</th><th>Programm</th></tr>
<tr><td>09.00 Uhr</td><td>Investitionen planen: Finanzen der Gemeinden; Jana Wolters, Seminarleiterin</td></tr>
<tr><td>13.00 Uhr</td><td>Mittagessen und Abreise</td></tr>
</table>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('typed-lists', { 'kommunalakademie.md': ACADEMY_MD, 'nordland.txt': SCHOOL_A_TXT, 'suedland.txt': SCHOOL_B_TXT, 'havelland-seminar.html': PROGRAMME_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a list of people or places', () => {
  it('reads a plural role noun after "Welche" as asking for people', () => {
    expect(readQuestion({ question: 'Welche Trainerinnen leiten die Akademie?' }).parts[0]!.types.get('person')).toBe(1);
    expect(readQuestion({ question: 'Welche Referenten sprechen auf der Tagung?' }).parts[0]!.types.get('person')).toBe(1);
    expect(readQuestion({ question: 'Welche Module hat die Akademie?' }).parts[0]!.types.get('person') ?? 0).toBeLessThan(1);
  });

  it('names the people the documents give for the role', async () => {
    const answer = await documents.assistant.ask({ question: 'Welche Trainerinnen leiten die KommunalAkademie kompakt 2026?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Petra Lindqvist');
    expect(answer.answer).toContain('Sabine Moorholt');
    expect(answer.answer).not.toContain('Modul 1');
  });

  it('collects the places from several documents', async () => {
    const answer = await documents.assistant.ask({ question: 'An welchen Orten lernen die Anwärter der Steuerverwaltungen Nordland und Südland die Theorie?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Schwerin');
    expect(answer.answer).toContain('Stuttgart');
  });

  it('lists the days asked for by "An welchen Tagen …?", each once', async () => {
    const answer = await documents.assistant.ask({ question: 'An welchen Tagen findet das kommunalpolitische Seminar „Gemeindefinanzen im Wandel“ statt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('12. März 2027');
    expect(answer.answer).toContain('13. März 2027');
  });
});

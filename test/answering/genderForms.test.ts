import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * "Absolventinnen und Absolventen", "Absolventen" and "Absolventinnen" name the same people: a count is
 * found whichever form the question and the page use. Documents written for this test.
 */

const CEREMONY_TXT = `Abschlussfeier an der Verwaltungsschule Talheim

Bei der Abschlussfeier für die 64 Absolventen der Ausbildung zum Verwaltungswirt an der Verwaltungsschule Talheim wiesen mehr als zwei Drittel der Zeugnisse gute Noten aus.

Sie besuchen für das letzte halbe Jahr der zweijährigen Ausbildung die Verwaltungsschule.
`;

const COURSE_TXT = `Lehrgang Bürgerservice am Studieninstitut Auental

Am Lehrgang Bürgerservice 2026 des Studieninstituts Auental nahmen 23 Teilnehmerinnen aus elf Gemeinden teil. Der Lehrgang dauerte drei Monate.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('gender-forms', { 'talheim-abschlussfeier.txt': CEREMONY_TXT, 'auental-lehrgang.txt': COURSE_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('nouns for people in both forms', () => {
  it('counts "Absolventen" for "Absolventinnen und Absolventen"', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie viele Absolventinnen und Absolventen wurden an der Verwaltungsschule Talheim verabschiedet?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('64 Absolventen');
  });

  it('counts "Teilnehmerinnen" for "Teilnehmer"', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie viele Teilnehmer hatte der Lehrgang Bürgerservice 2026 am Studieninstitut Auental?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('23 Teilnehmerinnen');
  });
});

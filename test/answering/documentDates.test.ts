import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/** Questions for a document's own date, over a regulation and a leaflet written for this test. */

const REGLEMENT_TXT = `Reglement über die Prüfung der Gemeindeschreiber des Kantons Talheim

(Vom 14. März 2019)

Der Regierungsrat, gestützt auf § 40 des Gesetzes über die Organisation der Gemeinden vom 2. Juni 1970, beschliesst:

§ 1 Prüfungskommission
Die Prüfungskommission besteht aus fünf Mitgliedern. Sie wird vom Regierungsrat für vier Jahre gewählt.

§ 2 Prüfungstermine
Die Prüfung findet jährlich im Herbst statt. Die Anmeldung ist bis zum 31. Mai einzureichen.
`;

const MERKBLATT_TXT = `Kanton Talheim · Handbuch Personalrecht

Interne Weiterbildung (Merkblatt)
Publikationsdatum 5. April 2025

Im Beschluss Nr. 812 vom 10. November 2003 wird das Personalamt beauftragt, die Weiterbildung des Personals nach einheitlichen Grundsätzen auszurichten. Das Angebot richtet sich an alle Mitarbeitenden.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('document-dates', { 'reglement-gemeindeschreiber.txt': REGLEMENT_TXT, 'merkblatt-weiterbildung.txt': MERKBLATT_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('the date of a document itself', () => {
  it('answers when a regulation was enacted with the date under its title, not the date of the act it cites', async () => {
    const answer = await documents.assistant.ask({ question: 'Wann hat der Regierungsrat das Reglement über die Prüfung der Gemeindeschreiber erlassen?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('14. März 2019');
    expect(answer.answer).not.toContain('1970');
  });

  it('answers which date a leaflet bears with its publication date', async () => {
    const answer = await documents.assistant.ask({ question: 'Welches Datum trägt das Merkblatt „Interne Weiterbildung“ des Personalamts?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('5. April 2025');
  });

  it('still answers other date questions with the dates of the text, not the publication date', async () => {
    const answer = await documents.assistant.ask({ question: 'Bis wann muss die Anmeldung zur Gemeindeschreiberprüfung eingereicht werden?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('31. Mai');
  });
});

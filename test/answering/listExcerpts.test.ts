import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * A list of offers quotes each document's best stretch of a long sentence; where the sentence enumerates
 * the offers, the stretch keeps the enumeration whole. Documents written for this test.
 */

const NEWS_MD = `# Ausbildungsstart 2027 bei der Stadt Nordstadt

Die Stadt Nordstadt begrüßt zum 1. September 2027 insgesamt 64 neue Nachwuchskräfte in der Verwaltung und in den städtischen Betrieben.

Neben den Verwaltungsberufen bildet die Stadt zwölf Erzieherinnen und Erzieher in der praxisintegrierten Ausbildung, eine Fachkraft für Lagerlogistik, zwei Gärtnerinnen, einen Tischler sowie sieben dual Studierende in den Studiengängen Vermessungswesen, Wirtschaftsinformatik und Öffentliches Recht aus.
`;

const OTHER_MD = `# Studieren bei der Kreisverwaltung Südheim

Die Kreisverwaltung Südheim bietet jedes Jahr Plätze im Studiengang Allgemeine Verwaltung an der Hochschule Südheim an.
`;

const SELECTION_MD = `# Auswahlverfahren für den Aufstiegslehrgang am Studieninstitut Weserland

Rechtsgrundlage für die Zulassung zum Aufstiegslehrgang am Studieninstitut Weserland ist § 1 der Ausbildungsordnung.

Das Auswahlverfahren besteht aus einem Eignungstest, zwei Klausuren, einer Gruppendiskussion sowie einem Kurzvortrag.

Nach Absatz 2 sind Beschäftigte vom Auswahlverfahren für den Aufstiegslehrgang am Studieninstitut Weserland befreit, die die Abschlussprüfung als Verwaltungsfachangestellte mit sehr gut oder gut bestanden haben.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('list-excerpts', { 'nordstadt-ausbildungsstart.md': NEWS_MD, 'suedheim-studium.md': OTHER_MD, 'weserland-auswahlverfahren.md': SELECTION_MD });
});

afterAll(async () => {
  await documents?.close();
});

describe('a list quoting a long sentence', () => {
  it('keeps the names the sentence enumerates whole', async () => {
    const answer = await documents.assistant.ask({ question: 'Welche Studiengänge belegen die dual Studierenden der Stadt Nordstadt?' });
    expect(answer.answered).toBe(true);
    for (const name of ['Vermessungswesen', 'Wirtschaftsinformatik', 'Öffentliches Recht']) expect(answer.answer).toContain(name);
  });

  it('reads a sentence as a list when its names follow numbers and indefinite articles', async () => {
    const answer = await documents.assistant.ask({ question: 'Aus welchen Teilen besteht das Auswahlverfahren für den Aufstiegslehrgang am Studieninstitut Weserland?' });
    expect(answer.answered).toBe(true);
    for (const part of ['Eignungstest', 'Klausuren', 'Gruppendiskussion', 'Kurzvortrag']) expect(answer.answer).toContain(part);
  });
});

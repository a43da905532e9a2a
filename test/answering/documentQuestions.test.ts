import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * FAQ pages answer the questions they ask themselves: the sentence under "Wann findet die Prüfung statt?"
 * answers when, even when it names no date a parser reads ("In der Mitte des zweiten Ausbildungsjahres").
 * Documents written for this test.
 */

const FAQ_HTML = `<!doctype html><html lang="de"><head><title>Ausbildung Vermessungstechnik – Landesamt für Geoinformation Nordmark</title></head><body><main>
<h1>Ausbildung Vermessungstechnik</h1>
<p>Hier finden Sie Hinweise zur Zwischenprüfung und zur Abschlussprüfung in der Ausbildung zur Vermessungstechnikerin und zum Vermessungstechniker beim Landesamt.</p>
<h2>Häufige Fragen</h2>
<h3>Wann findet die Zwischenprüfung statt?</h3>
<p>Gegen Ende des dritten Ausbildungshalbjahres. Ort und Uhrzeit teilt Ihnen das Prüfungsamt schriftlich mit. Die Teilnahme an der Zwischenprüfung ist Voraussetzung für die Zulassung zur Abschlussprüfung.</p>
<h3>Was ist das Ziel der Zwischenprüfung?</h3>
<p>Sie zeigt Auszubildenden und Ausbildern den Ausbildungsstand, damit Lücken in der verbleibenden Ausbildungszeit geschlossen werden können.</p>
<h3>Welche Hilfsmittel sind erlaubt?</h3>
<p>Erlaubt ist ein nicht programmierbarer Taschenrechner; eigene Unterlagen dürfen nicht verwendet werden.</p>
</main></body></html>`;

// An interview: the questions are bold lines in running text.
const INTERVIEW_MD = `# Drei Fragen an die Ausbildungsleiterin

Die Stadtverwaltung Lindenfeld bildet jedes Jahr Verwaltungsfachangestellte aus. Wir haben mit der Ausbildungsleiterin gesprochen.

**Wie lange dauert der Einführungslehrgang für neue Auszubildende?**

Zwei Wochen, immer direkt zu Beginn der Ausbildung im August.

**Was gefällt den Auszubildenden am meisten?**

Die vielen Stationen: vom Bürgerbüro bis zur Kämmerei lernen sie fast alle Ämter kennen.
`;

// A numbered FAQ in disclosure widgets; the page's own question says "Bewerbungsunterlagen" where staff say "Bewerbung".
const AUFRUF_HTML = `<!doctype html><html lang="de"><head><title>Fragen und Antworten zum Förderaufruf Digitale Dörfer</title></head><body><main>
<h1>Fragen und Antworten zum Förderaufruf Digitale Dörfer</h1>
<p>Bewerbungen für die Digitalen Dörfer können Gemeinden und Gemeindeverbände einreichen. Bewerbungen aus Stadtstaaten sind von der Landesverwaltung einzureichen.</p>
<h2>A Anmeldung</h2>
<details open><summary>1 Muss ich meine Bewerbungsunterlagen auch in Papierform einreichen?</summary>
<p>Nein. Die Eingabe der Daten erfolgt ausschließlich über das Online-Formular.</p></details>
<details open><summary>2 Kann ich meine Bewerbung zurückziehen?</summary>
<p>Ja. Bitte schreiben Sie dafür an die Geschäftsstelle.</p></details>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('document-questions', { 'nordmark-vermessung-faq.html': FAQ_HTML, 'lindenfeld-ausbildung-interview.md': INTERVIEW_MD, 'digitale-doerfer-faq.html': AUFRUF_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a question the document asks itself', () => {
  it('is answered by the sentence right under it, though it names no date', async () => {
    const answer = await documents.assistant.ask({ question: 'Wann während der Ausbildung zur Vermessungstechnikerin findet beim Landesamt die Zwischenprüfung statt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^Gegen Ende des dritten Ausbildungshalbjahres/);
    expect(answer.citations[0]?.source).toBe('nordmark-vermessung-faq.html');
  });

  it('does not answer a question of another kind about the same thing', async () => {
    const answer = await documents.assistant.ask({ question: 'Wann findet die Abschlussprüfung zur Vermessungstechnikerin statt?' });
    expect(answer.answer).not.toContain('Gegen Ende des dritten Ausbildungshalbjahres');
  });

  it('is asked in other words: numbered, and with a compound of the user\'s word', async () => {
    const answer = await documents.assistant.ask({ question: 'Muss ich die Bewerbung für die Digitalen Dörfer auch in Papierform einreichen?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^Nein\./);
  });

  it('is found as a bold question line in an interview', async () => {
    const answer = await documents.assistant.ask({ question: 'Wie lange dauert in Lindenfeld der Einführungslehrgang für die Auszubildenden?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Zwei Wochen');
  });
});

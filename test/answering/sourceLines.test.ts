import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/** A source reference under a quotation ("Aus: „…“ (Verlag), S. 78") is no answer, on a page written for this test. */

const LEHRGANG_HTML = `<!doctype html><html lang="de"><head><title>Führungslehrgang des Landes Talheim</title></head><body><main>
<h1>Führungslehrgang des Landes Talheim</h1>
<blockquote><p>„Wer führen will, muss sich selbst verändern.“</p></blockquote>
<p>Aus: „Bausteine der Veränderung“ (Universität Auental), S. 78</p>
<p>Der Führungslehrgang dauert elf Monate und bereitet Nachwuchskräfte der Landesverwaltung auf Führungsaufgaben vor.</p>
<h2>Ablauf</h2>
<ul>
<li>Aufbaukurs</li>
<li>Unternehmenspraktikum</li>
<li>Vertiefungskurs</li>
<li>Auslandspraktikum</li>
</ul>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('source-lines', { 'fuehrungslehrgang.html': LEHRGANG_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a source reference line', () => {
  it('does not answer a question whose words it shares; the list does', async () => {
    const answer = await documents.assistant.ask({ question: 'Aus welchen Bausteinen besteht der Führungslehrgang des Landes Talheim?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).not.toContain('Universität Auental');
    for (const part of ['Aufbaukurs', 'Unternehmenspraktikum', 'Vertiefungskurs', 'Auslandspraktikum']) expect(answer.answer).toContain(part);
  });
});

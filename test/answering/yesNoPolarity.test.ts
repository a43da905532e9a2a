import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';
import { saysYesOrNo } from '../../core/answering/extractive/features.ts';

/**
 * A yes/no question is answered by a passage that says yes, no or how far ("nicht", "nur", "auch"); the
 * "Nicht-" of a compound ("Nicht-Mitglieder") says none of that. Documents written for this test.
 */

const FEES_HTML = `<!doctype html><html lang="de"><head><title>Fachtag Verwaltungsdigitalisierung 2026</title></head><body><main>
<h1>Fachtag Verwaltungsdigitalisierung 2026</h1>
<p>Der Fachtag Verwaltungsdigitalisierung findet am 3. März 2026 im Kongresszentrum Südstadt statt.</p>
<h2>Teilnahmegebühr</h2>
<p>Mitglieder des Fördervereins: 40 €</p>
<p>Nicht-Mitglieder: 70 €</p>
</main></body></html>`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('yes-no-polarity', { 'fachtag.html': FEES_HTML });
});

afterAll(async () => {
  await documents?.close();
});

describe('a yes/no question', () => {
  it('is not answered by a fee line because it names "Nicht-Mitglieder"', async () => {
    const first = 'Was kostet der Fachtag Verwaltungsdigitalisierung für Mitglieder?';
    const fees = await documents.assistant.ask({ question: first });
    const history = [
      { role: 'user' as const, text: first },
      { role: 'assistant' as const, text: fees.answer },
    ];
    const answer = await documents.assistant.ask({ question: 'Und gibt es eine Ermäßigung für Studierende?', history });
    expect(answer.answered).toBe(false);
  });

  it('still gets the fees when they are asked for', async () => {
    const answer = await documents.assistant.ask({ question: 'Was kostet der Fachtag Verwaltungsdigitalisierung für Nicht-Mitglieder?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('70 €');
  });
});

describe('what says yes, no or how far', () => {
  it('is a word of negation, restriction or requirement, not the first part of a compound', () => {
    expect(saysYesOrNo('Die Teilnahme ist nicht kostenfrei.')).toBe(true);
    expect(saysYesOrNo('Anmeldungen sind nur online möglich.')).toBe(true);
    expect(saysYesOrNo('Nicht-Mitglieder: 70 €')).toBe(false);
    expect(saysYesOrNo('Die Nur-Lese-Fassung liegt im Intranet.')).toBe(false);
  });
});

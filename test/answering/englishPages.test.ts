import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * English questions over an English study portal page and German pages, written for this test: the
 * note that an answer quotes German documents, and values from other pages about other things.
 */

const MASTER_HTML = `<!doctype html><html lang="en"><head><title>Master of Public Administration – Talheim Graduate School</title></head><body><main>
<p class="institution">Talheim Graduate School - Department of Public Policy</p>
<h1>Master of Public Administration</h1>
<ul class="key-facts">
<li>Vienna, Austria</li>
<li>2 Years</li>
<li>Language: English</li>
<li>Full time</li>
</ul>
<h2>About the programme</h2>
<p>The Master of Public Administration is offered by the Department of Public Policy of the Talheim Graduate School. It prepares students for leadership roles in government, international organisations and civil society.</p>
</main></body></html>`;

const LEHRGANG_TXT = `Lehrgang für Bürgermeister

Vor allem für neue Bürgermeisterinnen und Bürgermeister gilt das Schulungsangebot der Akademie Auental, das am Montag in Eisenstadt vorgestellt wurde. Der Lehrgang umfasst 14 Module und kostet 1.190 Euro.
`;

let documents: IndexedDocuments;

beforeAll(async () => {
  documents = await indexDocuments('english-pages', { 'talheim-mpa.html': MASTER_HTML, 'auental-lehrgang.txt': LEHRGANG_TXT });
});

afterAll(async () => {
  await documents?.close();
});

describe('English questions', () => {
  it('answers from an English page without the note for German documents, and without a town of another page', async () => {
    const answer = await documents.assistant.ask({ question: 'In which city is the Talheim Master of Public Administration offered?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Vienna');
    expect(answer.answer).not.toContain('German');
    expect(answer.answer).not.toContain('Eisenstadt');
  });

  it('answers in which language a programme is taught with the language the page names', async () => {
    const answer = await documents.assistant.ask({ question: 'In which language is the Talheim Master of Public Administration taught?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('English');
  });

  it('says so when it quotes a German page', async () => {
    const answer = await documents.assistant.ask({ question: 'How much does the course for mayors of the Akademie Auental cost?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('1.190 Euro');
    expect(answer.answer).toMatch(/^From the \(German\) documents:/);
  });
});

describe('an English question over real pages of twenty publishers', () => {
  // eval/tune9: stored copies of public pages; among them a study portal's English page on a master in
  // Vienna, and an Austrian newspaper's German report on a course for mayors presented in Eisenstadt.
  const corpus = path.resolve(import.meta.dirname, '../../eval/tune9/corpus');
  const master = 'masterstudies-ceu-master-public-administration-en.html';
  let real: IndexedDocuments;
  beforeAll(async () => {
    const files = await readdir(corpus);
    real = await indexDocuments('english-real', Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(path.join(corpus, f))]))));
  });
  afterAll(async () => {
    await real?.close();
  });

  it('gives the town of the page the question names, not a town of a page about something else', async () => {
    const answer = await real.assistant.ask({ question: 'In which city is the CEU Master of Public Administration offered?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Vienna');
    expect(answer.answer).not.toContain('Eisenstadt');
    expect(answer.citations.map((c) => c.source)).toEqual([master]);
  });
});

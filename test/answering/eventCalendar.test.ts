import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../core/answering/assistant.ts';
import { ExtractiveEngine } from '../../core/answering/extractiveEngine.ts';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { createLogger } from '../../core/logger.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';

/**
 * An event calendar page of a kind the sample corpus does not have: several offers under their own
 * headings, each with date, time, place, fee or registration details. Questions name the offer by a
 * part of its title, in German and English.
 */
const CALENDAR_HTML = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Veranstaltungskalender | Verwaltungsakademie Nord</title></head>
<body><header><nav><a href="/">Start</a> <a href="/kurse">Kurse</a></nav></header>
<main>
<h1>Veranstaltungskalender Herbst 2026</h1>
<h2>Workshop „Agiles Arbeiten in Behörden“</h2>
<p>Termin: Dienstag, 13. Oktober 2026, 09:30–16:00 Uhr. Ort: Verwaltungsakademie Nord, Raum 2.14, Hafenstraße 12, 24103 Kiel.</p>
<p>Der Workshop richtet sich an Sachbearbeiterinnen und Sachbearbeiter ohne Vorkenntnisse. Die Teilnahme ist kostenfrei. Anmeldung bis 30. September 2026 bei Frau Katrin Lehmann, Tel. 0431 988-4410, katrin.lehmann@vak-nord.de.</p>
<h2>Online-Seminar „Datenschutz im KI-Zeitalter“</h2>
<p>Das Online-Seminar findet am 5. November 2026 von 14:00 bis 15:30 Uhr statt. Referent ist Prof. Dr. Martin Vogel von der Hochschule Kiel. Teilnahmegebühr: 90 Euro.</p>
<h2>Lehrgang Projektmanagement</h2>
<p>Der berufsbegleitende Lehrgang umfasst 6 Module mit insgesamt 48 Unterrichtsstunden und beginnt im Januar 2027. Die Kosten betragen 1.450 € pro Person.</p>
</main><footer>© Verwaltungsakademie Nord</footer></body></html>`;

let assistant: Assistant;
let docsDir: string;
let indexDir: string;

beforeAll(async () => {
  docsDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-calendar-docs-'));
  indexDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-calendar-index-'));
  await writeFile(path.join(docsDir, 'veranstaltungen.html'), CALENDAR_HTML);
  const embeddings = createLocalEmbeddings();
  const logger = createLogger({ level: 'silent' });
  await runIngestion({ docsDir, indexDir, embeddings, maxFileSizeBytes: 10_000_000, logger });
  assistant = await Assistant.start({ indexDir, embeddings, engine: new ExtractiveEngine(), topK: 8, logger });
});

afterAll(async () => {
  await assistant?.close();
  await rm(docsDir, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
});

async function ask(question: string) {
  const answer = await assistant.ask({ question });
  expect(answer.answered, `${question} -> ${answer.answer}`).toBe(true);
  expect(answer.citations.length, question).toBeGreaterThan(0);
  // Every marker in the text has its citation and every citation its marker.
  const markers = new Set([...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  expect(markers, question).toEqual(new Set(answer.citations.map((c) => c.marker)));
  expect(answer.answer.length, question).toBeLessThanOrEqual(800);
  return answer.answer;
}

describe('answers from an event calendar', () => {
  it('gives place, start, fee, free participation and registration deadline of the offer named', async () => {
    expect(await ask('Wo findet der Workshop Agiles Arbeiten statt?')).toContain('Hafenstraße 12');
    expect(await ask('Wann beginnt der Lehrgang Projektmanagement?')).toContain('Januar 2027');
    expect(await ask('Was kostet das Online-Seminar Datenschutz?')).toContain('90 Euro');
    expect(await ask('Was kostet der Workshop Agiles Arbeiten?')).toContain('kostenfrei');
    expect(await ask('Bis wann kann ich mich für den Workshop anmelden?')).toContain('30. September 2026');
    expect(await ask('Wie viele Unterrichtsstunden hat der Lehrgang Projektmanagement?')).toContain('48 Unterrichtsstunden');
  });

  it('names people by their role and gives their contact details', async () => {
    expect(await ask('Wer ist der Referent des Online-Seminars?')).toContain('Martin Vogel');
    const contact = await ask('Wer ist Ansprechpartnerin für den Workshop Agiles Arbeiten?');
    expect(contact).toContain('Katrin Lehmann');
    expect(contact).toContain('0431 988-4410');
  });

  it('lists the events of a month under their names, and offers on a topic', async () => {
    const october = await ask('Welche Veranstaltungen gibt es im Oktober 2026?');
    expect(october).toContain('Agiles Arbeiten in Behörden');
    expect(october).toContain('13. Oktober 2026');
    expect(october).not.toContain('5. November 2026');
    expect(await ask('Gibt es Angebote zu Datenschutz?')).toContain('Datenschutz im KI-Zeitalter');
  });

  it('understands English questions whose words German joins into one', async () => {
    expect(await ask('How much does the project management course cost?')).toContain('1.450 €');
  });

  it('declines what the calendar does not say', async () => {
    const answer = await assistant.ask({ question: 'Was kostet der Lehrgang Verwaltungsrecht?' });
    expect(answer.answered).toBe(false);
  });
});

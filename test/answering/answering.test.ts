import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../core/answering/assistant.ts';
import { ExtractiveEngine } from '../../core/answering/extractiveEngine.ts';
import { defaultAnswerModel, withThresholdOffset } from '../../core/answering/extractive/answerModel.ts';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { createLogger } from '../../core/logger.ts';
import { makePptx } from '../loaders/fixtures.ts';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * Answers over documents written for this test (not the sample corpus), so the engine is checked on
 * programmes, people and dates it was never tuned on: contacts in running text, a fee, a start date,
 * a period question, conflicting end dates in two sources, and questions the documents cannot answer.
 */

const LEADERSHIP_MD = `# Führungskräfteprogramm „Digital Leadership Kompakt“

Das Programm der Bundesakademie richtet sich an Referatsleiterinnen und Referatsleiter der Bundesverwaltung.
Es umfasst drei Präsenztage in Berlin und zwei Online-Module zu agiler Steuerung.

## Termine und Kosten

Der nächste Durchgang startet am 15. September 2025 in Berlin.
Die Teilnahmegebühr beträgt 1.200 Euro pro Person.

## Kontakt

Ansprechpartnerin ist Dr. Anna Beispiel, Programmleiterin an der Bundesakademie
(anna.beispiel@bakoev.bund.de, Tel. 0228 99629-1234).
`;

const WERKSTATT_HTML = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>KI-Werkstatt | Landesportal</title></head>
<body><nav><a href="/">Start</a><a href="/kontakt">Kontakt</a></nav>
<main><h1>KI-Werkstatt für Kommunen</h1>
<p>Die KI-Werkstatt begleitet Kommunalverwaltungen beim Einsatz von Künstlicher Intelligenz.
Die Laufzeit des Projekts reicht vom 01.03.2024 bis 31.12.2025.
Das Land fördert die KI-Werkstatt mit 80.000 Euro.</p>
<p>Schirmherrin der KI-Werkstatt ist Staatssekretärin Dr. Petra Probe.</p>
<h2>Kontakt</h2>
<p>Jonas Muster<br>Projektkoordinator KI-Werkstatt<br>Innovationsagentur des Landes<br>Telefon: 030 18681-4567<br>E-Mail: Jonas.Muster@innovation.example.de</p>
</main><footer>Impressum · Datenschutz</footer></body></html>`;

const NEWS_TXT = `Neuigkeiten aus der Verwaltungsmodernisierung

Die KI-Werkstatt für Kommunen wird verlängert: Das Projekt läuft nun bis 30.06.2026.
Am 12. März 2025 fand in Magdeburg ein Vernetzungstreffen der Digitallotsen statt.
`;

// Lines introduced by a sentence ending in a colon, one of them a key–value line: one list.
const KONFERENZEN_TXT = `Regionalkonferenzen Digitale Verwaltung 2026

Damit möglichst viele Beschäftigte teilnehmen können, finden die Regionalkonferenzen mit gleichem Programm an drei Orten statt:

12.02.2026, 10 Uhr: Auftakt in Cottbus
05.03.2026, 10 Uhr: Potsdam, Landtag
Ende März in Eberswalde: genauere Angaben folgen
`;

// A table whose header says what its cells are: "Tagungsort" makes a cell a place.
const SEMINARE_MD = `# Seminare für neu gewählte Bürgermeisterinnen und Bürgermeister 2027

Als Termine für die Einführungsseminare sind vorgesehen:

| Termin | Tagungsort |
|---|---|
| 07.04. – 09.04.2027 | Gut Sonnenhagen bei Teterow |
| 21.04. – 23.04.2027 | Landgasthof Zur Linde, Wendisch Rietz |
`;

// A yes/no question: the sentence that says no shares fewer words with it than others do.
const LEHRGANG_TXT = `Vorbereitungslehrgang Kommunalverwaltung

Der Vorbereitungslehrgang Kommunalverwaltung richtet sich an Beschäftigte der Kommunalverwaltung im Kreis Musterland, die eine Ausbildung zur Verwaltungsfachkraft anstreben.

Die Ausbildung im Vorbereitungslehrgang umfasst zwölf Module zu Haushaltsrecht, Kommunalrecht und Verwaltungsrecht.

Eine abgeschlossene Berufsausbildung in der Verwaltung wird nicht vorausgesetzt.

Die Dozierenden kommen aus der Kommunalverwaltung des Kreises.
`;

// A passage whose last sentence introduces a list.
const DELEGATION_MD = `# Besuch aus Musterland

Der Städtetag Nordland empfängt am Montag Gäste aus der Partnerregion. Die Delegation aus Musterland will sich über die kommunale Selbstverwaltung informieren. Besonders interessieren die Gäste folgende Fragen:

- Aufgaben und Rolle des Städtetages
- Finanzierung der Städte und Gemeinden
- Beteiligung der Kommunen an der Gesetzgebung
`;

// A list of long steps: nearly 600 characters together, under a long introducing sentence.
const AUSWAHL_HTML = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Auswahlverfahren | Stadt Musterhausen</title></head>
<body><main><h1>Das Auswahlverfahren für die Ausbildung in der Stadtverwaltung Musterhausen</h1>
<p>Vor der Einstellung steht jeweils im Vorjahr das Ausschreibungs- und Auswahlverfahren an, das aus mehreren Schritten besteht:</p>
<ul>
<li>Die Ausschreibung benennt alle Berufe, die ausgebildet werden, und die Frist, bis zu der eine Bewerbung eingehen muss.</li>
<li>Nach Sichtung der Unterlagen erhalten die Bewerbenden, die unsere Mindestanforderungen erfüllen, eine Einladung zum Eignungstest.</li>
<li>In den Verwaltungsberufen und vereinzelt in anderen Ausbildungen schließt sich hieran ein praktischer Auswahltest an.</li>
<li>Letzte Hürde des Auswahlverfahrens ist ein persönliches Vorstellungsgespräch mit der Ausbildungsleitung.</li>
<li>Nach Klärung verwaltungsinterner Fragen erhalten die ausgewählten Bewerbenden ein verbindliches Einstellungsangebot.</li>
</ul></main></body></html>`;

let assistant: Assistant;
let indexDir: string;
let documents: IndexedDocuments;

beforeAll(async () => {
  // A deck names its project on a title slide and gives the facts on the next slide.
  const deck = await makePptx((pres) => {
    pres.addSlide().addText('Lernwerkstatt Verwaltungsdigitalisierung', { x: 1, y: 1, w: 8, h: 1 });
    const facts = pres.addSlide();
    facts.addText('Das Projekt', { x: 0.5, y: 0.3, w: 9, h: 0.8 });
    facts.addText('Laufzeit: 01.04.2023 bis 31.03.2025\nFederführung: Land Sachsen-Anhalt', { x: 0.5, y: 1.5, w: 9, h: 2 });
  });
  documents = await indexDocuments('answering', {
    'digital-leadership.md': LEADERSHIP_MD,
    'ki-werkstatt.html': WERKSTATT_HTML,
    'neuigkeiten.txt': NEWS_TXT,
    'regionalkonferenzen.txt': KONFERENZEN_TXT,
    'einfuehrungsseminare.md': SEMINARE_MD,
    'auswahlverfahren.html': AUSWAHL_HTML,
    'vorbereitungslehrgang.txt': LEHRGANG_TXT,
    'delegation.md': DELEGATION_MD,
    'lernwerkstatt.pptx': deck,
  });
  ({ assistant, indexDir } = documents);
});

afterAll(async () => {
  await documents?.close();
});

const sources = (answer: { citations: { source: string }[] }) => answer.citations.map((c) => c.source);

describe('extractive answers on unseen documents', () => {
  it('names the contact of a programme from running text, with citation', async () => {
    const answer = await assistant.ask({ question: 'Wer ist Ansprechpartnerin für Digital Leadership Kompakt?' });
    expect(answer.answered).toBe(true);
    expect(answer.kind).toBe('contact');
    expect(answer.answer).toContain('Anna Beispiel');
    expect(answer.answer).toMatch(/\[1\]/);
    expect(sources(answer)).toContain('digital-leadership.md');
  });

  it('gives phone and e-mail when asked how to reach someone', async () => {
    const answer = await assistant.ask({ question: 'Wie erreiche ich Jonas Muster?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('030 18681-4567');
    expect(answer.answer.toLowerCase()).toContain('jonas.muster@innovation.example.de');
    expect(sources(answer)).toEqual(['ki-werkstatt.html']);
  });

  it('answers the fee and the start date', async () => {
    const fee = await assistant.ask({ question: 'Was kostet die Teilnahme an Digital Leadership Kompakt?' });
    expect(fee.answered).toBe(true);
    expect(fee.answer).toContain('1.200 Euro');
    const start = await assistant.ask({ question: 'Wann startet der nächste Durchgang von Digital Leadership Kompakt?' });
    expect(start.answered).toBe(true);
    expect(start.answer).toContain('15. September 2025');
  });

  it('lists the offers for an audience across documents', async () => {
    const answer = await assistant.ask({ question: 'Welche Angebote gibt es für Referatsleiterinnen und Referatsleiter?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Digital Leadership Kompakt');
    expect(answer.answer).not.toContain('KI-Werkstatt');
    expect(sources(answer)).toContain('digital-leadership.md');
  });

  it('lists what happens in a period across documents', async () => {
    const answer = await assistant.ask({ question: 'Welche Veranstaltungen gibt es im März 2025?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Magdeburg');
    expect(answer.answer).not.toContain('15. September 2025');
  });

  it('lists every line of a list a sentence introduces, not only the lines with a known place', async () => {
    const answer = await assistant.ask({ question: 'An welchen Orten finden die Regionalkonferenzen statt?' });
    expect(answer.answered).toBe(true);
    for (const place of ['Cottbus', 'Potsdam', 'Eberswalde']) expect(answer.answer).toContain(place);
    expect(sources(answer)).toEqual(['regionalkonferenzen.txt']);
  });

  it('answers from a table cell whose header names the kind of fact asked for', async () => {
    const answer = await assistant.ask({ question: 'Wo findet das Einführungsseminar vom 21. bis 23. April 2027 statt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Landgasthof Zur Linde');
    expect(answer.answer).not.toContain('Sonnenhagen');
    expect(sources(answer)).toEqual(['einfuehrungsseminare.md']);
  });

  it('answers a count of the noun asked for, not another count of the same sentence', async () => {
    const answer = await assistant.ask({ question: 'Wie viele Online-Module umfasst Digital Leadership Kompakt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('zwei Online-Module');
    // Only days and modules are counted: a question for the number of seminars is declined.
    const other = await assistant.ask({ question: 'Wie viele Seminare hat Digital Leadership Kompakt?' });
    expect(other.answered).toBe(false);
  });

  it('does not answer one kind of sum with another', async () => {
    const night = await assistant.ask({ question: 'Wie hoch ist die Übernachtungspauschale für Digital Leadership Kompakt?' });
    expect(night.answered).toBe(false);
    // "Gebühr" is a part of "Teilnahmegebühr": the sum the page names answers it.
    const fee = await assistant.ask({ question: 'Wie hoch ist die Gebühr für Digital Leadership Kompakt?' });
    expect(fee.answer).toContain('1.200 Euro');
  });

  it('declines a question for a numbered instance the documents never name', async () => {
    // The documents speak of "the next Durchgang" only; none of them says which number it has.
    const answer = await assistant.ask({ question: 'Wann startet der 7. Durchgang von Digital Leadership Kompakt?' });
    expect(answer.answered).toBe(false);
  });

  it('gives a list of long steps whole', async () => {
    const answer = await assistant.ask({ question: 'Welche Schritte umfasst das Auswahlverfahren der Stadtverwaltung Musterhausen?' });
    expect(answer.answered).toBe(true);
    for (const step of ['Ausschreibung', 'Eignungstest', 'Auswahltest', 'Vorstellungsgespräch', 'Einstellungsangebot']) expect(answer.answer).toContain(step);
    expect(sources(answer)).toEqual(['auswahlverfahren.html']);
  });

  it('shows both end dates when two sources disagree', async () => {
    const answer = await assistant.ask({ question: 'Bis wann läuft die KI-Werkstatt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('31.12.2025');
    expect(answer.answer).toContain('30.06.2026');
    expect(new Set(sources(answer))).toEqual(new Set(['ki-werkstatt.html', 'neuigkeiten.txt']));
  });

  it('answers an English question about German documents', async () => {
    const answer = await assistant.ask({ question: 'Who is the contact person for the KI-Werkstatt?' });
    expect(answer.language).toBe('en');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Jonas Muster');
    // The answer quotes the German documents and says so in English.
    expect(answer.answer).toMatch(/^From the \(German\) documents: \S/);
  });

  it('follows up on the person of the previous answer', async () => {
    const first = await assistant.ask({ question: 'Wer ist Ansprechpartner für die KI-Werkstatt?' });
    const followUp = await assistant.ask({
      question: 'Und wie ist die E-Mail-Adresse?',
      history: [
        { role: 'user', text: 'Wer ist Ansprechpartner für die KI-Werkstatt?' },
        { role: 'assistant', text: first.answer },
      ],
    });
    expect(followUp.answered).toBe(true);
    expect(followUp.answer.toLowerCase()).toContain('jonas.muster@innovation.example.de');
    expect(followUp.answer).not.toContain('anna.beispiel');
  });

  it('says so when the documents do not hold the answer', async () => {
    for (const question of [
      'Was kostet die KI-Werkstatt?',
      'Wer leitet das Finanzamt Köln?',
      'Wie hoch ist der Zuschuss für Dienstfahrräder?',
    ]) {
      const answer = await assistant.ask({ question });
      expect(answer.answered, question).toBe(false);
      expect(answer.answer, question).toMatch(/keine Angabe/);
    }
  });

  it('reads facts on the slide after a project title slide', async () => {
    const answer = await assistant.ask({ question: 'Wann endet die Lernwerkstatt Verwaltungsdigitalisierung?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('31.03.2025');
    expect(answer.citations.map((c) => `${c.source} ${c.locator}`)).toEqual(['lernwerkstatt.pptx Folie 2']);
  });

  it('tells a funding sum from a price', async () => {
    const funding = await assistant.ask({ question: 'Mit welchem Betrag fördert das Land die KI-Werkstatt?' });
    expect(funding.answered).toBe(true);
    expect(funding.answer).toContain('80.000 Euro');
    const price = await assistant.ask({ question: 'Was kostet die Teilnahme an der KI-Werkstatt?' });
    expect(price.answered).toBe(false);
  });

  it('gives the start of a project from its running time', async () => {
    const answer = await assistant.ask({ question: 'Wann startet die KI-Werkstatt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('01.03.2024');
  });

  it('declines more with a raised answer threshold (ANSWER_THRESHOLD_OFFSET)', async () => {
    const question = 'Was kostet die Teilnahme an Digital Leadership Kompakt?';
    const cautious = await Assistant.start({
      indexDir,
      embeddings: createLocalEmbeddings(),
      engine: new ExtractiveEngine(withThresholdOffset(defaultAnswerModel(), 3)),
      topK: 8,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      expect((await assistant.ask({ question })).answered).toBe(true);
      const declined = await cautious.ask({ question });
      expect(declined.answered).toBe(false);
      expect(declined.answer).toMatch(/keine Angabe/);
    } finally {
      await cautious.close();
    }
  });

  it('does not pass off an unrelated date as an end date', async () => {
    const answer = await assistant.ask({ question: 'Wann endet Digital Leadership Kompakt?' });
    expect(answer.answered).toBe(false);
  });

  it('names the person holding a role from the sentence that says so', async () => {
    const answer = await assistant.ask({ question: 'Wer ist die Schirmherrin der KI-Werkstatt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Petra Probe');
    expect(answer.answer).not.toContain('Jonas Muster');
  });

  it('answers a yes/no question with the sentence that says yes or no', async () => {
    const answer = await assistant.ask({ question: 'Brauche ich eine Verwaltungsausbildung für den Vorbereitungslehrgang Kommunalverwaltung?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('nicht vorausgesetzt');
    expect(sources(answer)).toEqual(['vorbereitungslehrgang.txt']);
  });

  it('gives the list that the last sentence of a passage introduces', async () => {
    const answer = await assistant.ask({ question: 'Worüber will sich die Delegation aus Musterland informieren?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Finanzierung der Städte und Gemeinden');
    expect(answer.answer).toContain('Beteiligung der Kommunen an der Gesetzgebung');
  });

  it('keeps answers short', async () => {
    const answer = await assistant.ask({ question: 'Was ist die KI-Werkstatt?' });
    expect(answer.answered).toBe(true);
    expect(answer.answer.length).toBeLessThanOrEqual(800);
    expect(answer.answer).toContain('Künstlicher Intelligenz');
  });
});

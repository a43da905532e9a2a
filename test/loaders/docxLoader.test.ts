import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { docxLoader } from '../../ingest/loaders/docxLoader.ts';
import { corpusFile, loadError, sourceFile } from './fixtures.ts';

async function makeDocx(paragraphs: Array<Paragraph | Table>, title?: string): Promise<Buffer> {
  const document = new Document({ ...(title ? { title } : {}), sections: [{ children: paragraphs }] });
  return Packer.toBuffer(document);
}

describe('docxLoader on the corpus document (a web page saved as Word)', () => {
  it('keeps the paragraphs separated and drops cookie banner, menu and footer', async () => {
    const doc = await docxLoader.load(await corpusFile('workshop-digitalisierungsstrategie.docx'));
    const text = doc.sections.map((s) => s.text).join('\n\n');
    expect(doc.format).toBe('docx');
    expect(text).not.toMatch(/Cookies|Alle akzeptieren/);
    expect(text).not.toMatch(/Impressum|Datenschutz|BranchenLeistungen|Karriere/);
    const paragraphs = text.split('\n\n');
    expect(paragraphs.length).toBeGreaterThanOrEqual(5);
    expect(paragraphs.some((p) => p.startsWith('Unter diesen Vorzeichen veranstaltete msg am 18. Februar 2020'))).toBe(true);
  });

  it('uses the first heading as title and section label', async () => {
    const doc = await docxLoader.load(await corpusFile('workshop-digitalisierungsstrategie.docx'));
    expect(doc.title).toBe('Workshop „Digitalisierungsstrategie für die öffentliche Verwaltung“');
    expect(doc.sections[0]?.locator).toEqual({ kind: 'section', label: doc.title });
  });
});

describe('docxLoader on generated documents', () => {
  it('gives one section per heading, labelled with the heading', async () => {
    const bytes = await makeDocx([
      new Paragraph({ text: 'Leitfaden Führungskräfteentwicklung', heading: HeadingLevel.HEADING_1 }),
      new Paragraph('Dieser Leitfaden beschreibt das Programm.'),
      new Paragraph({ text: 'Zielgruppe', heading: HeadingLevel.HEADING_2 }),
      new Paragraph('Neue Führungskräfte im ersten Jahr.'),
      new Paragraph('Auch Stellvertretungen können teilnehmen.'),
      new Paragraph({ text: 'Ansprechperson', heading: HeadingLevel.HEADING_2 }),
      new Paragraph('Maria Beispiel, Telefon 0228 99 123-456'),
    ]);
    const doc = await docxLoader.load(sourceFile('leitfaden.docx', bytes));
    expect(doc.sections.map((s) => s.locator.label)).toEqual(['Leitfaden Führungskräfteentwicklung', 'Zielgruppe', 'Ansprechperson']);
    expect(doc.sections[1]?.text).toBe('Zielgruppe\n\nNeue Führungskräfte im ersten Jahr.\n\nAuch Stellvertretungen können teilnehmen.');
    expect(doc.sections[2]?.text).toContain('0228 99 123-456');
    expect(doc.title).toBe('Leitfaden Führungskräfteentwicklung');
  });

  it('gives one section labelled with the document title when there are no headings', async () => {
    const bytes = await makeDocx(
      [new Paragraph('Erster Absatz über das Mentoring.'), new Paragraph('Zweiter Absatz mit Terminen.')],
      'Mentoringprogramm 2025',
    );
    const doc = await docxLoader.load(sourceFile('mentoring.docx', bytes));
    expect(doc.title).toBe('Mentoringprogramm 2025');
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0]?.locator).toEqual({ kind: 'section', label: 'Mentoringprogramm 2025' });
    expect(doc.sections[0]?.text).toBe('Erster Absatz über das Mentoring.\n\nZweiter Absatz mit Terminen.');
  });

  it('keeps table rows together and ignores pictures', async () => {
    const pixel = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
    const bytes = await makeDocx([
      new Paragraph({ text: 'Seminarplan', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ children: [new ImageRun({ type: 'png', data: pixel, transformation: { width: 10, height: 10 } })] }),
      new Table({ rows: [new TableRow({ children: [cell('Datum'), cell('Thema')] }), new TableRow({ children: [cell('04.06.2025'), cell('Datenschutz im Amt')] })] }),
    ]);
    const doc = await docxLoader.load(sourceFile('plan.docx', bytes));
    // One paragraph, a row a line: the engine reads the first line as the table's header.
    expect(doc.sections[0]?.text).toBe('Seminarplan\n\nDatum | Thema\n04.06.2025 | Datenschutz im Amt');
  });

  it('writes a Word header row first, keeps empty cells in their column, and row headers as key–value lines', async () => {
    const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
    const row = (...texts: string[]) => new TableRow({ children: texts.map(cell) });
    const bytes = await makeDocx([
      new Paragraph({ text: 'Termine und Orte', heading: HeadingLevel.HEADING_1 }),
      new Table({
        rows: [
          new TableRow({ tableHeader: true, children: [cell('Beginn'), cell('Ort'), cell('Anmeldung')] }),
          row('Oktober 2025', 'München', 'ausgebucht'),
          row('August 2026', '', 'bis 31.01.2026'),
        ],
      }),
    ]);
    const doc = await docxLoader.load(sourceFile('termine.docx', bytes));
    expect(doc.sections[0]?.text).toBe('Termine und Orte\n\nBeginn | Ort | Anmeldung\nOktober 2025 | München | ausgebucht\nAugust 2026 | – | bis 31.01.2026');
  });
});

describe('docxLoader errors', () => {
  it('reports a corrupt ZIP', async () => {
    const good = (await corpusFile('workshop-digitalisierungsstrategie.docx')).bytes;
    const error = await loadError(docxLoader.load(sourceFile('kaputt.docx', good.subarray(0, 2000))));
    expect(error.code).toBe('docx_corrupt');
    expect(error.file).toBe('kaputt.docx');
  });

  it('reports a ZIP without a Word document inside', async () => {
    const zip = new JSZip().file('hallo.txt', 'kein Word');
    const error = await loadError(docxLoader.load(sourceFile('fremd.docx', await zip.generateAsync({ type: 'nodebuffer' }))));
    expect(error.code).toBe('docx_corrupt');
    expect(error.reason).toMatch(/not a Word document/);
  });

  it('reports a document without text', async () => {
    const error = await loadError(docxLoader.load(sourceFile('leer.docx', await makeDocx([new Paragraph('')]))));
    expect(error.code).toBe('no_text');
  });
});

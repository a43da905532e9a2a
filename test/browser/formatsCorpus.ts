import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CORPUS_DIR } from '../bot/botTestSupport.ts';
import { makePptx } from '../loaders/fixtures.ts';

/**
 * A documents folder with every format the web chat can cite: the sample corpus (PDF, DOCX, HTML,
 * TXT), a PowerPoint deck made with pptxgenjs and a Markdown page, the last two with facts of their
 * own so that their answers cite them and nothing else; plus the folder's SOURCES.md notes.
 */
export interface FormatCase {
  format: 'PDF' | 'PPTX' | 'DOCX' | 'HTML' | 'MD' | 'TXT';
  question: string;
  /** The file the answer cites. */
  source: string;
  /** Text that stands in the cited passage. */
  passage: string;
}

export const FORMAT_CASES: readonly FormatCase[] = [
  { format: 'PDF', question: 'Wer ist Ansprechpartner für KommunalCampus?', source: 'digitale-kompetenzen-praesentation.pdf', passage: 'Marvin Baldauf' },
  { format: 'PPTX', question: 'Wann beginnt die Datenwerkstatt Ost?', source: 'datenwerkstatt-ost.pptx', passage: '14. März 2027' },
  {
    format: 'DOCX',
    question: 'Wann fand der Workshop Digitalisierungsstrategie für die öffentliche Verwaltung von msg statt?',
    source: 'workshop-digitalisierungsstrategie.docx',
    passage: '18. Februar 2020',
  },
  { format: 'HTML', question: 'Wann ist die erste #digitaljourney gestartet?', source: 'digitaljourney.html', passage: '28. November 2022' },
  { format: 'MD', question: 'Was kostet das Lernlabor Süd?', source: 'lernlabor-sued.md', passage: '120 Euro' },
  {
    format: 'TXT',
    question: 'Wann trafen sich die Transformationstreiberinnen und -treiber der Bundesressorts auf dem GovTech Campus?',
    source: 'transformationstreiber.txt',
    passage: '25. April 2024',
  },
];

const LERNLABOR = `# Lernlabor Süd

Das Lernlabor Süd bietet Beschäftigten der Landesverwaltung praxisnahe Kurse zur E-Akte und zu digitalen Arbeitsabläufen an.

## Kosten

Die Teilnahme am Lernlabor Süd kostet 120 Euro pro Person und Kurstag.

## Kontakt

Ansprechpartnerin für das Lernlabor Süd ist Frau Jana Kiefer, Telefon 0711 123456, E-Mail jana.kiefer@lernlabor.example.
`;

export async function makeFormatsDocs(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(CORPUS_DIR)) await copyFile(path.join(CORPUS_DIR, name), path.join(dir, name));
  const deck = await makePptx((pres) => {
    pres.addSlide().addText('Datenwerkstatt Ost', { x: 0.5, y: 1, w: 9, h: 1.5, fontSize: 36 });
    const dates = pres.addSlide();
    dates.addText('Termine', { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 28 });
    dates.addText('Die Datenwerkstatt Ost beginnt am 14. März 2027 in Leipzig und dauert drei Tage.', { x: 0.5, y: 1.5, w: 9, h: 1.5, fontSize: 18 });
    const contact = pres.addSlide();
    contact.addText('Ansprechpartnerin', { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 28 });
    contact.addText('Dr. Paula Wendt, Telefon 0341 1234567, paula.wendt@datenwerkstatt.example', { x: 0.5, y: 1.5, w: 9, h: 1.5, fontSize: 18 });
  });
  await writeFile(path.join(dir, 'datenwerkstatt-ost.pptx'), deck);
  await writeFile(path.join(dir, 'lernlabor-sued.md'), LERNLABOR);
  await writeFile(path.join(dir, 'SOURCES.md'), '# Herkunft der Dokumente\n\nNotizen zum Ordner, kein Dokument.\n');
}

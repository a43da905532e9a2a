import { readFile } from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import pptxgenjs from 'pptxgenjs';
import type { SourceFile } from '../../ingest/loaders/documentLoader.ts';
import { sharedPath } from '../sharedDir.ts';
import { expect } from 'vitest';
import { DocumentLoadError } from '../../core/errors.ts';

/** Real files for loader tests: the shared corpus, and documents generated with real authoring libraries. */

export const CORPUS = sharedPath('corpus');
export const FIXTURES = sharedPath('fixtures');

export function sourceFile(relativePath: string, bytes: Buffer | Uint8Array): SourceFile {
  return { absolutePath: path.join('/docs', relativePath), relativePath, bytes: Buffer.from(bytes) };
}

export async function corpusFile(name: string, folder = CORPUS): Promise<SourceFile> {
  return sourceFile(name, await readFile(path.join(folder, name)));
}

type PdfOptions = ConstructorParameters<typeof PDFDocument>[0];

/** Builds a PDF with pdfkit; `draw` gets the document and adds pages/text. */
export function makePdf(draw: (doc: PDFKit.PDFDocument) => void, options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ ...options, autoFirstPage: options?.autoFirstPage ?? true });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

/**
 * pptxgenjs ships CommonJS-style typings for an ESM build: at run time the default import is the class,
 * while the typings see a namespace holding it. The cast states the run-time truth.
 */
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;
type Presentation = InstanceType<typeof PptxGenJS>;

export async function makePptx(build: (pres: Presentation) => void): Promise<Buffer> {
  const pres = new PptxGenJS();
  build(pres);
  const data = await pres.write({ outputType: 'nodebuffer' });
  return Buffer.from(data as Uint8Array);
}

/** The DocumentLoadError a loader rejects with; fails the test when it resolves or throws anything else. */
export async function loadError(promise: Promise<unknown>): Promise<DocumentLoadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentLoadError);
  return error as DocumentLoadError;
}

import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Logger } from 'pino';
import type { EmbeddingsProvider } from '../core/embeddings/embeddingsProvider.ts';
import type { IngestReport } from '../core/index/ingestReport.ts';
import { runIngestion } from '../ingest/ingestPipeline.ts';
import { generateCorpus, renderHtml, renderMarkdown, renderText, type GeneratedDocument } from './generateCorpus.ts';
import { median, round } from './stats.ts';

/** Ingestion throughput: the sample files by format, the whole sample corpus, and a generated corpus. */

export interface IngestBenchOptions {
  workDir: string;
  /** Folder with the sample documents (data/docs). */
  sampleDocsDir: string;
  /** PPTX files to time separately (the sample deck as PowerPoint). */
  pptxFiles: string[];
  embeddings: EmbeddingsProvider;
  repeats: number;
  generatedDocuments: number;
  /** Every n-th generated document is written as a PDF (pdfkit); 0 = none. */
  pdfEvery: number;
  seed: number;
  logger: Logger;
}

export interface ThroughputResult {
  files: number;
  pages: number;
  runs: number;
  /** Median wall-clock time of a full ingestion into an empty index (after one untimed warm-up run). */
  medianMs: number;
  pagesPerSecond: number;
}

export interface GeneratedIngestResult {
  documents: number;
  pdfDocuments: number;
  pages: number;
  chunks: number;
  fullMs: number;
  documentsPerSecond: number;
  pagesPerSecond: number;
  /** The same folder ingested again with nothing changed. */
  incrementalMs: number;
  incrementalRatio: number;
  failed: number;
}

export interface IngestBenchResult {
  pdf?: ThroughputResult;
  pptx?: ThroughputResult;
  sampleCorpus: ThroughputResult;
  generated: GeneratedIngestResult;
}

async function ingest(docsDir: string, indexDir: string, options: IngestBenchOptions): Promise<IngestReport> {
  return runIngestion({
    docsDir,
    indexDir,
    embeddings: options.embeddings,
    maxFileSizeBytes: 50 * 1024 * 1024,
    logger: options.logger,
  });
}

/** Full ingestions of `docsDir` into fresh indexes; the median run gives pages per second. */
async function throughput(name: string, docsDir: string, options: IngestBenchOptions): Promise<ThroughputResult> {
  const times: number[] = [];
  let report: IngestReport | undefined;
  // One untimed run first: loading pdf.js and JIT warm-up are start-up costs, not per-page throughput.
  const warmUpDir = path.join(options.workDir, `ingest-${name}-warm-up`);
  await ingest(docsDir, warmUpDir, options);
  await rm(warmUpDir, { recursive: true, force: true });
  for (let run = 0; run < options.repeats; run++) {
    const indexDir = path.join(options.workDir, `ingest-${name}-index-${run}`);
    const started = performance.now();
    report = await ingest(docsDir, indexDir, options);
    times.push(performance.now() - started);
    await rm(indexDir, { recursive: true, force: true });
    if (report.failed.length > 0) {
      options.logger.warn({ failed: report.failed }, `ingest bench ${name}: some files failed`);
    }
  }
  const medianMs = median(times);
  const pages = report!.pagesOrSections;
  return {
    files: report!.added.length,
    pages,
    runs: times.length,
    medianMs: round(medianMs, 1),
    pagesPerSecond: round(pages / (medianMs / 1000), 1),
  };
}

async function folderWith(files: readonly string[], dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const file of files) await copyFile(file, path.join(dir, path.basename(file)));
  return dir;
}

/** A PDF with one page per section, heading in bold above the text, as a typical programme flyer. */
async function writePdf(document: GeneratedDocument, file: string): Promise<void> {
  const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: document.title }, autoFirstPage: false });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('finish', resolve);
    out.on('error', reject);
    pdf.pipe(out);
  });
  for (const section of document.sections) {
    pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(18).text(section.heading, { paragraphGap: 12 });
    for (const paragraph of section.text.split(/\n\n/)) pdf.font('Helvetica').fontSize(11).text(paragraph, { paragraphGap: 8 });
  }
  pdf.end();
  await done;
}

/** Writes the generated corpus as Markdown, HTML and text files, with every n-th document as a PDF. */
export async function writeGeneratedCorpus(documents: readonly GeneratedDocument[], dir: string, pdfEvery: number): Promise<{ pdfs: number }> {
  await mkdir(dir, { recursive: true });
  let pdfs = 0;
  for (let i = 0; i < documents.length; i++) {
    const document = documents[i]!;
    const base = path.join(dir, document.source);
    if (pdfEvery > 0 && i % pdfEvery === 0) {
      await writePdf(document, `${base}.pdf`);
      pdfs++;
    } else if (i % 3 === 0) await writeFile(`${base}.md`, renderMarkdown(document));
    else if (i % 3 === 1) await writeFile(`${base}.html`, renderHtml(document));
    else await writeFile(`${base}.txt`, renderText(document));
  }
  return { pdfs };
}

async function generatedIngest(options: IngestBenchOptions): Promise<GeneratedIngestResult> {
  const docsDir = path.join(options.workDir, 'ingest-generated-docs');
  const indexDir = path.join(options.workDir, 'ingest-generated-index');
  const documents = generateCorpus({ documents: options.generatedDocuments, seed: options.seed });
  const { pdfs } = await writeGeneratedCorpus(documents, docsDir, options.pdfEvery);

  let started = performance.now();
  const full = await ingest(docsDir, indexDir, options);
  const fullMs = performance.now() - started;
  started = performance.now();
  const again = await ingest(docsDir, indexDir, options);
  const incrementalMs = performance.now() - started;
  if (again.chunksEmbedded !== 0) {
    options.logger.warn({ embedded: again.chunksEmbedded }, 'the unchanged re-run embedded chunks again');
  }
  await rm(indexDir, { recursive: true, force: true });
  await rm(docsDir, { recursive: true, force: true });
  const indexed = full.added.length;
  return {
    documents: indexed,
    pdfDocuments: pdfs,
    pages: full.pagesOrSections,
    chunks: full.chunkCount,
    fullMs: Math.round(fullMs),
    documentsPerSecond: round(indexed / (fullMs / 1000), 1),
    pagesPerSecond: round(full.pagesOrSections / (fullMs / 1000), 1),
    incrementalMs: Math.round(incrementalMs),
    incrementalRatio: round(incrementalMs / fullMs, 4),
    failed: full.failed.length,
  };
}

export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchResult> {
  const sampleFiles = (await readdir(options.sampleDocsDir)).map((f) => path.join(options.sampleDocsDir, f));
  const pdfFiles = sampleFiles.filter((f) => f.toLowerCase().endsWith('.pdf'));

  const pdf = pdfFiles.length > 0
    ? await throughput('pdf', await folderWith(pdfFiles, path.join(options.workDir, 'ingest-pdf-docs')), options)
    : undefined;
  const pptx = options.pptxFiles.length > 0
    ? await throughput('pptx', await folderWith(options.pptxFiles, path.join(options.workDir, 'ingest-pptx-docs')), options)
    : undefined;
  const sampleCorpus = await throughput('sample', options.sampleDocsDir, options);
  const generated = await generatedIngest(options);
  return { ...(pdf ? { pdf } : {}), ...(pptx ? { pptx } : {}), sampleCorpus, generated };
}

import { createWriteStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import JSZip from 'jszip';
import pptxgenjs from 'pptxgenjs';
import yazl from 'yazl';
import { afterEach, describe, expect, it } from 'vitest';
import { openIndex } from '../../core/index/indexReader.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { CORPUS_FILES, countingProvider, makeWorkspace, type Workspace } from '../ingest/ingestTestSupport.ts';

// pptxgenjs' typings describe a namespace, but at run time the default import is the class.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;
const MB = 1024 * 1024;

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

/** `head`, then `size` bytes of spaces generated as they are read (never held in memory at once), then `tail`. */
function paddedXml(head: string, size: number, tail: string): Readable {
  const block = Buffer.alloc(MB, 0x20);
  let left = size;
  let stage: 'head' | 'spaces' | 'tail' | 'done' = 'head';
  return new Readable({
    read() {
      if (stage === 'head') {
        stage = 'spaces';
        this.push(Buffer.from(head));
      } else if (stage === 'spaces' && left > 0) {
        const part = block.subarray(0, Math.min(block.length, left));
        left -= part.length;
        this.push(part);
      } else if (stage !== 'done' && stage !== 'tail') {
        stage = 'tail';
        this.push(Buffer.from(tail));
      } else {
        stage = 'done';
        this.push(null);
      }
    },
  });
}

/**
 * A real presentation (pptxgenjs), re-zipped with yazl so that slide 1 holds `padding` bytes of spaces
 * inside its text: the shape of the reported 400 KB file that unpacked to 400 MB.
 */
async function bombPptx(target: string, padding: number): Promise<void> {
  const pres = new PptxGenJS();
  pres.addSlide().addText('Zip-Bombe', { x: 1, y: 1, w: 6, h: 1 });
  const original = await JSZip.loadAsync((await pres.write({ outputType: 'nodebuffer' })) as Buffer);
  const zip = new yazl.ZipFile();
  for (const [name, entry] of Object.entries(original.files)) {
    if (entry.dir) continue;
    const content = await entry.async('nodebuffer');
    if (name !== 'ppt/slides/slide1.xml') {
      zip.addBuffer(content, name);
      continue;
    }
    const xml = content.toString('utf8');
    const at = xml.indexOf('Zip-Bombe');
    zip.addReadStream(paddedXml(xml.slice(0, at), padding, xml.slice(at)), name);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(target));
}

/** Rewrites the uncompressed size the central directory declares for `entryName` (a lying archive). */
async function declareSize(file: string, entryName: string, declared: number): Promise<void> {
  const bytes = await readFile(file);
  const name = Buffer.from(entryName);
  for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 28);
    if (bytes.subarray(at + 46, at + 46 + nameLength).equals(name)) {
      bytes.writeUInt32LE(declared, at + 24);
      await writeFile(file, bytes);
      return;
    }
  }
  throw new Error(`${entryName} not found in the central directory`);
}

async function manyEntriesDocx(target: string, entries: number): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), '[Content_Types].xml');
  // Stored, not deflated: yazl would otherwise run one zlib stream per entry at once.
  for (let i = 0; i < entries; i++) zip.addBuffer(Buffer.from('<x/>'), `word/parts/part${i}.xml`, { compress: false });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(target));
}

/** Peak resident memory (VmHWM) of this process's child processes, sampled while `work` runs. */
async function peakChildRss<T>(work: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
  let peakKb = 0;
  const sample = async () => {
    for (const pid of await readdir('/proc').catch(() => [] as string[])) {
      if (!/^\d+$/.test(pid)) continue;
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      peakKb = Math.max(peakKb, Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    }
  };
  let running = true;
  const sampler = (async () => {
    while (running) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  try {
    return { result: await work(), peakBytes: peakKb * 1024 };
  } finally {
    running = false;
    await sampler;
  }
}

describe('bounded loaders', () => {
  it('reports a zip-bomb PPTX, a lying archive and one with too many entries by name; indexes the rest under 1 GB RSS', async () => {
    workspace = await makeWorkspace();
    const docs = workspace.docsDir;
    await bombPptx(path.join(docs, 'bombe.pptx'), 400 * MB);
    await bombPptx(path.join(docs, 'luege.pptx'), 80 * MB);
    await declareSize(path.join(docs, 'luege.pptx'), 'ppt/slides/slide1.xml', 4_000);
    await manyEntriesDocx(path.join(docs, 'eintraege.docx'), 10_050);
    const bombSize = (await readFile(path.join(docs, 'bombe.pptx'))).length;
    expect(bombSize).toBeLessThan(2 * MB);

    const ownBefore = process.resourceUsage().maxRSS * 1024;
    const { result: report, peakBytes: readerPeak } = await peakChildRss(() =>
      runIngestion({ docsDir: docs, indexDir: workspace!.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * MB }),
    );

    const failed = new Map(report.failed.map((f) => [f.source, f]));
    expect(failed.get('bombe.pptx')).toMatchObject({ code: 'zip_bomb' });
    expect(failed.get('bombe.pptx')!.reason).toMatch(/ppt\/slides\/slide1\.xml would unpack to 400 MB.*MAX_ARCHIVE_ENTRY_MB/);
    expect(failed.get('luege.pptx')).toMatchObject({ code: 'zip_bomb' });
    expect(failed.get('luege.pptx')!.reason).toMatch(/inflates to more than it declares/);
    expect(failed.get('eintraege.docx')).toMatchObject({ code: 'zip_bomb' });
    expect(failed.get('eintraege.docx')!.reason).toMatch(/10,051 entries.*MAX_ARCHIVE_ENTRIES/);
    expect([...report.added].sort()).toEqual([...CORPUS_FILES].sort());
    expect((await openIndex(workspace.indexDir))!.manifest.files.map((f) => f.source).sort()).toEqual([...CORPUS_FILES].sort());
    // Peak resident memory of the ingestion (this process) and of its document reader process, together.
    const ownPeak = process.resourceUsage().maxRSS * 1024;
    expect(readerPeak).toBeGreaterThan(0);
    expect(ownPeak + readerPeak, `own ${ownPeak / MB} MB (before: ${ownBefore / MB} MB), reader ${readerPeak / MB} MB`).toBeLessThan(1024 * MB);
  });

  it('reports a file that exhausts the worker heap, and the run goes on with the next files', async () => {
    workspace = await makeWorkspace();
    const docs = workspace.docsDir;
    // Within the size limit, but far more text than a 256 MB heap can hold while it is read and chunked.
    const line = 'Die Fortbildung Datenkompetenz beginnt am 3. Mai 2027 in Bonn; Ansprechpartnerin ist Frau Beispiel.\n';
    await writeFile(path.join(docs, 'aaa-riesig.txt'), line.repeat(Math.ceil((45 * MB) / line.length)));
    const report = await runIngestion({
      docsDir: docs,
      indexDir: workspace.indexDir,
      embeddings: countingProvider(),
      maxFileSizeBytes: 50 * MB,
      limits: { workerHeapMb: 256, textChars: 1e9 },
    });
    expect(report.failed).toEqual([
      expect.objectContaining({ source: 'aaa-riesig.txt', code: 'too_large', reason: expect.stringMatching(/more memory than LOADER_MEMORY_MB \(256 MB\)/) }),
    ]);
    // It came first; every file after it was read by a fresh worker.
    expect([...report.added].sort()).toEqual([...CORPUS_FILES].sort());
  });

  it('caps the text per document and gives up on a document that takes too long', async () => {
    workspace = await makeWorkspace();
    const capped = await runIngestion({
      docsDir: workspace.docsDir,
      indexDir: workspace.indexDir,
      embeddings: countingProvider(),
      maxFileSizeBytes: 50 * MB,
      limits: { textChars: 5_000 },
    });
    const tooMuch = capped.failed.filter((f) => f.code === 'too_large').map((f) => f.source);
    expect(tooMuch).toContain('digitale-kompetenzen-praesentation.pdf');
    expect(capped.failed.find((f) => f.source === 'digitale-kompetenzen-praesentation.pdf')!.reason).toMatch(/MAX_TEXT_PER_DOCUMENT_MB/);
    expect(capped.added.length).toBeGreaterThan(0);

    const slow = await runIngestion({
      docsDir: workspace.docsDir,
      indexDir: workspace.indexDir,
      embeddings: countingProvider(),
      maxFileSizeBytes: 50 * MB,
      full: true,
      limits: { timeoutMs: 1 },
    });
    expect(slow.failed.length).toBeGreaterThan(0);
    expect(slow.failed.every((f) => f.code === 'load_timeout' || /previous version kept/.test(f.reason))).toBe(true);
  });
});

import { access, chmod, constants, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import pptxgenjs from 'pptxgenjs';
import { afterEach, describe, expect, it } from 'vitest';
import { openIndex, readCurrentVersion } from '../../core/index/indexReader.ts';
import { DocsFolderError } from '../../ingest/docsScanner.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { allChunks, CORPUS_FILES, countingProvider, makeWorkspace, type Workspace } from './ingestTestSupport.ts';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

function pdfBytes(text: string, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument(options);
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

// pptxgenjs' typings describe a namespace, but at run time the default import is the class.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;

async function pptxWithoutText(): Promise<Buffer> {
  const pres = new PptxGenJS();
  pres.addSlide().addShape(pres.ShapeType.rect, { x: 1, y: 1, w: 2, h: 1, fill: { color: '336699' } });
  return Buffer.from((await pres.write({ outputType: 'nodebuffer' })) as Uint8Array);
}

/**
 * An unreadable file. chmod 000 blocks reading for normal users; tests here may run as root, where it
 * does not, so then a dangling symbolic link stands in (it fails to open just the same way for the
 * ingestion: the name is listed but the content cannot be read).
 */
async function makeUnreadable(docsDir: string): Promise<string> {
  const file = path.join(docsDir, 'gesperrt.pdf');
  await writeFile(file, await pdfBytes('Gesperrt'));
  await chmod(file, 0o000);
  try {
    await access(file, constants.R_OK);
  } catch {
    return 'gesperrt.pdf';
  }
  await rm(file);
  await symlink(path.join(docsDir, 'does-not-exist.pdf'), path.join(docsDir, 'verwaister-link.pdf'));
  return 'verwaister-link.pdf';
}

describe('runIngestion with bad input mixed into a real folder', () => {
  it('reports each bad file by name with a reason and ingests the rest', async () => {
    workspace = await makeWorkspace();
    const docs = workspace.docsDir;
    await writeFile(path.join(docs, 'kaputt.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(300, 0x41)]));
    await writeFile(path.join(docs, 'geschuetzt.pdf'), await pdfBytes('Vertraulich: Haushaltsplanung', { userPassword: 'geheim', ownerPassword: 'geheim', pdfVersion: '1.7' }));
    await writeFile(path.join(docs, 'leer.pdf'), '');
    await writeFile(path.join(docs, 'eigentlich-html.pdf'), '<!DOCTYPE html><html><body><p>Keine PDF-Datei</p></body></html>');
    await writeFile(path.join(docs, 'daten.xyz'), 'irgendwas');
    await writeFile(path.join(docs, 'riesig.txt'), 'Großer Text mit vielen Wörtern. '.repeat(40_000));
    await mkdir(path.join(docs, 'alt'), { recursive: true });
    await writeFile(path.join(docs, 'alt', 'latin1.txt'), iconv.encode('Prüfung der Maßnahmen für Bürgerinnen und Bürger im Öffentlichen Dienst.\n', 'latin1'));
    await writeFile(path.join(docs, 'ohne-text.pptx'), await pptxWithoutText());
    await writeFile(path.join(docs, '.versteckt.txt'), 'Hidden files are not documents.');
    await writeFile(path.join(docs, 'README.md'), '# Notes about this folder');
    const unreadable = await makeUnreadable(docs);

    const report = await runIngestion({
      docsDir: docs,
      indexDir: workspace.indexDir,
      embeddings: countingProvider(),
      maxFileSizeBytes: 1024 * 1024,
    });

    expect(report.written).toBe(true);
    expect([...report.added].sort()).toEqual([...CORPUS_FILES, 'alt/latin1.txt'].sort());
    const failed = new Map(report.failed.map((f) => [f.source, f]));
    expect([...failed.keys()].sort()).toEqual(
      ['daten.xyz', 'eigentlich-html.pdf', 'geschuetzt.pdf', 'kaputt.pdf', 'leer.pdf', 'ohne-text.pptx', 'riesig.txt', unreadable].sort(),
    );
    expect(failed.get('daten.xyz')).toMatchObject({ code: 'unsupported_type' });
    expect(failed.get('daten.xyz')!.reason).toMatch(/\.xyz.*supported types:.*\.pdf.*\.docx/);
    expect(failed.get('riesig.txt')).toMatchObject({ code: 'too_large' });
    expect(failed.get('riesig.txt')!.reason).toBe('1.3 MB exceeds the limit of 1 MB (MAX_FILE_SIZE_MB)');
    expect(failed.get(unreadable)).toMatchObject({ code: 'unreadable' });
    expect(failed.get('leer.pdf')).toMatchObject({ code: 'empty_file' });
    expect(failed.get('geschuetzt.pdf')!.reason).toMatch(/password/i);
    expect(failed.get('kaputt.pdf')!.code).toMatch(/pdf_corrupt|pdf/);
    expect(failed.get('eigentlich-html.pdf')!.reason).toMatch(/HTML/);
    expect(failed.get('ohne-text.pptx')!.reason).toMatch(/text/i);
    expect(report.failed.every((f) => f.reason.length > 10)).toBe(true);

    const index = (await openIndex(workspace.indexDir))!;
    expect(index.manifest.failed).toEqual(report.failed);
    const latin1 = allChunks(index).filter((c) => c.source === 'alt/latin1.txt');
    expect(latin1.map((c) => c.text).join(' ')).toContain('Prüfung der Maßnahmen für Bürgerinnen');
    expect(allChunks(index).some((c) => c.source.startsWith('.') || c.source === 'README.md')).toBe(false);
  });

  it('keeps the previous chunks of a document that was ingested before and now fails', async () => {
    workspace = await makeWorkspace();
    const provider = countingProvider();
    await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: provider, maxFileSizeBytes: 50 * 1024 * 1024 });
    const before = allChunks((await openIndex(workspace.indexDir))!).filter((c) => c.source === 'workshop-digitalisierungsstrategie.docx');
    expect(before.length).toBeGreaterThan(0);

    await writeFile(path.join(workspace.docsDir, 'workshop-digitalisierungsstrategie.docx'), 'PK\u0003\u0004 this is not a zip any more');
    const report = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: provider, maxFileSizeBytes: 50 * 1024 * 1024 });
    expect(report.written).toBe(true);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.source).toBe('workshop-digitalisierungsstrategie.docx');
    expect(report.failed[0]!.reason).toMatch(/\(previous version kept\)$/);
    expect(report.removed).toEqual([]);
    const after = (await openIndex(workspace.indexDir))!;
    expect(allChunks(after).filter((c) => c.source === 'workshop-digitalisierungsstrategie.docx')).toEqual(before);
    expect(after.manifest.files.map((f) => f.source)).toContain('workshop-digitalisierungsstrategie.docx');
  });

  it('writes nothing when every document fails and there is no index yet', async () => {
    workspace = await makeWorkspace({ withCorpus: false });
    await mkdir(workspace.docsDir, { recursive: true });
    await writeFile(path.join(workspace.docsDir, 'kaputt.pdf'), '%PDF-1.4 broken');
    await writeFile(path.join(workspace.docsDir, 'notiz.xyz'), 'x');
    const report = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 1e6 });
    expect(report.written).toBe(false);
    expect(report.failed.map((f) => f.source).sort()).toEqual(['kaputt.pdf', 'notiz.xyz']);
    expect(report.notes.join(' ')).toMatch(/nothing usable was written/);
    expect(await readCurrentVersion(workspace.indexDir)).toBeUndefined();
  });

  it('throws a clear error for a missing documents folder and creates nothing', async () => {
    workspace = await makeWorkspace({ withCorpus: false });
    const missing = path.join(workspace.root, 'gibt-es-nicht');
    const run = runIngestion({ docsDir: missing, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 1e6 });
    await expect(run).rejects.toBeInstanceOf(DocsFolderError);
    await expect(
      runIngestion({ docsDir: missing, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 1e6 }),
    ).rejects.toThrow(`The documents folder ${missing} does not exist`);
    await expect(access(workspace.indexDir)).rejects.toThrow();
  });
});

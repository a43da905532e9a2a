import { appendFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexError, IngestLockedError } from '../../core/errors.ts';
import { STORE_FILE, MANIFEST_FILE, VECTORS_FILE, VERSIONS_DIR, versionDir } from '../../core/index/indexFormat.ts';
import { assertCompatibleEmbedder, openIndex, readCurrentVersion } from '../../core/index/indexReader.ts';
import { ingestReportSchema, type IngestProgress } from '../../core/index/ingestReport.ts';
import { createHashedEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { allChunks, CORPUS_FILES, countingProvider, makeWorkspace, squash, type Workspace } from './ingestTestSupport.ts';

const MB = 1024 * 1024;
let workspace: Workspace | undefined;

afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

async function ingest(ws: Workspace, provider = countingProvider(), extra: { full?: boolean; onProgress?: (e: IngestProgress) => void } = {}) {
  return runIngestion({ docsDir: ws.docsDir, indexDir: ws.indexDir, embeddings: provider, maxFileSizeBytes: 50 * MB, ...extra });
}

describe('runIngestion on the sample corpus', () => {
  it('ingests every document into a readable index with page/slide locators', async () => {
    workspace = await makeWorkspace({ withPptx: true });
    const events: IngestProgress[] = [];
    const report = await ingest(workspace, countingProvider(), { onProgress: (e) => events.push(e) });

    expect(ingestReportSchema.parse(report)).toEqual(report);
    expect(report.written).toBe(true);
    expect([...report.added].sort()).toEqual([...CORPUS_FILES, 'folien/praesentation.pptx'].sort());
    expect(report.failed).toEqual([]);
    expect(report.chunkCount).toBeGreaterThan(CORPUS_FILES.length);
    expect(report.chunksEmbedded).toBe(report.chunkCount);
    expect(report.pagesOrSections).toBeGreaterThanOrEqual(50);

    const dir = versionDir(workspace.indexDir, report.versionId!);
    for (const file of [MANIFEST_FILE, STORE_FILE, VECTORS_FILE]) expect((await stat(path.join(dir, file))).size).toBeGreaterThan(0);

    const index = await openIndex(workspace.indexDir);
    expect(index?.versionId).toBe(report.versionId);
    expect(allChunks(index!)).toHaveLength(report.chunkCount);
    expect(index!.manifest.files.map((f) => f.source).sort()).toEqual([...report.added].sort());
    for (const file of index!.manifest.files) expect(file.chunkCount).toBeGreaterThan(0);
    expect(index!.vectors!.getCurrentCount()).toBe(report.chunkCount);

    const pdfSlide8 = allChunks(index!).filter((c) => c.source === 'digitale-kompetenzen-praesentation.pdf' && c.locator.number === 8);
    expect(pdfSlide8.length).toBeGreaterThan(0);
    expect(pdfSlide8.some((c) => squash(c.text).includes(squash('+49 421 361 42564')))).toBe(true);
    const pptxSlide8 = allChunks(index!).filter((c) => c.source === 'folien/praesentation.pptx' && c.locator.number === 8);
    expect(pptxSlide8.some((c) => squash(c.text).includes('42564'))).toBe(true);

    // The stored vectors answer a query: the slide-8 chunk is among the nearest for its own text.
    const query = await createHashedEmbeddings(256).embeddings!.embedQuery(pdfSlide8[0]!.text);
    const hits = index!.vectors!.searchKnn(query, 3);
    expect(hits.neighbors).toContain(pdfSlide8[0]!.label);

    expect(events.map((e) => e.phase)).toEqual(expect.arrayContaining(['scan', 'load', 'embed', 'write']));
    expect(events.filter((e) => e.phase === 'load' && e.file).map((e) => e.file)).toHaveLength(CORPUS_FILES.length + 1);
    const lastEmbed = events.filter((e) => e.phase === 'embed').at(-1)!;
    expect(lastEmbed.done).toBe(lastEmbed.total);
  });

  it('reuses unchanged documents, re-embeds only a changed one, drops a deleted one, and --full re-embeds all', async () => {
    workspace = await makeWorkspace();
    const first = await ingest(workspace);
    const firstIndex = (await openIndex(workspace.indexDir))!;

    const again = countingProvider();
    const unchanged = await ingest(workspace, again);
    expect(unchanged.unchanged.sort()).toEqual([...CORPUS_FILES].sort());
    expect(unchanged.added).toEqual([]);
    expect(unchanged.updated).toEqual([]);
    expect(unchanged.chunksEmbedded).toBe(0);
    expect(again.embeddings.calls).toBe(0);
    expect(unchanged.chunkCount).toBe(first.chunkCount);

    await appendFile(path.join(workspace.docsDir, 'transformationstreiber.txt'), '\n\nNeu: Anmeldung bis 15. März 2027 bei lernen@example.org.\n');
    const afterEdit = countingProvider();
    const edited = await ingest(workspace, afterEdit);
    expect(edited.updated).toEqual(['transformationstreiber.txt']);
    expect(edited.unchanged).toHaveLength(CORPUS_FILES.length - 1);
    const editedIndex = (await openIndex(workspace.indexDir))!;
    const txtChunks = allChunks(editedIndex).filter((c) => c.source === 'transformationstreiber.txt');
    expect(afterEdit.embeddings.texts).toBe(txtChunks.length);
    expect(edited.chunksEmbedded).toBe(txtChunks.length);
    expect(txtChunks.some((c) => c.text.includes('lernen@example.org'))).toBe(true);
    // Other documents keep their chunks and labels; the vector index holds exactly the live labels.
    const before = allChunks(firstIndex).filter((c) => c.source !== 'transformationstreiber.txt').map((c) => c.id + c.label);
    const after = allChunks(editedIndex).filter((c) => c.source !== 'transformationstreiber.txt').map((c) => c.id + c.label);
    expect(after).toEqual(before);
    const liveLabels = new Set(allChunks(editedIndex).map((c) => c.label));
    for (const chunk of txtChunks) expect(allChunks(firstIndex).some((c) => c.label === chunk.label)).toBe(false);
    const hits = editedIndex.vectors!.searchKnn(await createHashedEmbeddings(256).embeddings!.embedQuery('Anmeldung lernen'), allChunks(editedIndex).length);
    for (const label of hits.neighbors) expect(liveLabels.has(label)).toBe(true);
    expect(editedIndex.manifest.nextLabel).toBe(first.chunkCount + txtChunks.length);

    await rm(path.join(workspace.docsDir, 'masterclass-ii.html'));
    const deleted = await ingest(workspace);
    expect(deleted.removed).toEqual(['masterclass-ii.html']);
    expect(deleted.chunksEmbedded).toBe(0);
    const deletedIndex = (await openIndex(workspace.indexDir))!;
    expect(allChunks(deletedIndex).some((c) => c.source === 'masterclass-ii.html')).toBe(false);
    expect(deletedIndex.manifest.files.map((f) => f.source)).not.toContain('masterclass-ii.html');
    expect(allChunks(deletedIndex).filter((c) => c.source === 'digitaljourney.html').length).toBeGreaterThan(0);

    const full = countingProvider();
    const rebuilt = await ingest(workspace, full, { full: true });
    expect(rebuilt.chunksEmbedded).toBe(rebuilt.chunkCount);
    expect(full.embeddings.texts).toBe(rebuilt.chunkCount);
    expect(rebuilt.unchanged).toEqual([]);

    // Only the live version and the one before it stay on disk.
    const versions = await readdir(path.join(workspace.indexDir, VERSIONS_DIR));
    expect(versions.sort()).toEqual([deletedIndex.versionId, rebuilt.versionId!].sort());
  });

  it('rebuilds everything when the embedder changed, and the reader refuses a mismatched embedder', async () => {
    workspace = await makeWorkspace();
    await ingest(workspace);
    const index = (await openIndex(workspace.indexDir))!;
    const other = createHashedEmbeddings(128);
    expect(() => assertCompatibleEmbedder(index.manifest, other.info)).toThrow(IndexError);
    expect(() => assertCompatibleEmbedder(index.manifest, other.info)).toThrow(/256 dimensions.*128 dimensions.*--full/);

    const report = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: other, maxFileSizeBytes: 50 * MB });
    expect(report.chunksEmbedded).toBe(report.chunkCount);
    expect(report.notes.join(' ')).toMatch(/embeddings changed.*rebuilt/);
    const rebuilt = (await openIndex(workspace.indexDir))!;
    expect(rebuilt.manifest.embedder.dimensions).toBe(128);
    expect(rebuilt.vectors!.getNumDimensions()).toBe(128);
  });

  it('refuses a second ingestion while one holds the lock', async () => {
    workspace = await makeWorkspace();
    const ws = workspace;
    let started!: () => void;
    const loading = new Promise<void>((resolve) => (started = resolve));
    const first = ingest(ws, countingProvider(), { onProgress: (e) => e.phase === 'load' && started() });
    await loading;
    await expect(ingest(ws)).rejects.toBeInstanceOf(IngestLockedError);
    await expect(ingest(ws)).rejects.toThrow(/Another ingestion is already running/);
    expect((await first).written).toBe(true);
    // After the first run the lock is free again.
    expect((await ingest(ws)).written).toBe(true);
  });

  it('reports an empty documents folder as nothing written and creates no version', async () => {
    workspace = await makeWorkspace({ withCorpus: false });
    await mkdir(workspace.docsDir, { recursive: true });
    const report = await ingest(workspace);
    expect(report.written).toBe(false);
    expect(report.notes.join(' ')).toMatch(/No documents found/);
    expect(await readCurrentVersion(workspace.indexDir)).toBeUndefined();
  });
});

import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openIndex } from '../../core/index/indexReader.ts';
import type { Chunk } from '../../core/types.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { CORPUS_FILES, countingProvider, makeWorkspace, type Workspace } from '../ingest/ingestTestSupport.ts';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

/** Every chunk of the live index version. */
async function indexedChunks(indexDir: string): Promise<Chunk[]> {
  const index = (await openIndex(indexDir))!;
  try {
    return index.store.getMany(index.store.labels());
  } finally {
    index.close();
  }
}

const SECRET = 'Das geheime Kennwort der Haushaltsabteilung lautet Sonnenblume.';

describe('ingestion never follows a link out of the documents folder', () => {
  it('reports links to outside files and folders as skipped, indexes none of their content, follows links inside', async () => {
    workspace = await makeWorkspace();
    const docs = workspace.docsDir;
    const outside = path.join(workspace.root, 'ausserhalb');
    await mkdir(path.join(outside, 'ordner'), { recursive: true });
    await writeFile(path.join(outside, 'geheim.txt'), SECRET);
    await writeFile(path.join(outside, 'ordner', 'intern.md'), `# Intern\n\n${SECRET}`);
    await symlink('/etc/passwd', path.join(docs, 'passwd.txt'));
    await symlink(path.join(outside, 'geheim.txt'), path.join(docs, 'geheim.txt'));
    await symlink(path.join(outside, 'ordner'), path.join(docs, 'extern'));
    // Relative links that climb out are caught the same way.
    await symlink('../ausserhalb/geheim.txt', path.join(docs, 'relativ.txt'));
    // A link to a document inside the folder is fine.
    await mkdir(path.join(docs, 'verweise'));
    await symlink('../transformationstreiber.txt', path.join(docs, 'verweise', 'treiber.txt'));

    const report = await runIngestion({ docsDir: docs, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * 1024 * 1024 });

    const skipped = report.failed.filter((f) => f.code === 'outside_docs_folder').map((f) => f.source).sort();
    expect(skipped).toEqual(['extern', 'geheim.txt', 'passwd.txt', 'relativ.txt']);
    expect(report.failed.every((f) => /outside the documents folder/.test(f.reason))).toBe(true);
    expect([...report.added].sort()).toEqual([...CORPUS_FILES, 'verweise/treiber.txt'].sort());
    const allText = (await indexedChunks(workspace.indexDir)).map((c) => c.text).join('\n');
    expect(allText).not.toContain('Sonnenblume');
    expect(allText).not.toMatch(/root:x?:0:0/);
  });

  it('drops what a file contributed once it has been replaced by a link out of the folder', async () => {
    workspace = await makeWorkspace();
    const docs = workspace.docsDir;
    const file = path.join(docs, 'notiz.txt');
    await writeFile(file, 'Die Fortbildung Datenkompetenz beginnt am 3. Mai 2027 in Bonn.');
    const provider = countingProvider();
    await runIngestion({ docsDir: docs, indexDir: workspace.indexDir, embeddings: provider, maxFileSizeBytes: 1e8 });
    const outside = path.join(workspace.root, 'geheim.txt');
    await writeFile(outside, SECRET);
    await rm(file);
    await symlink(outside, file);

    const report = await runIngestion({ docsDir: docs, indexDir: workspace.indexDir, embeddings: provider, maxFileSizeBytes: 1e8 });
    expect(report.failed).toEqual([expect.objectContaining({ source: 'notiz.txt', code: 'outside_docs_folder' })]);
    const chunks = await indexedChunks(workspace.indexDir);
    expect(chunks.filter((c) => c.source === 'notiz.txt')).toEqual([]);
    expect(chunks.map((c) => c.text).join('\n')).not.toContain('Sonnenblume');
  });
});

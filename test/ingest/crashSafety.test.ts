import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestLockedError } from '../../core/errors.ts';
import { LOCK_FILE, VERSIONS_DIR } from '../../core/index/indexFormat.ts';
import { openIndex } from '../../core/index/indexReader.ts';
import { LOCK_OWNER_FILE } from '../../ingest/ingestLock.ts';
import { EmbeddingFailedError, runIngestion } from '../../ingest/ingestPipeline.ts';
import { startCli } from './cliRunner.ts';
import { allChunks, countingProvider, makeWorkspace, type Workspace } from './ingestTestSupport.ts';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

const TOPICS = ['Führungskräfteentwicklung', 'Verwaltungsdigitalisierung', 'Datenkompetenz', 'Projektmanagement', 'Agile Methoden'];

/** Many generated German documents, so that an ingestion takes long enough to be interrupted. */
async function addGeneratedDocuments(docsDir: string, count: number): Promise<void> {
  const folder = path.join(docsDir, 'generiert');
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const paragraphs = Array.from(
      { length: 30 },
      (_, p) =>
        `Das Modul ${p + 1} des Programms ${topic} ${i} findet am ${(p % 28) + 1}. März 2027 in Bonn statt. ` +
        `Die Teilnahme kostet ${100 + p * 10} Euro; Ansprechpartnerin ist Frau Beispiel (beispiel${i}@example.org, Tel. 0228 99358-${i}).`,
    );
    await writeFile(path.join(folder, `angebot-${String(i).padStart(4, '0')}.txt`), paragraphs.join('\n\n'));
  }
}

const MB = 1024 * 1024;

describe('crash safety', () => {
  it('leaves the previous version live when embedding fails mid-way, and frees the lock', async () => {
    workspace = await makeWorkspace();
    const first = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * MB });
    await addGeneratedDocuments(workspace.docsDir, 20);

    const failing = countingProvider(2);
    const run = runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: failing, maxFileSizeBytes: 50 * MB, batchSize: 8 });
    await expect(run).rejects.toBeInstanceOf(EmbeddingFailedError);
    expect(failing.embeddings.calls).toBe(2);

    const index = (await openIndex(workspace.indexDir))!;
    expect(index.versionId).toBe(first.versionId);
    expect(allChunks(index)).toHaveLength(first.chunkCount);
    expect(await readdir(path.join(workspace.indexDir, VERSIONS_DIR))).toEqual([first.versionId]);

    const retry = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * MB });
    expect(retry.added).toHaveLength(20);
  });

  it('survives SIGKILL of the CLI mid-way: previous version stays live, the stale lock is recovered', async () => {
    workspace = await makeWorkspace();
    const first = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * MB });
    await addGeneratedDocuments(workspace.docsDir, 300);

    const child = startCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--progress-jsonl']);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    let killedDuring: string | undefined;
    for await (const line of createInterface({ input: child.stdout! })) {
      const event = JSON.parse(line) as { type: string; phase?: string; done?: number };
      if (event.type === 'report') break;
      if (event.type === 'progress' && event.phase === 'load' && (event.done ?? 0) >= 20) {
        killedDuring = `load ${event.done}`;
        child.kill('SIGKILL');
        break;
      }
    }
    expect(await exited).toBe('SIGKILL');
    expect(killedDuring).toBeDefined();

    const index = (await openIndex(workspace.indexDir))!;
    expect(index.versionId).toBe(first.versionId);
    expect(allChunks(index)).toHaveLength(first.chunkCount);
    // The killed run's lock is still there...
    await stat(path.join(workspace.indexDir, LOCK_FILE));

    // ...and is taken over at once: its owner process is gone (no waiting for the stale time).
    const recovered = await runIngestion({
      docsDir: workspace.docsDir,
      indexDir: workspace.indexDir,
      embeddings: countingProvider(),
      maxFileSizeBytes: 50 * MB,
    });
    expect(recovered?.written).toBe(true);
    expect(recovered!.added).toHaveLength(300);
    const versions = await readdir(path.join(workspace.indexDir, VERSIONS_DIR));
    // The killed run's half-written folder (if any) is cleaned up.
    expect(versions.sort()).toEqual([first.versionId, recovered!.versionId!].sort());
  }, 120_000);

  it('takes over a lock nobody refreshes once it is older than the stale time', async () => {
    workspace = await makeWorkspace();
    // A lock left by a run on another machine (or without owner file): only its age tells it is stale.
    const lockPath = path.join(workspace.indexDir, LOCK_FILE);
    await mkdir(lockPath, { recursive: true });
    const options = { docsDir: workspace.docsDir, indexDir: workspace.indexDir, maxFileSizeBytes: 50 * MB, lockStaleMs: 5000 };
    await expect(runIngestion({ ...options, embeddings: countingProvider() })).rejects.toBeInstanceOf(IngestLockedError);
    const past = new Date(Date.now() - 60_000);
    await utimes(lockPath, past, past);
    const report = await runIngestion({ ...options, embeddings: countingProvider() });
    expect(report.written).toBe(true);
    await expect(stat(lockPath)).rejects.toThrow();
  });

  it('does not take over the lock of a live process on this machine', async () => {
    workspace = await makeWorkspace();
    const lockPath = path.join(workspace.indexDir, LOCK_FILE);
    await mkdir(lockPath, { recursive: true });
    // This test's own parent process is alive: its lock must be respected.
    await writeFile(path.join(workspace.indexDir, LOCK_OWNER_FILE), JSON.stringify({ pid: process.ppid, hostname: os.hostname(), startedAt: '' }));
    await expect(
      runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * MB }),
    ).rejects.toBeInstanceOf(IngestLockedError);
  });
});

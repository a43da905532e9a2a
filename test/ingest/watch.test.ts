import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { openIndex } from '../../core/index/indexReader.ts';
import type { IngestReport } from '../../core/index/ingestReport.ts';
import { IngestLockedError } from '../../core/errors.ts';
import { acquireIngestLock } from '../../ingest/ingestLock.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { SerialRunner, watchDocs, type DocsWatcher } from '../../ingest/watchDocs.ts';
import { startCli } from './cliRunner.ts';
import { allChunks, countingProvider, makeWorkspace, type Workspace } from './ingestTestSupport.ts';

let workspace: Workspace | undefined;
let watcher: DocsWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await workspace?.cleanup();
  workspace = undefined;
});

/** Resolves with the next value pushed, or rejects after a bounded wait. */
function nextValue<T>(queue: T[], waiters: Array<(value: T) => void>, timeoutMs = 30_000): Promise<T> {
  const ready = queue.shift();
  if (ready !== undefined) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no report within the bounded wait')), timeoutMs);
    waiters.push((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('watch mode', () => {
  it('re-ingests after a new file appears and the quiet period passes', async () => {
    workspace = await makeWorkspace();
    const ws = workspace;
    const provider = countingProvider();
    await runIngestion({ docsDir: ws.docsDir, indexDir: ws.indexDir, embeddings: provider, maxFileSizeBytes: 1e8 });
    const reports: IngestReport[] = [];
    const waiters: Array<(r: IngestReport) => void> = [];
    const errors: unknown[] = [];
    watcher = await watchDocs({
      docsDir: ws.docsDir,
      debounceMs: 200,
      onError: (error) => errors.push(error),
      run: async () => {
        const report = await runIngestion({ docsDir: ws.docsDir, indexDir: ws.indexDir, embeddings: provider, maxFileSizeBytes: 1e8 });
        const waiter = waiters.shift();
        if (waiter) waiter(report);
        else reports.push(report);
      },
    });
    await writeFile(path.join(ws.docsDir, 'neues-angebot.md'), '# Neues Angebot\n\nDas Seminar Datenethik startet am 3. Mai 2027.\n');
    const report = await nextValue(reports, waiters);
    expect(report.added).toEqual(['neues-angebot.md']);
    const index = (await openIndex(ws.indexDir))!;
    expect(allChunks(index).some((c) => c.source === 'neues-angebot.md' && c.text.includes('Datenethik'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('tries again after the quiet period when another ingestion held the lock', async () => {
    workspace = await makeWorkspace();
    const ws = workspace;
    const provider = countingProvider();
    await runIngestion({ docsDir: ws.docsDir, indexDir: ws.indexDir, embeddings: provider, maxFileSizeBytes: 1e8 });
    const lock = await acquireIngestLock(ws.indexDir);
    const reports: IngestReport[] = [];
    const waiters: Array<(r: IngestReport) => void> = [];
    const errors: unknown[] = [];
    watcher = await watchDocs({
      docsDir: ws.docsDir,
      debounceMs: 200,
      onError: (error) => {
        errors.push(error);
        // The lock holder finishes after the first refused attempt.
        if (errors.length === 1) void lock.release();
      },
      isRetryable: (error) => error instanceof IngestLockedError,
      run: async () => {
        const report = await runIngestion({ docsDir: ws.docsDir, indexDir: ws.indexDir, embeddings: provider, maxFileSizeBytes: 1e8 });
        const waiter = waiters.shift();
        if (waiter) waiter(report);
        else reports.push(report);
      },
    });
    await writeFile(path.join(ws.docsDir, 'spaet.txt'), 'Ein spät hinzugefügtes Angebot.\n');
    const report = await nextValue(reports, waiters);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(IngestLockedError);
    expect(report.added).toEqual(['spaet.txt']);
  });

  it('never runs two at once and queues exactly one follow-up run', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runner = new SerialRunner(async () => {
      active++;
      runs++;
      maxActive = Math.max(maxActive, active);
      if (runs === 1) await gate;
      active--;
    }, (error) => {
      throw error;
    });
    runner.trigger();
    runner.trigger();
    runner.trigger();
    runner.trigger();
    release();
    await runner.idle();
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
  });

  it('the CLI --watch prints a report after a file is added', async () => {
    workspace = await makeWorkspace();
    const child = startCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--watch', '--json', '--debounce-ms', '200']);
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const first = JSON.parse((await lines.next()).value as string) as IngestReport;
      expect(first.added).toHaveLength(5);
      // The watcher is ready once the CLI says so (on stderr, since stdout is JSON only). Bounded wait.
      for (let i = 0; i < 100 && !stderr.includes('Watching'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).toContain('Watching');
      await writeFile(path.join(workspace.docsDir, 'nachtrag.txt'), 'Nachtrag zum Programm: Anmeldung bis 1. Juni 2027.\n');
      const next = await Promise.race([
        lines.next(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no report within 30 s')), 30_000)),
      ]);
      const second = JSON.parse(next.value as string) as IngestReport;
      expect(second.added).toEqual(['nachtrag.txt']);
      expect(second.unchanged).toHaveLength(5);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
  }, 90_000);
});

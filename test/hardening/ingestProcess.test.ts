import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, VERSIONS_DIR } from '../../core/index/indexFormat.ts';
import { openIndex, readCurrentVersion } from '../../core/index/indexReader.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { cliEnv, runCli, startCli } from '../ingest/cliRunner.ts';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { countingProvider, makeWorkspace, REPO_DIR, type Workspace } from '../ingest/ingestTestSupport.ts';

const MB = 1024 * 1024;

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

async function addDocuments(docsDir: string, count: number): Promise<void> {
  const folder = path.join(docsDir, 'viele');
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    const text = Array.from({ length: 30 }, (_, p) => `Modul ${p + 1} des Programms ${i} findet am ${(p % 28) + 1}. März 2027 in Bonn statt; Kontakt modul${i}@example.org.`);
    await writeFile(path.join(folder, `angebot-${String(i).padStart(4, '0')}.txt`), text.join('\n\n'));
  }
}

/** Processes (pid list) whose environment names this INDEX_DIR: the ingestion and its reader. */
async function processesFor(indexDir: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`INDEX_DIR=${indexDir}`)) found.push(Number(pid));
  }
  return found;
}

async function versionFolders(indexDir: string): Promise<string[]> {
  return (await readdir(path.join(indexDir, VERSIONS_DIR))).sort();
}

describe('stopping an ingestion', () => {
  it('killing `npm run ingest` stops the ingestion and its reader; the lock is released, the previous version stays', async () => {
    workspace = await makeWorkspace();
    const first = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * MB });
    await addDocuments(workspace.docsDir, 300);
    const npm = spawn('npm', ['run', 'ingest', '--', '--progress-jsonl'], {
      cwd: REPO_DIR,
      env: { ...cliEnv(), DOCS_DIR: workspace.docsDir, INDEX_DIR: workspace.indexDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => npm.on('close', () => resolve()));
    for await (const line of createInterface({ input: npm.stdout! })) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as { type: string; phase?: string; done?: number };
      if (event.type === 'progress' && event.phase === 'load' && (event.done ?? 0) >= 10) break;
    }
    expect((await processesFor(workspace.indexDir)).length).toBeGreaterThan(0);
    npm.kill('SIGTERM');
    await exited;
    await expect.poll(() => processesFor(workspace!.indexDir), { timeout: 15_000, interval: 200 }).toEqual([]);
    await expect(stat(path.join(workspace.indexDir, LOCK_FILE))).rejects.toThrow();
    expect(await readCurrentVersion(workspace.indexDir)).toBe(first.versionId);
    expect(await versionFolders(workspace.indexDir)).toEqual([first.versionId]);
  }, 120_000);

  it('SIGTERM to the CLI ends it with 143, releasing the lock and making nothing live', async () => {
    workspace = await makeWorkspace();
    const first = await runIngestion({ docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: countingProvider(), maxFileSizeBytes: 50 * MB });
    await addDocuments(workspace.docsDir, 300);
    const child = startCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--progress-jsonl']);
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for await (const line of createInterface({ input: child.stdout! })) {
      const event = JSON.parse(line) as { type: string; phase?: string; done?: number };
      if (event.type === 'progress' && event.phase === 'load' && (event.done ?? 0) >= 10) break;
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    await expect(stat(path.join(workspace.indexDir, LOCK_FILE))).rejects.toThrow();
    expect((await openIndex(workspace.indexDir))!.versionId).toBe(first.versionId);
    expect(await versionFolders(workspace.indexDir)).toEqual([first.versionId]);
  }, 120_000);

  it('removes the version folders a kill right after the switch (or before it) left, at the next run and at start', async () => {
    workspace = await makeWorkspace();
    // The embeddings `npm start` uses, so that its --if-missing finds the index usable and only tidies up.
    const options = { docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: createLocalEmbeddings(), maxFileSizeBytes: 50 * MB };
    const v1 = (await runIngestion(options)).versionId!;
    await writeFile(path.join(workspace.docsDir, 'neu.txt'), 'Die Fortbildung Datenkompetenz beginnt am 3. Mai 2027.');
    const v2 = (await runIngestion(options)).versionId!;
    const saved = path.join(workspace.root, 'v1-copy');
    await cp(path.join(workspace.indexDir, VERSIONS_DIR, v1), saved, { recursive: true });
    await writeFile(path.join(workspace.docsDir, 'neu2.txt'), 'Der Workshop Agile Methoden findet in Köln statt.');
    const v3 = (await runIngestion(options)).versionId!;
    // The state a kill between the switch to v3 and its clean-up leaves: v1 is still there.
    await cp(saved, path.join(workspace.indexDir, VERSIONS_DIR, v1), { recursive: true });
    expect(await versionFolders(workspace.indexDir)).toEqual([v1, v2, v3].sort());

    // `npm start` finds the index and skips ingestion, but tidies up.
    const start = await runCli(['--if-missing'], { ...cliEnv(), DOCS_DIR: workspace.docsDir, INDEX_DIR: workspace.indexDir });
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/An index exists .*skipping ingestion/);
    expect(await versionFolders(workspace.indexDir)).toEqual([v2, v3].sort());

    // A version written but never made live (kill before the switch) goes at the next run, even one that changes nothing.
    const orphan = `${v3.slice(0, -8)}ffffffff`;
    await cp(path.join(workspace.indexDir, VERSIONS_DIR, v3), path.join(workspace.indexDir, VERSIONS_DIR, orphan), { recursive: true });
    const unchanged = await runIngestion(options);
    expect(unchanged.versionId).toBe(v3);
    expect(await versionFolders(workspace.indexDir)).toEqual([v2, v3].sort());
  }, 120_000);

  it('`npm run ask -- --help` prints the usage, no stack trace', async () => {
    const ask = spawn('npm', ['run', '--silent', 'ask', '--', '--help'], { cwd: REPO_DIR, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    ask.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    ask.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => ask.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run ask -- "Frage"/);
    expect(stdout + stderr).not.toMatch(/\n\s+at /);
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openIndex } from '../../core/index/indexReader.ts';
import { ingestCliLineSchema, ingestProgressSchema, ingestReportSchema } from '../../core/index/ingestReport.ts';
import { acquireIngestLock } from '../../ingest/ingestLock.ts';
import { cliEnv, runCli } from './cliRunner.ts';
import { CORPUS_FILES, makeWorkspace, type Workspace } from './ingestTestSupport.ts';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

describe('ingest CLI', () => {
  it('--json prints only the report, exit 0; --if-missing then skips; a re-run finds nothing changed', async () => {
    workspace = await makeWorkspace();
    const result = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--json']);
    expect(result.code).toBe(0);
    const report = ingestReportSchema.parse(JSON.parse(result.stdout));
    expect(report.written).toBe(true);
    expect(report.added.sort()).toEqual([...CORPUS_FILES].sort());
    expect((await openIndex(workspace.indexDir))?.versionId).toBe(report.versionId);

    const skipped = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--if-missing']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/An index exists .*skipping ingestion/);
    expect((await openIndex(workspace.indexDir))?.versionId).toBe(report.versionId);

    const again = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Unchanged: ${CORPUS_FILES.length}`);
    expect(again.stdout).toMatch(/Nothing changed/);
  });

  it('--if-missing ingests when there is no index yet', async () => {
    workspace = await makeWorkspace();
    const result = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--if-missing']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Ingesting because no index exists yet/);
    expect(result.stdout).toMatch(/Added \(5\):/);
    expect(await openIndex(workspace.indexDir)).toBeDefined();
  });

  it('--if-missing builds nothing when INGEST_ON_START=false', async () => {
    workspace = await makeWorkspace();
    const result = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--if-missing'], cliEnv({ INGEST_ON_START: 'false' }));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/INGEST_ON_START=false/);
    expect(await openIndex(workspace.indexDir)).toBeUndefined();
  });

  it('--progress-jsonl prints progress objects and finally the report, one JSON object per line', async () => {
    workspace = await makeWorkspace();
    await writeFile(path.join(workspace.docsDir, 'notiz.xyz'), 'nicht unterstützt');
    const result = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--progress-jsonl']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; report?: unknown });
    for (const line of lines) ingestCliLineSchema.parse(line);
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress.length).toBeGreaterThan(3);
    for (const event of progress) ingestProgressSchema.parse(event);
    expect(lines.at(-1)!.type).toBe('report');
    const report = ingestReportSchema.parse(lines.at(-1)!.report);
    expect(report.failed).toEqual([expect.objectContaining({ source: 'notiz.xyz', code: 'unsupported_type' })]);
  });

  it('exits 1 when nothing usable was written and for a missing documents folder', async () => {
    workspace = await makeWorkspace({ withCorpus: false });
    await mkdir(workspace.docsDir, { recursive: true });
    await writeFile(path.join(workspace.docsDir, 'kaputt.pdf'), '%PDF-1.4 broken');
    const nothing = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir]);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toMatch(/Nothing usable was written/);
    expect(nothing.stdout).toMatch(/kaputt\.pdf: /);

    const missing = await runCli(['--docs', path.join(workspace.root, 'fehlt'), '--index', workspace.indexDir, '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/The documents folder .*fehlt does not exist/);
  });

  it('exits 2 for usage and configuration errors without a stack trace', async () => {
    workspace = await makeWorkspace();
    const usage = await runCli(['--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Unknown option '--bogus'/);
    expect(usage.stderr).toMatch(/Usage: npm run ingest/);

    const config = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir], cliEnv({ EMBEDDINGS: 'magic' }));
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/Invalid configuration:[\s\S]*EMBEDDINGS/);
    expect(config.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 while another ingestion holds the lock', async () => {
    workspace = await makeWorkspace();
    const lock = await acquireIngestLock(workspace.indexDir);
    try {
      const result = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--progress-jsonl']);
      expect(result.code).toBe(3);
      const last = ingestCliLineSchema.parse(JSON.parse(result.stdout.trim().split('\n').at(-1)!));
      expect(last).toMatchObject({ type: 'error', code: 'ingest_locked' });
      expect(result.stderr).toMatch(/Another ingestion is already running/);
    } finally {
      await lock.release();
    }
  });
});

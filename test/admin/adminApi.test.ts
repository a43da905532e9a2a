import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReindexJob } from '../../bot/admin/reindexJobs.ts';
import type { AdminStatus } from '../../bot/admin/adminStatus.ts';
import type { AuditRecord } from '../../bot/admin/auditLog.ts';
import { acquireIngestLock } from '../../ingest/ingestLock.ts';
import { ADMIN_TOKEN, bearer, makeWorkspace, removeWorkspace, startAdminServer, type AdminHarness } from './adminHarness.ts';

const auth = bearer(ADMIN_TOKEN);

async function upload(harness: AdminHarness, name: string, content: Buffer | string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? Buffer.from(content) : new Uint8Array(content)]), name);
  return fetch(`${harness.baseUrl}/api/admin/documents`, { method: 'POST', headers: auth, body: form });
}

async function startReindex(harness: AdminHarness, full = false): Promise<Response> {
  return fetch(`${harness.baseUrl}/api/admin/reindex`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ full }),
  });
}

/** Polls the job like the admin page does, until it has ended (bounded). */
async function waitForJob(harness: AdminHarness, jobId: string): Promise<ReindexJob> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    const response = await fetch(`${harness.baseUrl}/api/admin/jobs/${jobId}`, { headers: auth });
    expect(response.status).toBe(200);
    const job = (await response.json()) as ReindexJob;
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`job ${jobId} did not end`);
}

async function reindexAndWait(harness: AdminHarness, full = false): Promise<ReindexJob> {
  const response = await startReindex(harness, full);
  expect(response.status).toBe(202);
  const { jobId } = (await response.json()) as { jobId: string };
  return waitForJob(harness, jobId);
}

async function status(harness: AdminHarness): Promise<AdminStatus> {
  const response = await fetch(`${harness.baseUrl}/api/admin/status`, { headers: auth });
  expect(response.status).toBe(200);
  return (await response.json()) as AdminStatus;
}

async function auditRecords(harness: AdminHarness): Promise<AuditRecord[]> {
  const dir = path.join(harness.config.dataDir, 'audit');
  const records: AuditRecord[] = [];
  for (const file of await readdir(dir)) {
    expect(file).toMatch(/^audit-\d{4}-\d{2}\.jsonl$/);
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      if (line) records.push(JSON.parse(line) as AuditRecord);
    }
  }
  return records;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

describe('admin API over a real ingestion child process', () => {
  let root: string;
  let harness: AdminHarness;

  beforeAll(async () => {
    root = await makeWorkspace({ copyCorpus: true });
    harness = await startAdminServer(root, { ADMIN_TOKEN, MAX_UPLOAD_SIZE_MB: '0.5' });
  });

  afterAll(async () => {
    await harness?.close();
    await removeWorkspace(root);
  });

  it('builds the first index through POST /reindex and the assistant starts answering', async () => {
    expect(harness.assistant.isReady()).toBe(false);
    const job = await reindexAndWait(harness);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.report?.added).toContain('digitale-kompetenzen-praesentation.pdf');
    expect(job.report?.chunkCount).toBeGreaterThan(0);
    expect(job.progress.phase).toBe('write');
    expect(job.startedAt && job.finishedAt && job.finishedAt >= job.startedAt).toBe(true);
    expect(harness.assistant.isReady()).toBe(true);

    const current = await status(harness);
    expect(current.index?.chunkCount).toBe(job.report?.chunkCount);
    expect(current.index?.fileCount).toBe(5);
    expect(current.index?.embedder.provider).toBe('local');
    expect(current.lastIngestion?.jobId).toBe(job.id);
    expect(current.lastIngestion?.summary.added).toBe(5);
    const pdf = current.documents.find((d) => d.name === 'digitale-kompetenzen-praesentation.pdf');
    expect(pdf).toMatchObject({ inFolder: true, indexed: true, pending: false });
    expect(pdf?.chunkCount).toBeGreaterThan(0);
  });

  it('answers 409 to a second re-index while one runs', async () => {
    const first = await startReindex(harness, true);
    expect(first.status).toBe(202);
    const second = await startReindex(harness);
    expect(second.status).toBe(409);
    const body = (await second.json()) as { error: string; code: string; jobId: string };
    expect(body).toMatchObject({ code: 'reindex_busy', error: expect.stringMatching(/läuft bereits eine Indexierung/) });
    const { jobId } = (await first.json()) as { jobId: string };
    expect(body.jobId).toBe(jobId);
    const job = await waitForJob(harness, jobId);
    expect(job.state).toBe('succeeded');
    expect(job.full).toBe(true);
    // A full run re-embeds everything.
    expect(job.report?.chunksEmbedded).toBe(job.report?.chunkCount);
  });

  it('fails the job with reason "locked" while the command-line ingestion holds the index lock', async () => {
    const lock = await acquireIngestLock(harness.config.indexDir);
    try {
      const job = await reindexAndWait(harness);
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('locked');
      expect(job.error?.message).toMatch(/hält die Index-Sperre/);
      expect(harness.assistant.isReady()).toBe(true);
    } finally {
      await lock.release();
    }
  });

  it('stores an uploaded Word document and lists it as not yet indexed', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('Förderprogramm Lernwerkstatt Nord: Ansprechpartnerin ist Frau Dr. Ilse Kranich.')] }] }),
    );
    const response = await upload(harness, 'Lernwerkstatt Nord.docx', docx);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'Lernwerkstatt Nord.docx', size: docx.length, replaced: false });
    const stored = await readFile(path.join(harness.config.docsDir, 'Lernwerkstatt Nord.docx'));
    expect(stored.equals(docx)).toBe(true);
    const listed = (await status(harness)).documents.find((d) => d.name === 'Lernwerkstatt Nord.docx');
    expect(listed).toMatchObject({ inFolder: true, indexed: false, pending: true });
    // No temporary upload file stays behind.
    expect((await readdir(harness.config.docsDir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuses an oversized upload with 413 and a reason, keeping nothing', async () => {
    const before = await readdir(harness.config.docsDir);
    const response = await upload(harness, 'riesig.txt', 'Verwaltung '.repeat(60_000));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'file_too_large', error: expect.stringMatching(/überschreitet die Grenze von 0,5 MB \(MAX_UPLOAD_SIZE_MB\)/) });
    expect(await readdir(harness.config.docsDir)).toEqual(before);
  });

  it('refuses programs and scripts by extension and disguised files by content', async () => {
    for (const [name, content] of [
      ['setup.exe', 'MZ\u0090\u0000binary'],
      ['tool.js', 'console.log("x")'],
    ] as const) {
      const response = await upload(harness, name, content);
      expect(response.status, name).toBe(415);
      expect(await response.json()).toEqual({ code: 'unsupported_type', error: expect.stringMatching(/wird nicht angenommen; erlaubt sind: \.pdf/) });
    }
    const fakePdf = await upload(harness, 'bericht.pdf', '<html><body>Kein PDF</body></html>');
    expect(fakePdf.status).toBe(415);
    expect(await fakePdf.json()).toEqual({ code: 'wrong_content', error: expect.stringMatching(/kein PDF/) });
    const exeAsText = await upload(harness, 'liesmich.txt', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]));
    expect(exeAsText.status).toBe(415);
    const zipAsPptx = await upload(harness, 'folien.pptx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]));
    expect(zipAsPptx.status).toBe(415);
    for (const name of ['setup.exe', 'tool.js', 'bericht.pdf', 'liesmich.txt', 'folien.pptx']) {
      expect(await exists(path.join(harness.config.docsDir, name)), name).toBe(false);
    }
  });

  it('treats SOURCES.md and README.md at the top of the folder as notes: not listed, not uploadable, not deletable', async () => {
    await writeFile(path.join(harness.config.docsDir, 'SOURCES.md'), '# Woher die Dokumente stammen\n');
    const names = (await status(harness)).documents.map((d) => d.name);
    expect(names).not.toContain('SOURCES.md');
    expect(names).toContain('digitaljourney.html');
    const refused = await upload(harness, 'README.md', '# Notiz');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ code: 'folder_note', error: expect.stringContaining('„README.md“ ist eine Notizdatei') });
    expect(await exists(path.join(harness.config.docsDir, 'README.md'))).toBe(false);
    const deleted = await fetch(`${harness.baseUrl}/api/admin/documents/SOURCES.md`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(404);
    expect(await exists(path.join(harness.config.docsDir, 'SOURCES.md'))).toBe(true);
  });

  it('never writes outside the documents folder, whatever the file name says', async () => {
    const passwd = await upload(harness, '../../etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n');
    expect([400, 415]).toContain(passwd.status);
    const traversal = await upload(harness, '../../ausbruch.md', '# Ausbruch\n\nText.');
    expect(traversal.status).toBe(201);
    expect(((await traversal.json()) as { name: string }).name).toBe('ausbruch.md');
    expect(await exists(path.join(harness.config.docsDir, 'ausbruch.md'))).toBe(true);
    expect(await exists(path.join(harness.config.docsDir, '..', '..', 'ausbruch.md'))).toBe(false);
    expect(await exists(path.join(harness.config.docsDir, '..', 'ausbruch.md'))).toBe(false);
    const windows = await upload(harness, 'C:\\Users\\amt\\..\\.versteckt.md', '# Text');
    expect(windows.status).toBe(201);
    expect(((await windows.json()) as { name: string }).name).toBe('versteckt.md');
  });

  it('deletes documents by name: 204, then 404; traversal is refused', async () => {
    const gone = await fetch(`${harness.baseUrl}/api/admin/documents/ausbruch.md`, { method: 'DELETE', headers: auth });
    expect(gone.status).toBe(204);
    expect(await exists(path.join(harness.config.docsDir, 'ausbruch.md'))).toBe(false);
    const again = await fetch(`${harness.baseUrl}/api/admin/documents/ausbruch.md`, { method: 'DELETE', headers: auth });
    expect(again.status).toBe(404);
    const outside = path.join(root, 'geheim.txt');
    await writeFile(outside, 'bleibt');
    const traversal = await fetch(`${harness.baseUrl}/api/admin/documents/..%2Fgeheim.txt`, { method: 'DELETE', headers: auth });
    expect(traversal.status).toBe(400);
    expect(await readFile(outside, 'utf8')).toBe('bleibt');
    const encodedDots = await fetch(`${harness.baseUrl}/api/admin/documents/%2E%2E`, { method: 'DELETE', headers: auth });
    expect([400, 404]).toContain(encodedDots.status);
  });

  it('reports a corrupt PDF as failed with its reason while the bot keeps answering from the previous content', async () => {
    const question = { question: 'Wer ist Ansprechpartner für KommunalCampus?' };
    const before = await harness.assistant.ask(question);
    expect(before.answered).toBe(true);

    const corrupt = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
    expect((await upload(harness, 'kaputt.pdf', corrupt)).status).toBe(201);
    const job = await reindexAndWait(harness);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    const failed = job.report?.failed.find((f) => f.source === 'kaputt.pdf');
    expect(failed?.reason).toBeTruthy();
    expect(job.report?.added).toContain('Lernwerkstatt Nord.docx');
    expect(job.report?.unchanged).toContain('digitale-kompetenzen-praesentation.pdf');

    const after = await harness.assistant.ask(question);
    expect(after.answered).toBe(true);
    expect(after.citations.map((c) => c.source)).toEqual(before.citations.map((c) => c.source));
    const current = await status(harness);
    expect(current.failed.find((f) => f.source === 'kaputt.pdf')?.reason).toBe(failed?.reason);
    expect(current.documents.find((d) => d.name === 'kaputt.pdf')?.failedReason).toBe(failed?.reason);
    expect(current.lastIngestion?.summary.failed).toBeGreaterThanOrEqual(1);
  });

  it('returns the collected feedback', async () => {
    const dir = path.join(harness.config.dataDir, 'feedback');
    await mkdir(dir, { recursive: true });
    const entry = { ts: '2026-11-02T10:00:00.000Z', user: 'a1b2c3', rating: 'up', comment: 'Sehr hilfreich', answerId: 'x1', sources: ['masterclass-ii.html'] };
    await writeFile(path.join(dir, 'feedback-2026-11.jsonl'), `${JSON.stringify(entry)}\n`);
    const response = await fetch(`${harness.baseUrl}/api/admin/feedback`, { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { entries: Array<Record<string, unknown>> };
    expect(body.entries).toContainEqual(expect.objectContaining({ rating: 'up', comment: 'Sehr hilfreich' }));
  });

  it('writes audit lines with actor, action, outcome and job id', async () => {
    await fetch(`${harness.baseUrl}/api/admin/status`, { headers: bearer('definitely-not-the-token') });
    const records = await auditRecords(harness);
    const byAction = (action: string) => records.filter((r) => r.action === action);
    expect(byAction('upload').some((r) => r.actor === 'admin-token' && r.outcome === 'success' && r.target === 'Lernwerkstatt Nord.docx')).toBe(true);
    expect(byAction('upload').some((r) => r.outcome === 'failure' && r.target === 'setup.exe')).toBe(true);
    expect(byAction('delete').some((r) => r.outcome === 'success' && r.target === 'ausbruch.md')).toBe(true);
    const started = byAction('reindex').filter((r) => r.outcome === 'success');
    const finished = byAction('reindex.finished');
    expect(started.length).toBeGreaterThanOrEqual(3);
    for (const record of started) {
      expect(finished.some((f) => f.jobId === record.jobId)).toBe(true);
    }
    expect(finished.filter((f) => f.outcome === 'success').length).toBeGreaterThanOrEqual(3);
    expect(finished.some((r) => r.outcome === 'failure' && /Index-Sperre/.test(r.reason ?? ''))).toBe(true);
    expect(records.some((r) => r.action === 'status' && r.actor === 'anonymous' && r.outcome === 'denied')).toBe(true);
    for (const record of records) expect(Date.parse(record.ts)).not.toBeNaN();
  });
});

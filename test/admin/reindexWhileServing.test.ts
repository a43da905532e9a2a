import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReindexJob } from '../../bot/admin/reindexJobs.ts';
import { createEmbeddings } from '../../core/embeddings/createEmbeddings.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { ADMIN_TOKEN, bearer, makeWorkspace, removeWorkspace, startBotServer, workspaceConfig, type BotHarness } from './adminHarness.ts';

const NEW_DOCUMENT = 'lotsenprogramm-kuestenverwaltung.md';
const NEW_DOCUMENT_TEXT = `# Lotsenprogramm Küstenverwaltung 2027

Das Lotsenprogramm Küstenverwaltung begleitet Ämter an der Nordseeküste bei der Einführung der E-Akte.
Die Teilnahme ist für Beschäftigte der Kommunalverwaltung kostenfrei. Der erste Durchgang beginnt am 15. März 2027 in Husum.

## Kontakt

Ansprechpartnerin für das Lotsenprogramm Küstenverwaltung ist Frau Dr. Henrike Wallmeyer,
Referat Digitale Verwaltung, Telefon 04841 998 217, E-Mail henrike.wallmeyer@kuestenverwaltung.example.
`;

interface BotReply {
  status: number;
  activities: Array<Record<string, unknown>>;
}

/** One question as a Bot Framework message activity, answered in the HTTP response (expectReplies). */
async function ask(baseUrl: string, question: string, user: string): Promise<BotReply> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'webchat',
      serviceUrl: baseUrl,
      from: { id: user, name: 'Testnutzerin' },
      recipient: { id: 'wegweiser', name: 'Wegweiser' },
      conversation: { id: `conv-${user}` },
      locale: 'de-DE',
      text: question,
      deliveryMode: 'expectReplies',
    }),
  });
  const body = response.status === 200 ? ((await response.json()) as { activities?: Array<Record<string, unknown>> }) : {};
  return { status: response.status, activities: body.activities ?? [] };
}

function answerText(reply: BotReply): string {
  return reply.activities.filter((a) => a.type === 'message').map((a) => JSON.stringify(a)).join('\n');
}

describe('re-indexing while the bot answers (main acceptance test)', () => {
  let root: string;
  let bot: BotHarness;
  let baseUrl: string;

  beforeAll(async () => {
    root = await makeWorkspace({ copyCorpus: true });
    const config = workspaceConfig(root);
    const initial = await runIngestion({
      docsDir: config.docsDir,
      indexDir: config.indexDir,
      embeddings: await createEmbeddings(config),
      maxFileSizeBytes: config.maxFileSizeBytes,
    });
    expect(initial.written).toBe(true);
    bot = await startBotServer(root);
    baseUrl = bot.baseUrl;
  });

  afterAll(async () => {
    await bot?.close();
    await removeWorkspace(root);
  });

  it('uploads a new document, re-indexes without a single failed question, then answers from it', async () => {
    const before = await ask(baseUrl, 'Wer ist Ansprechpartnerin für das Lotsenprogramm Küstenverwaltung?', 'vorher');
    expect(before.status).toBe(200);
    expect(answerText(before)).not.toContain('Wallmeyer');

    // Questions keep coming in from two users for the whole time.
    let running = true;
    let requests = 0;
    const failures: string[] = [];
    const finishedAt: number[] = [];
    const questions = ['Wer ist Ansprechpartner für KommunalCampus?', 'Wann ist die erste #digitaljourney gestartet?'];
    const client = async (user: string) => {
      for (let i = 0; running; i += 1) {
        const question = questions[i % questions.length]!;
        try {
          const reply = await ask(baseUrl, question, user);
          const text = answerText(reply);
          if (reply.status !== 200 || text === '') failures.push(`${reply.status}: ${question}`);
        } catch (error) {
          failures.push(`${(error as Error).message}: ${question}`);
        }
        requests += 1;
        finishedAt.push(Date.now());
      }
    };
    const clients = [client('nutzer-a'), client('nutzer-b')];

    const form = new FormData();
    form.append('file', new Blob([NEW_DOCUMENT_TEXT]), NEW_DOCUMENT);
    const upload = await fetch(`${baseUrl}/api/admin/documents`, { method: 'POST', headers: bearer(ADMIN_TOKEN), body: form });
    expect(upload.status).toBe(201);

    const swapStart = Date.now();
    const reindex = await fetch(`${baseUrl}/api/admin/reindex`, {
      method: 'POST',
      headers: { ...bearer(ADMIN_TOKEN), 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(reindex.status).toBe(202);
    const { jobId } = (await reindex.json()) as { jobId: string };
    let job: ReindexJob | undefined;
    for (let attempt = 0; attempt < 240; attempt += 1) {
      const response = await fetch(`${baseUrl}/api/admin/jobs/${jobId}`, { headers: bearer(ADMIN_TOKEN) });
      job = (await response.json()) as ReindexJob;
      if (job.state === 'succeeded' || job.state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const swapEnd = Date.now();
    expect(job?.state, JSON.stringify(job?.error)).toBe('succeeded');
    expect(job?.report?.added).toEqual([NEW_DOCUMENT]);

    const after = await ask(baseUrl, 'Wer ist Ansprechpartnerin für das Lotsenprogramm Küstenverwaltung?', 'nachher');
    running = false;
    await Promise.all(clients);

    expect(after.status).toBe(200);
    const text = answerText(after);
    expect(text).toContain('Wallmeyer');
    expect(text).toContain(NEW_DOCUMENT);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(0);
    expect(finishedAt.filter((t) => t >= swapStart && t <= swapEnd).length).toBeGreaterThan(0);
  });
});

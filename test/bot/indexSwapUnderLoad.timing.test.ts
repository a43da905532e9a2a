import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, SECTIONS_PER_DOCUMENT, toLoadedDocument } from '../../bench/generateCorpus.ts';
import { startBot, type BotProcess } from '../../bench/memoryProbe.ts';
import { buildSyntheticIndex } from '../../bench/syntheticIndex.ts';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { readCurrentManifest } from '../../core/index/indexReader.ts';
import type { Chunk } from '../../core/types.ts';
import { chunkDocument } from '../../ingest/chunker.ts';
import { commitVersion, newVersionId, removeOldVersions, writeVersion } from '../../ingest/indexWriter.ts';

/**
 * Issue 10, item 7: a re-index swaps versions without stalling the server and without keeping old
 * versions in memory. A real bot process serves a 20k-chunk index while ten new versions are made live
 * one after another (each an incremental write, as an ingestion makes it); questions keep arriving the
 * whole time.
 */

const CHUNKS = 20_000;
const SWAPS = 10;
const SLOWEST_REQUEST_MS = 300;
const RSS_GROWTH = 0.15;
/**
 * The bot answers until its RSS has settled before the first swap: at least this many answers, then
 * until RSS grew by less than 1 % in the last few seconds (at most WARM_UP_MS). A fresh process grows
 * for its first thousand or so answers with or without any swap (V8 sizes its heap, the engine's
 * bounded caches fill); RSS after each swap then shows what the swaps keep, not how a process settles.
 */
const WARM_UP_REQUESTS = 2_000;
const WARM_UP_MS = 180_000;
/*
 * V8 enlarges its young generation with the allocation rate. Measured without any swap (20k chunks,
 * three clients), the bot's RSS climbed from 311 to 566 MB over 6,600 answers in steps of that; with
 * 8 MB semi-spaces it settled at 326 MB after 1,500 (after 850 answers it was still 250 MB, and grew
 * to 301 MB during the swaps that followed). `startBot` runs the bot with 8 MB semi-spaces, as
 * `npm start` does, so the 15 % bound measures retained index versions, not V8's sizing.
 */

let indexDir: string;
let bot: BotProcess | undefined;
let questions: string[] = [];
let rssAfterSwaps: number[] = [];

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)![1]) * 1024;
}

async function servedVersion(baseUrl: string): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}/readyz`);
  return ((await response.json()) as { indexVersion?: string }).indexVersion;
}

/** A new version: the live one plus one more generated document, written incrementally and made live. */
async function swapInNewVersion(round: number): Promise<string> {
  const live = (await readCurrentManifest(indexDir))!;
  const [generated] = generateCorpus({ documents: 1, seed: 9000 + round });
  const loaded = { ...toLoadedDocument(generated!, 'markdown'), source: `neu/runde-${round}.md` };
  let label = live.manifest.nextLabel;
  const added: Chunk[] = chunkDocument(loaded, { hash: `round-${round}`, mtime: new Date().toISOString() }).map((draft) => ({ ...draft, label: label++ }));
  const id = newVersionId();
  const manifest = {
    ...live.manifest,
    id,
    createdAt: new Date().toISOString(),
    chunkCount: live.manifest.chunkCount + added.length,
    nextLabel: label,
    files: [...live.manifest.files, { source: loaded.source, title: loaded.title, format: loaded.format, hash: `round-${round}`, size: 1, mtime: new Date().toISOString(), chunkCount: added.length, sectionCount: loaded.sections.length }],
  };
  await writeVersion(indexDir, { manifest, store: { base: path.join(indexDir, 'versions', live.versionId), removedLabels: [], added } });
  await commitVersion(indexDir, id);
  await removeOldVersions(indexDir, [id, live.versionId]);
  return id;
}

function ask(baseUrl: string, question: string, n: number): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `swap-${n}`,
      timestamp: new Date().toISOString(),
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      from: { id: `swap-user-${n % 200}`, name: 'Test' },
      recipient: { id: 'wegweiser-bot', name: 'Wegweiser' },
      conversation: { id: `swap-conversation-${n % 200}` },
      text: question,
      locale: 'de-DE',
      deliveryMode: 'expectReplies',
    }),
  });
}

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-swap-'));
  const documents = generateCorpus({ documents: CHUNKS / SECTIONS_PER_DOCUMENT, seed: 4711 });
  questions = documents.slice(0, 200).map((d, i) => d.facts[i % d.facts.length]!.question);
  await buildSyntheticIndex(indexDir, documents, createLocalEmbeddings());
  bot = await startBot(indexDir, { RATE_LIMIT_PER_MINUTE: '100000' }, 120_000);
  // Building 20k chunks takes about 40 s on an idle 2-core machine; a shared one may need much longer.
}, 600_000);

afterAll(async () => {
  await bot?.stop();
  await rm(indexDir, { recursive: true, force: true });
});

describe('index swaps under load (20k chunks)', () => {
  it('answers every request within 300 ms across ten swaps', async () => {
    const { baseUrl } = bot!;
    let running = true;
    let sent = 0;
    let answered = 0;
    /** Latencies of the requests sent once the swaps began (the warm-up's first answers pay for JIT). */
    const latencies: number[] = [];
    let swapping = false;
    const failures: string[] = [];
    const client = async () => {
      while (running) {
        const n = sent++;
        const started = performance.now();
        const measured = swapping;
        const response = await ask(baseUrl, questions[n % questions.length]!, n);
        const body = await response.text();
        answered++;
        if (measured) latencies.push(performance.now() - started);
        if (response.status !== 200 || !body.includes('"activities"')) failures.push(`${response.status} ${body.slice(0, 120)}`);
      }
    };
    // Two clients keep both cores of the reference machine busy with questions while this process writes
    // the new versions, as an ingestion beside the bot would; a third only adds queueing, not a stall.
    const clients = [client(), client()];
    const warmUpDeadline = Date.now() + WARM_UP_MS;
    const samples: number[] = [];
    const settled = () => samples.length >= 4 && samples.at(-1)! < samples.at(-4)! * 1.01;
    while (Date.now() < warmUpDeadline && (answered < WARM_UP_REQUESTS || !settled())) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      samples.push(await rssBytes(bot!.child.pid!));
    }
    const rssWarm = await rssBytes(bot!.child.pid!);
    const warmUpAnswers = answered;
    swapping = true;

    const rssAfter: number[] = [];
    for (let round = 1; round <= SWAPS; round++) {
      const id = await swapInNewVersion(round);
      const deadline = Date.now() + 20_000;
      while ((await servedVersion(baseUrl)) !== id) {
        if (Date.now() > deadline) throw new Error(`the bot did not switch to version ${id} within 20 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Let requests run on the new version for a moment before reading the memory.
      await new Promise((resolve) => setTimeout(resolve, 500));
      rssAfter.push(await rssBytes(bot!.child.pid!));
    }
    running = false;
    await Promise.all(clients);
    rssAfterSwaps = rssAfter;

    expect(failures).toEqual([]);
    expect(latencies.length).toBeGreaterThan(100);
    const sorted = [...latencies].sort((x, y) => x - y);
    const summary = `${latencies.length} requests, p50 ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms, p99 ${Math.round(sorted[Math.floor(sorted.length * 0.99)]!)} ms; RSS after ${warmUpAnswers} warm-up answers ${Math.round(rssWarm / 2 ** 20)} MB, after each swap ${rssAfter.map((r) => Math.round(r / 2 ** 20)).join(', ')} MB`;
    console.info(summary);
    expect(sorted.at(-1)!, summary).toBeLessThan(SLOWEST_REQUEST_MS);
  }, 420_000);

  it('keeps RSS after ten swaps within 15 % of RSS after the first', () => {
    expect(rssAfterSwaps).toHaveLength(SWAPS);
    expect(rssAfterSwaps.at(-1)!).toBeLessThan(rssAfterSwaps[0]! * (1 + RSS_GROWTH));
  });
});

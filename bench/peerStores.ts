import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Document } from '@langchain/core/documents';
import { createHashedEmbeddings } from '../core/embeddings/localEmbeddings.ts';
import type { Chunk } from '../core/types.ts';
import { embeddingText } from '../ingest/chunker.ts';
import { PROJECT_ROOT } from './memoryProbe.ts';
import { cpuMs, percentile, ratio, round } from './stats.ts';

/**
 * What a Node developer would pick instead of the project's own store, on the same chunks and questions
 * in the same run: LangChain's HNSWLib vector store and LanceDB (vector + full-text, fused by its RRF
 * reranker, German stemming, stop words and ASCII folding switched on). Neither has a model here, so
 * both get the hashed local vectors (768 dimensions) — the dense vectors the project used before.
 * The peers live in bench/peers (their own package.json), installed on first use: they are not
 * dependencies of the bot.
 */

const PEERS_DIR = path.join(PROJECT_ROOT, 'bench', 'peers');
const DIMENSIONS = 768;
const EMBED_BATCH = 512;

export interface RetrievalCase {
  question: string;
  /** Whether a chunk answers the question (holds the planted fact, or a cited source with the answer). */
  hit: (chunk: Chunk) => boolean;
}

export interface StoreResult {
  store: string;
  recallAt5: number;
  p50Ms: number;
  p95Ms: number;
  /** CPU time per question of this process, all threads (LanceDB searches on its own threads). */
  cpuP50Ms?: number;
  cpuP95Ms?: number;
  /**
   * Garbage-collection pauses of the process that overlapped this store's timed questions: how many
   * questions, and their total pause time (ms). The heap is shared by every store in the process, so a
   * pause may collect what another store allocated.
   */
  gcQuestions?: number;
  gcPauseMs?: number;
  /** Building the store from ready vectors (embedding time is reported once, in `embedMs`). */
  buildMs: number;
  /** Growth of this process' resident memory while the store was built. */
  rssGrowthMb: number;
}

export interface PeerComparison {
  embedMs: number;
  /**
   * Wegweiser's hybrid retrieval, timed by the same code as the peers (same warm-up, same questions,
   * same order): the figure the side-by-side table and the "ahead of" targets use.
   */
  own?: StoreResult;
  results: StoreResult[];
  /** The project's own words and n-grams, fused by RRF with the hashed vectors (LangChain's ranking). */
  ownPlusHashedVectors?: { recallAt5: number };
  skipped?: string;
}

export type Ranker = (question: string, k: number) => Promise<number[]>;

/**
 * How every store is timed, ours and the peers alike. `warmup`: questions asked once, untimed, before
 * the timed pass — not the measured ones, so what a store caches per question stays cold for those —
 * which lets the JIT compile each store's query path before it is timed. `rounds`: timed passes over the questions,
 * all counted in the percentiles, so that p95 is not decided by a handful of samples.
 */
export interface TimingPlan {
  warmup: readonly string[];
  rounds: number;
}

/** Warm-up questions: `count` of `pool` that are not among `measured` (deterministic). */
export function warmupQuestions(pool: readonly string[], measured: readonly string[], count: number): string[] {
  const taken = new Set(measured);
  const out: string[] = [];
  for (const question of pool) {
    if (out.length >= count) break;
    if (!taken.has(question)) {
      taken.add(question);
      out.push(question);
    }
  }
  return out;
}

/** The few parts of the peers' APIs used here (their packages are not installed for the type check). */
interface LangChainHnswlib {
  HNSWLib: new (
    embeddings: unknown,
    args: { space: 'cosine'; numDimensions: number },
  ) => {
    addVectors(vectors: number[][], documents: Document[]): Promise<void>;
    similaritySearch(query: string, k: number): Promise<Document[]>;
  };
}
interface LanceQuery {
  fullTextSearch(query: string): LanceQuery;
  nearestTo(vector: number[]): LanceQuery;
  rerank(reranker: unknown): LanceQuery;
  select(columns: string[]): LanceQuery;
  limit(k: number): LanceQuery;
  toArray(): Promise<unknown[]>;
}
interface LanceDb {
  connect(dir: string): Promise<{
    createTable(name: string, rows: Array<Record<string, unknown>>): Promise<{ createIndex(column: string, options: { config: unknown }): Promise<void>; query(): LanceQuery }>;
  }>;
  Index: { fts(options: Record<string, unknown>): unknown };
  rerankers: { RRFReranker: { create(k?: number): Promise<unknown> } };
}

/** Installs bench/peers from its lock file when it is not there yet; returns why not when that fails. */
export function ensurePeers(): string | undefined {
  if (existsSync(path.join(PEERS_DIR, 'node_modules', '@lancedb', 'lancedb')) && existsSync(path.join(PEERS_DIR, 'node_modules', '@langchain', 'community'))) return undefined;
  try {
    execFileSync('npm', ['ci', '--prefix', PEERS_DIR], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
    return undefined;
  } catch (error) {
    return `installing bench/peers failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

const MB = 1024 * 1024;
const OWN_STORE = 'Wegweiser hybrid (words + n-grams, own BM25)';

interface Contender {
  name: string;
  ranker: Ranker;
  buildMs: number;
  rssGrowthMb: number;
  latencies: number[];
  cpu: number[];
  /** Start and end (performance.now) of each timed question, to match GC pauses to it. */
  windows: number[];
  hits: number;
  gcQuestions?: number;
  gcPauseMs?: number;
}

/** Builds one store and records what that cost; it is timed later, with the others (`timeAll`). */
async function build(name: string, make: () => Promise<Ranker>): Promise<Contender> {
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  const ranker = await make();
  const buildMs = performance.now() - started;
  return { name, ranker, buildMs, rssGrowthMb: Math.round((process.memoryUsage.rss() - rssBefore) / MB), latencies: [], cpu: [], windows: [], hits: 0 };
}

/** Untimed questions each store answers right before each of its timed slices. */
const REWARM_QUESTIONS = 5;

/**
 * The order in which `n` stores take their timed slices: a closed walk through every ordered pair of
 * different stores once (an Eulerian circuit of the complete directed graph, Hierholzer), starting and
 * ending with store 0. Each store is then timed n − 1 times a round, once right after each other store.
 * The store timed before matters: at 100k chunks, in one process, Wegweiser's p95 was 0.33 ms after
 * its own previous slice, 0.42 ms after LangChain's and 0.55 ms after LanceDB's (LangChain's 0.33 and
 * 0.50 ms after itself and LanceDB); LanceDB's passes over 300 MB of vectors leave the CPU caches full
 * of its data, which a few re-warm questions do not undo. A rotation of one fixed order (what this bench
 * did before) keeps the cyclic order, so with three stores one of them always followed LanceDB — Wegweiser,
 * in every slice at 100k.
 */
export function balancedOrder(n: number): number[] {
  if (n <= 1) return [0, 0];
  const next = Array.from({ length: n }, (_, from) => Array.from({ length: n }, (_, k) => (from + n - 1 - k) % n).filter((to) => to !== from));
  const stack = [0];
  const walk: number[] = [];
  while (stack.length > 0) {
    const at = stack[stack.length - 1]!;
    const to = next[at]!.pop();
    if (to === undefined) walk.push(stack.pop()!);
    else stack.push(to);
  }
  return walk.reverse();
}

/**
 * Times every store with the same plan, once all are built (so no store is timed right after another
 * one's build): each answers the warm-up questions untimed (store 0 last, as it leads the order), then
 * the questions are timed in n − 1 blocks, the stores taking their slices in `balancedOrder`, so that each
 * store answers every block once a round and is timed once right after each other store. Each store also
 * answers a few untimed questions right before each slice.
 */
async function timeAll(contenders: readonly Contender[], cases: readonly RetrievalCase[], plan: TimingPlan): Promise<void> {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.startTime, entry.startTime + entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    await timeSlices(contenders, cases, plan);
    // GC entries are delivered asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    observer.disconnect();
  }
  for (const contender of contenders) {
    let questions = 0;
    let pauseMs = 0;
    const w = contender.windows;
    for (let q = 0; q < w.length; q += 2) {
      let overlap = 0;
      for (let p = 0; p < pauses.length; p += 2) overlap += Math.max(0, Math.min(w[q + 1]!, pauses[p + 1]!) - Math.max(w[q]!, pauses[p]!));
      if (overlap > 0) {
        questions++;
        pauseMs += overlap;
      }
    }
    contender.gcQuestions = questions;
    contender.gcPauseMs = pauseMs;
  }
}

async function timeSlices(contenders: readonly Contender[], cases: readonly RetrievalCase[], plan: TimingPlan): Promise<void> {
  const n = contenders.length;
  const order = balancedOrder(n);
  for (let k = 1; k <= n; k++) for (const question of plan.warmup) await contenders[(order[0]! + k) % n]!.ranker(question, 5);
  const rounds = Math.max(1, plan.rounds);
  const blocks = Math.max(1, n - 1);
  const blockSize = Math.ceil(cases.length / blocks);
  let slices = 0;
  for (let pass = 0; pass < rounds; pass++) {
    const taken = new Array<number>(n).fill(0);
    for (let t = 1; t < order.length; t++) {
      const who = order[t]!;
      const contender = contenders[who]!;
      const block = taken[who]!++;
      const slice = cases.slice(block * blockSize, (block + 1) * blockSize);
      for (let w = 0; w < Math.min(REWARM_QUESTIONS, plan.warmup.length); w++) await contender.ranker(plan.warmup[(slices * REWARM_QUESTIONS + w) % plan.warmup.length]!, 5);
      slices++;
      for (const c of slice) {
        const started = performance.now();
        const cpuStarted = cpuMs();
        const labels = await contender.ranker(c.question, 5);
        contender.cpu.push(cpuMs() - cpuStarted);
        const ended = performance.now();
        contender.latencies.push(ended - started);
        contender.windows.push(started, ended);
        // Recall from the first round; later rounds return the same rankings.
        if (pass === 0 && labels.some((label) => c.hit(chunkOf(label)))) contender.hits++;
      }
    }
  }
}

function resultOf(contender: Contender, cases: readonly RetrievalCase[]): StoreResult {
  const { latencies, cpu } = contender;
  return {
    store: contender.name,
    recallAt5: round(ratio(contender.hits, cases.length), 3),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    cpuP50Ms: round(percentile(cpu, 50)),
    cpuP95Ms: round(percentile(cpu, 95)),
    ...(contender.gcQuestions !== undefined ? { gcQuestions: contender.gcQuestions, gcPauseMs: round(contender.gcPauseMs ?? 0) } : {}),
    buildMs: Math.round(contender.buildMs),
    rssGrowthMb: contender.rssGrowthMb,
  };
}

let chunkOf: (label: number) => Chunk = () => {
  throw new Error('no chunks');
};

export interface CompareOptions {
  plan: TimingPlan;
  /** Wegweiser's hybrid retrieval (labels, best first), timed by the same code as the peers. */
  own?: Ranker;
  /**
   * The project's word and n-gram rankings for a question, to show what the hashed vectors add when
   * fused with them.
   */
  ownRankings?: (question: string, depth: number) => Promise<number[][]>;
}

/** Runs Wegweiser (`own`) and both peers on `chunks` and `cases`, all timed together by `timeAll` with the same plan. */
export async function comparePeers(chunks: readonly Chunk[], cases: readonly RetrievalCase[], options: CompareOptions): Promise<PeerComparison> {
  const { plan, ownRankings } = options;
  const why = ensurePeers();
  if (why) return { embedMs: 0, results: [], skipped: why };
  const require = createRequire(path.join(PEERS_DIR, 'package.json'));
  const byLabel = new Map(chunks.map((chunk) => [chunk.label, chunk]));
  chunkOf = (label) => byLabel.get(label)!;
  const hashed = createHashedEmbeddings(DIMENSIONS).embeddings!;

  let started = performance.now();
  const vectors: number[][] = [];
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    vectors.push(...(await hashed.embedDocuments(chunks.slice(i, i + EMBED_BATCH).map((chunk) => embeddingText(chunk)))));
  }
  const embedMs = Math.round(performance.now() - started);
  const contenders: Contender[] = [];
  const own = options.own;
  if (own) contenders.push(await build(OWN_STORE, async () => own));

  const langchain = await build('LangChain HNSWLib (hashed vectors)', async () => {
    const { HNSWLib } = require('@langchain/community/vectorstores/hnswlib') as LangChainHnswlib;
    const store = new HNSWLib(hashed, { space: 'cosine', numDimensions: DIMENSIONS });
    await store.addVectors(
      vectors,
      chunks.map((chunk) => new Document({ pageContent: embeddingText(chunk), metadata: { label: chunk.label } })),
    );
    return async (question, k) => (await store.similaritySearch(question, k)).map((doc) => doc.metadata.label as number);
  });
  contenders.push(langchain);

  const lanceDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-bench-lancedb-'));
  try {
    contenders.push(
      await build('LanceDB hybrid (hashed vectors + FTS, RRF)', async () => {
        // LanceDB logs a deprecation warning per query about scoring columns; keep its log to errors.
        process.env.LANCEDB_LOG ??= 'error';
        const lancedb = require('@lancedb/lancedb') as LanceDb;
        const db = await lancedb.connect(lanceDir);
        const table = await db.createTable(
          'chunks',
          chunks.map((chunk, i) => ({ label: chunk.label, text: embeddingText(chunk), vector: vectors[i]! })),
        );
        await table.createIndex('text', { config: lancedb.Index.fts({ language: 'German', stem: true, removeStopWords: true, asciiFolding: true }) });
        const reranker = await lancedb.rerankers.RRFReranker.create();
        return async (question, k) => {
          const rows = await table
            .query()
            .fullTextSearch(question)
            .nearestTo(await hashed.embedQuery(question))
            .rerank(reranker)
            .select(['label'])
            .limit(k)
            .toArray();
          return rows.map((row) => Number((row as { label: number }).label));
        };
      }),
    );
    await timeAll(contenders, cases, plan);
  } finally {
    await rm(lanceDir, { recursive: true, force: true });
  }

  let ownPlusHashedVectors: PeerComparison['ownPlusHashedVectors'];
  if (ownRankings) {
    let hits = 0;
    for (const c of cases) {
      const lists = [...(await ownRankings(c.question, 32)), await langchain.ranker(c.question, 32)];
      const fused = new Map<number, number>();
      for (const list of lists) list.forEach((label, i) => fused.set(label, (fused.get(label) ?? 0) + 1 / (60 + i + 1)));
      const top = [...fused].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([label]) => label);
      if (top.some((label) => c.hit(chunkOf(label)))) hits++;
    }
    ownPlusHashedVectors = { recallAt5: round(ratio(hits, cases.length), 3) };
  }
  const ownResult = own ? contenders.find((contender) => contender.name === OWN_STORE) : undefined;
  return {
    embedMs,
    ...(ownResult ? { own: resultOf(ownResult, cases) } : {}),
    results: contenders.filter((contender) => contender !== ownResult).map((contender) => resultOf(contender, cases)),
    ...(ownPlusHashedVectors ? { ownPlusHashedVectors } : {}),
  };
}

import path from 'node:path';
import type { Logger } from 'pino';
import { Assistant } from '../core/answering/assistant.ts';
import { ExtractiveEngine } from '../core/answering/extractiveEngine.ts';
import type { EmbeddingsProvider } from '../core/embeddings/embeddingsProvider.ts';
import { normalizeForMatch } from '../core/evaluation/evalSet.ts';
import type { RetrievalMode } from '../core/retrieval/hybridRetriever.ts';
import type { Chunk } from '../core/types.ts';
import { comparePeers, warmupQuestions, type PeerComparison, type TimingPlan } from './peerStores.ts';
import { createRandom, generateCorpus, SECTIONS_PER_DOCUMENT, type GeneratedDocument, type PlantedFact } from './generateCorpus.ts';
import { PlainWordMatcher } from './plainWordMatch.ts';
import { measureServerMemory, type MemoryMeasurement } from './memoryProbe.ts';
import { cpuMs, percentile, ratio, round, summarize, type LatencySummary } from './stats.ts';
import { buildSyntheticIndex } from './syntheticIndex.ts';

/**
 * Answer latency, retrieval quality and vector search speed on generated indexes of growing size.
 * Every question is about a planted fact, so "found" and "answered" are checked against ground truth.
 */

export interface QueryBenchOptions {
  sizes: number[];
  workDir: string;
  embeddings: EmbeddingsProvider;
  topK: number;
  /** Planted-fact questions per size (latency and recall); `largeQuestions` above 10k chunks. */
  questions: number;
  largeQuestions: number;
  /** Also run LanceDB and LangChain's HNSWLib store on the same chunks and questions. */
  peers: boolean;
  seed: number;
  logger: Logger;
  /** Called with the folder of each built index before it is removed (the HTTP bench reuses one). */
  onIndexBuilt?: (size: number, indexDir: string) => Promise<void>;
}

export interface QuerySizeResult {
  chunks: number;
  documents: number;
  buildMs: { chunk: number; write: number };
  /** Size of the version folder (chunk store) on disk. */
  indexMb: number;
  /** Assistant.start in this process, while the memory probe's server loads the same index alongside. */
  indexLoadMs: number;
  ask: LatencySummary;
  /** CPU time per answer of this process (the Assistant runs in it): the work, without the queue for a core. */
  askCpu?: LatencySummary;
  /** Share of answers containing the planted fact. */
  answerHitRate: number;
  /** Share of questions whose planted-fact chunk is among the top 5, per retrieval mode. */
  /** `plain`: the word-matching baseline (bench/plainWordMatch.ts). */
  recallAt5: { hybrid: number; ngram: number; keyword: number; plain: number };
  /** recall@5 per fact kind, for each mode ("hybrid/ngram/keyword"). */
  recallAt5ByKind: Record<string, string>;
  /** Retrieval alone (top 5), per mode: separates search time from answer composition. */
  retrieveMs: Record<'hybrid' | 'ngram' | 'keyword', { p50: number; p95: number }>;
  /** The same in CPU time of this process (robust on a shared machine). */
  retrieveCpuMs?: Record<'hybrid' | 'ngram' | 'keyword', { p50: number; p95: number }>;
  peers?: PeerComparison;
  memory: MemoryMeasurement;
}

const MODES = ['hybrid', 'ngram', 'keyword'] as const;
/** Questions the memory probe's bot answers before its RSS is read. */
const MEMORY_QUESTIONS = 100;
/** Untimed questions each store (ours and the peers) answers before its retrieval is timed. */
export const WARMUP_QUESTIONS = 30;
/** Timed passes over the questions in the side-by-side comparison (peerStores.ts, TimingPlan). */
export const TIMED_ROUNDS = 3;

interface Probe {
  fact: PlantedFact;
  source: string;
}

/** Questions spread evenly over the corpus and over the fact kinds, deterministic for a seed. */
function sampleProbes(documents: readonly GeneratedDocument[], sources: readonly string[], count: number, seed: number): Probe[] {
  const random = createRandom(seed);
  const probes: Probe[] = [];
  for (let i = 0; i < count; i++) {
    const index = Math.floor(random() * documents.length);
    const document = documents[index]!;
    probes.push({ fact: document.facts[i % document.facts.length]!, source: sources[index]! });
  }
  return probes;
}

function holdsFact(chunk: Chunk, probe: Probe): boolean {
  return chunk.source === probe.source && normalizeForMatch(chunk.text).includes(normalizeForMatch(probe.fact.expected));
}

async function benchSize(size: number, options: QueryBenchOptions): Promise<QuerySizeResult> {
  const { logger, embeddings } = options;
  const documentCount = Math.ceil(size / SECTIONS_PER_DOCUMENT);
  const documents = generateCorpus({ documents: documentCount, seed: options.seed });
  const indexDir = path.join(options.workDir, `query-${size}`);
  logger.info({ size, documents: documentCount }, 'building synthetic index');
  const built = await buildSyntheticIndex(indexDir, documents, embeddings);

  // The server process for the memory figure loads the index while this process does the same: on two
  // cores that halves the wall time of the largest size. Latency is only measured after both are done.
  const probes = sampleProbes(documents, built.sources, size > 10_000 ? options.largeQuestions : options.questions, options.seed + size);
  // The bot's RSS is read once it has answered questions, as a serving bot would have.
  const memoryMeasured = measureServerMemory(
    indexDir,
    logger,
    probes.slice(0, MEMORY_QUESTIONS).map((probe) => probe.fact.question),
  );
  let started = performance.now();
  const assistant = await Assistant.start({ indexDir, embeddings, engine: new ExtractiveEngine(), topK: options.topK, logger });
  const indexLoadMs = performance.now() - started;
  const memory = await memoryMeasured;

  // Warm-up: JIT and lazily built structures should not count as user-visible latency.
  for (const probe of probes.slice(0, 10)) await assistant.ask({ question: probe.fact.question });

  const latencies: number[] = [];
  const askCpu: number[] = [];
  let answerHits = 0;
  for (const probe of probes) {
    started = performance.now();
    const cpuStarted = cpuMs();
    const answer = await assistant.ask({ question: probe.fact.question });
    askCpu.push(cpuMs() - cpuStarted);
    latencies.push(performance.now() - started);
    if (normalizeForMatch(answer.answer).includes(normalizeForMatch(probe.fact.expected))) answerHits++;
  }

  const recalled = { hybrid: 0, ngram: 0, keyword: 0 };
  const retrieveMs: Record<(typeof MODES)[number], number[]> = { hybrid: [], ngram: [], keyword: [] };
  const retrieveCpuMs: Record<(typeof MODES)[number], number[]> = { hybrid: [], ngram: [], keyword: [] };
  const byKind = new Map<string, { total: number; hybrid: number; ngram: number; keyword: number }>();
  for (const probe of probes) {
    for (const mode of MODES) {
      started = performance.now();
      const cpuStarted = cpuMs();
      const top = await assistant.retrieve(probe.fact.question, 5, mode);
      retrieveCpuMs[mode].push(cpuMs() - cpuStarted);
      retrieveMs[mode].push(performance.now() - started);
      const hit = top.some((r) => holdsFact(r.chunk, probe));
      if (hit) recalled[mode]++;
      const tally = byKind.get(probe.fact.kind) ?? { total: 0, hybrid: 0, ngram: 0, keyword: 0 };
      if (mode === 'hybrid') tally.total++;
      if (hit) tally[mode]++;
      byKind.set(probe.fact.kind, tally);
    }
  }
  const cases = probes.map((probe) => ({ question: probe.fact.question, hit: (chunk: Chunk) => holdsFact(chunk, probe) }));
  const own = (mode: RetrievalMode) => async (question: string, depth: number) => (await assistant.retrieve(question, depth, mode)).map((r) => r.chunk.label);
  // Warm-up questions about other planted facts of the same corpus, none of them a measured one.
  const spare = sampleProbes(documents, built.sources, WARMUP_QUESTIONS * 2, options.seed + size + 1).map((probe) => probe.fact.question);
  const measured = probes.map((probe) => probe.fact.question);
  // Three rounds; one above 10k chunks, where a LanceDB pass over 200 questions takes about 100 s (the
  // order of the stores still rotates from block to block of questions, peerStores.ts timeAll).
  const plan: TimingPlan = { warmup: warmupQuestions(spare, measured, WARMUP_QUESTIONS), rounds: size > 10_000 ? 1 : TIMED_ROUNDS };
  const peers = options.peers
    ? await comparePeers(built.chunks, cases, {
        plan,
        own: own('hybrid'),
        ownRankings: async (question, depth) => [await own('keyword')(question, depth), await own('ngram')(question, depth)],
      })
    : undefined;
  await assistant.close();
  const plain = new PlainWordMatcher(built.chunks);
  const plainRecalled = probes.filter((probe) => plain.search(probe.fact.question, 5).some((chunk) => holdsFact(chunk, probe))).length;

  await options.onIndexBuilt?.(size, indexDir);

  return {
    chunks: built.chunks.length,
    documents: documentCount,
    buildMs: { chunk: Math.round(built.timings.chunkMs), write: Math.round(built.timings.writeMs) },
    indexMb: built.indexMb,
    indexLoadMs: Math.round(indexLoadMs),
    ask: summarize(latencies),
    askCpu: summarize(askCpu),
    answerHitRate: round(ratio(answerHits, probes.length), 3),
    recallAt5: {
      hybrid: round(ratio(recalled.hybrid, probes.length), 3),
      ngram: round(ratio(recalled.ngram, probes.length), 3),
      keyword: round(ratio(recalled.keyword, probes.length), 3),
      plain: round(ratio(plainRecalled, probes.length), 3),
    },
    retrieveMs: Object.fromEntries(
      MODES.map((mode) => [mode, { p50: round(percentile(retrieveMs[mode], 50)), p95: round(percentile(retrieveMs[mode], 95)) }]),
    ) as QuerySizeResult['retrieveMs'],
    retrieveCpuMs: Object.fromEntries(
      MODES.map((mode) => [mode, { p50: round(percentile(retrieveCpuMs[mode], 50)), p95: round(percentile(retrieveCpuMs[mode], 95)) }]),
    ) as QuerySizeResult['retrieveMs'],
    recallAt5ByKind: Object.fromEntries([...byKind].sort().map(([kind, t]) => [kind, MODES.map((m) => round(ratio(t[m], t.total), 2)).join('/')])),
    ...(peers ? { peers } : {}),
    memory,
  };
}

export async function runQueryBench(options: QueryBenchOptions): Promise<QuerySizeResult[]> {
  const results: QuerySizeResult[] = [];
  // One size at a time, so the previous index's memory can be reclaimed before the next is built.
  for (const size of options.sizes) results.push(await benchSize(size, options));
  return results;
}

import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import type { Logger } from 'pino';
import { Assistant } from '../core/answering/assistant.ts';
import { ExtractiveEngine } from '../core/answering/extractiveEngine.ts';
import type { EmbeddingsProvider } from '../core/embeddings/embeddingsProvider.ts';
import { normalizeForMatch } from '../core/evaluation/evalSet.ts';
import { openIndex, type LoadedIndex } from '../core/index/indexReader.ts';
import { HybridRetriever } from '../core/retrieval/hybridRetriever.ts';
import { KeywordIndex } from '../core/retrieval/keywordIndex.ts';
import type { Chunk } from '../core/types.ts';
import { createRandom, generateCorpus, SECTIONS_PER_DOCUMENT, type GeneratedDocument, type PlantedFact } from './generateCorpus.ts';
import { PlainWordMatcher } from './plainWordMatch.ts';
import { measureServerMemory, type MemoryMeasurement } from './memoryProbe.ts';
import { percentile, ratio, round, summarize, type LatencySummary } from './stats.ts';
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
  vectorQueries: number;
  seed: number;
  logger: Logger;
  /** Called with the folder of each built index before it is removed (the HTTP bench reuses one). */
  onIndexBuilt?: (size: number, indexDir: string) => Promise<void>;
}

export interface EfPoint {
  ef: number;
  hnswMeanMs: number;
  recallAt10: number;
}

export interface VectorSearchResult {
  queries: number;
  /** The search breadth the retriever sets (read back from hnswlib after a real vector retrieval). */
  ef: number;
  /** hnswlib top 10 at that ef, on the index as loaded from disk. */
  hnswMeanMs: number;
  bruteForceMeanMs: number;
  speedup: number;
  recallAt10: number;
  /** The same search at other breadths: what recall a larger ef would buy, and at what cost. */
  efSweep: EfPoint[];
}

export interface QuerySizeResult {
  chunks: number;
  documents: number;
  buildMs: { chunk: number; embed: number; hnsw: number; write: number };
  /** Assistant.start in this process, while the memory probe's server loads the same index alongside. */
  indexLoadMs: number;
  ask: LatencySummary;
  /** Share of answers containing the planted fact. */
  answerHitRate: number;
  /** Share of questions whose planted-fact chunk is among the top 5, per retrieval mode. */
  /** `plain`: the word-matching baseline (bench/plainWordMatch.ts). */
  recallAt5: { hybrid: number; vector: number; keyword: number; plain: number };
  /** recall@5 per fact kind, for each mode ("hybrid/vector/keyword"). */
  recallAt5ByKind: Record<string, string>;
  /** Retrieval alone (top 5), per mode: separates search time from answer composition. */
  retrieveP95Ms: { hybrid: number; vector: number; keyword: number };
  vectorSearch: VectorSearchResult;
  memory: MemoryMeasurement;
}

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

/** The ef the production retriever uses, read back after one vector-only retrieval on the loaded index. */
async function retrieverEf(index: LoadedIndex, embeddings: EmbeddingsProvider, topK: number, query: string): Promise<number> {
  // Vector mode never touches the keyword index, so an empty one keeps this cheap on large indexes.
  const retriever = new HybridRetriever(index, embeddings.embeddings, KeywordIndex.build([]));
  await retriever.retrieve(query, { topK, mode: 'vector' });
  return index.vectors.getEf();
}

function searchTimes(hnsw: HierarchicalNSW, queries: readonly number[][], k: number): { meanMs: number; neighbors: number[][] } {
  hnsw.searchKnn(queries[0]!, k);
  const started = performance.now();
  const neighbors = queries.map((q) => hnsw.searchKnn(q, k).neighbors);
  return { meanMs: (performance.now() - started) / queries.length, neighbors };
}

function recallAgainst(exact: readonly number[][], approximate: readonly number[][]): number {
  let hits = 0;
  let total = 0;
  exact.forEach((truth, i) => {
    const found = new Set(approximate[i]);
    for (const label of truth) if (found.has(label)) hits++;
    total += truth.length;
  });
  return ratio(hits, total);
}

const EF_SWEEP = [64, 128, 256, 512];

async function benchVectorSearch(
  indexDir: string,
  vectors: readonly number[][],
  questions: readonly string[],
  embeddings: EmbeddingsProvider,
  topK: number,
): Promise<VectorSearchResult> {
  const index = await openIndex(indexDir);
  if (!index) throw new Error(`no index in ${indexDir}`);
  const ef = await retrieverEf(index, embeddings, topK, questions[0]!);
  const queries = await embeddings.embeddings.embedDocuments([...questions]);

  const brute = new hnswlib.BruteforceSearch('cosine', embeddings.info.dimensions);
  brute.initIndex(vectors.length);
  vectors.forEach((vector, label) => brute.addPoint(vector, label));
  brute.searchKnn(queries[0]!, 10);
  const started = performance.now();
  const exact = queries.map((q) => brute.searchKnn(q, 10).neighbors);
  const bruteMs = (performance.now() - started) / queries.length;

  const at = (breadth: number): EfPoint => {
    index.vectors.setEf(breadth);
    const { meanMs, neighbors } = searchTimes(index.vectors, queries, 10);
    return { ef: breadth, hnswMeanMs: round(meanMs, 3), recallAt10: round(recallAgainst(exact, neighbors), 4) };
  };
  // One untimed pass first: the brute-force scan just evicted the graph from the CPU caches.
  index.vectors.setEf(ef);
  for (const q of queries) index.vectors.searchKnn(q, 10);
  const production = at(ef);
  return {
    queries: queries.length,
    ef,
    hnswMeanMs: production.hnswMeanMs,
    bruteForceMeanMs: round(bruteMs, 3),
    speedup: round(bruteMs / production.hnswMeanMs, 1),
    recallAt10: production.recallAt10,
    efSweep: EF_SWEEP.filter((e) => e !== ef).map(at),
  };
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
  const memoryMeasured = measureServerMemory(indexDir, embeddings.info.dimensions, logger);
  let started = performance.now();
  const assistant = await Assistant.start({ indexDir, embeddings, engine: new ExtractiveEngine(), topK: options.topK, logger });
  const indexLoadMs = performance.now() - started;
  const memory = await memoryMeasured;

  const probes = sampleProbes(documents, built.sources, size > 10_000 ? options.largeQuestions : options.questions, options.seed + size);
  // Warm-up: JIT and lazily built structures should not count as user-visible latency.
  for (const probe of probes.slice(0, 10)) await assistant.ask({ question: probe.fact.question });

  const latencies: number[] = [];
  let answerHits = 0;
  for (const probe of probes) {
    started = performance.now();
    const answer = await assistant.ask({ question: probe.fact.question });
    latencies.push(performance.now() - started);
    if (normalizeForMatch(answer.answer).includes(normalizeForMatch(probe.fact.expected))) answerHits++;
  }

  const recalled = { hybrid: 0, vector: 0, keyword: 0 };
  const retrieveMs: Record<'hybrid' | 'vector' | 'keyword', number[]> = { hybrid: [], vector: [], keyword: [] };
  const byKind = new Map<string, { total: number; hybrid: number; vector: number; keyword: number }>();
  for (const probe of probes) {
    for (const mode of ['hybrid', 'vector', 'keyword'] as const) {
      started = performance.now();
      const top = await assistant.retrieve(probe.fact.question, 5, mode);
      retrieveMs[mode].push(performance.now() - started);
      const hit = top.some((r) => holdsFact(r.chunk, probe));
      if (hit) recalled[mode]++;
      const tally = byKind.get(probe.fact.kind) ?? { total: 0, hybrid: 0, vector: 0, keyword: 0 };
      if (mode === 'hybrid') tally.total++;
      if (hit) tally[mode]++;
      byKind.set(probe.fact.kind, tally);
    }
  }
  await assistant.close();
  const plain = new PlainWordMatcher(built.chunks);
  const plainRecalled = probes.filter((probe) => plain.search(probe.fact.question, 5).some((chunk) => holdsFact(chunk, probe))).length;

  const vectorSearch = await benchVectorSearch(
    indexDir,
    built.vectors,
    probes.slice(0, options.vectorQueries).map((p) => p.fact.question),
    embeddings,
    options.topK,
  );

  await options.onIndexBuilt?.(size, indexDir);

  return {
    chunks: built.chunks.length,
    documents: documentCount,
    buildMs: {
      chunk: Math.round(built.timings.chunkMs),
      embed: Math.round(built.timings.embedMs),
      hnsw: Math.round(built.timings.hnswMs),
      write: Math.round(built.timings.writeMs),
    },
    indexLoadMs: Math.round(indexLoadMs),
    ask: summarize(latencies),
    answerHitRate: round(ratio(answerHits, probes.length), 3),
    recallAt5: {
      hybrid: round(ratio(recalled.hybrid, probes.length), 3),
      vector: round(ratio(recalled.vector, probes.length), 3),
      keyword: round(ratio(recalled.keyword, probes.length), 3),
      plain: round(ratio(plainRecalled, probes.length), 3),
    },
    retrieveP95Ms: {
      hybrid: round(percentile(retrieveMs.hybrid, 95)),
      vector: round(percentile(retrieveMs.vector, 95)),
      keyword: round(percentile(retrieveMs.keyword, 95)),
    },
    recallAt5ByKind: Object.fromEntries(
      [...byKind].sort().map(([kind, t]) => [kind, (['hybrid', 'vector', 'keyword'] as const).map((m) => round(ratio(t[m], t.total), 2)).join('/')]),
    ),
    vectorSearch,
    memory,
  };
}

export async function runQueryBench(options: QueryBenchOptions): Promise<QuerySizeResult[]> {
  const results: QuerySizeResult[] = [];
  // One size at a time, so the previous index's memory can be reclaimed before the next is built.
  for (const size of options.sizes) results.push(await benchSize(size, options));
  return results;
}

import path from 'node:path';
import type { Logger } from 'pino';
import { Assistant } from '../core/answering/assistant.ts';
import { ExtractiveEngine } from '../core/answering/extractiveEngine.ts';
import type { EmbeddingsProvider } from '../core/embeddings/embeddingsProvider.ts';
import { judgeAnswer, normalizeForMatch, readEvalSet, type EvalQuestion } from '../core/evaluation/evalSet.ts';
import type { RetrievalMode } from '../core/retrieval/hybridRetriever.ts';
import { runIngestion } from '../ingest/ingestPipeline.ts';
import { openIndex } from '../core/index/indexReader.ts';
import type { Chunk } from '../core/types.ts';
import { comparePeers, warmupQuestions, type PeerComparison } from './peerStores.ts';
import { TIMED_ROUNDS, WARMUP_QUESTIONS } from './queryBench.ts';
import { PlainWordMatcher } from './plainWordMatch.ts';
import { cpuMs, percentile, ratio, round } from './stats.ts';

/**
 * Answer quality on the hand-written dev set, the same way `npm run eval` scores it, plus retrieval
 * recall@5 per retrieval mode, so hybrid search can be compared with plain word matching (keyword
 * only) and with the local embeddings alone (vector only).
 */

export interface QualityBenchOptions {
  /** Name of the question set in the report ("dev", "realworld"). */
  name: string;
  workDir: string;
  docsDir: string;
  questionsFile: string;
  embeddings: EmbeddingsProvider;
  topK: number;
  logger: Logger;
  /** Also run LanceDB and LangChain's HNSWLib store on the same chunks and questions. */
  peers?: boolean;
  /**
   * Questions each store answers untimed before its retrieval is timed in the side-by-side comparison
   * (not questions of this set: the bench passes planted-fact questions of the generated corpus).
   */
  warmup?: readonly string[];
}

export interface ModeRecall {
  recalled: number;
  total: number;
  recallAt5: number;
}

type QualityMode = Exclude<RetrievalMode, 'vector'>;

export interface QualityBenchResult {
  name: string;
  questions: number;
  passed: number;
  passRate: number;
  passRateByKind: Record<string, string>;
  failedIds: string[];
  /** Over the answerable questions that name an expected source; `plain` = the word-matching baseline. */
  recallAt5: Record<QualityMode | 'plain', ModeRecall>;
  /** Recalled questions at k = 1, 3, 5 per mode ("38/64/67"). */
  recallAtK: Record<QualityMode, string>;
  /** Hybrid retrieval (top 5) per question: wall clock and CPU time, for the side-by-side table. */
  hybridMs?: { p50: number; p95: number; cpuP50: number; cpuP95: number };
  peers?: PeerComparison;
}

/**
 * A question counts as recalled when one of the top chunks comes from an expected source and contains
 * one of the accepted spellings of a `must` entry; questions with sources but no `must` need the source.
 */
export function isRecalled(question: EvalQuestion, retrieved: readonly Chunk[]): boolean {
  const fromSource = retrieved.filter((chunk) => question.sources.includes(chunk.source));
  if (question.must.length === 0) return fromSource.length > 0;
  const spellings = question.must.flat().map(normalizeForMatch);
  return fromSource.some((chunk) => {
    const text = normalizeForMatch(chunk.text);
    return spellings.some((spelling) => text.includes(spelling));
  });
}

export async function runQualityBench(options: QualityBenchOptions): Promise<QualityBenchResult> {
  const { logger, embeddings } = options;
  const questions = await readEvalSet(options.questionsFile);
  const indexDir = path.join(options.workDir, `quality-index-${options.name}`);
  const report = await runIngestion({ docsDir: options.docsDir, indexDir, embeddings, maxFileSizeBytes: 50 * 1024 * 1024, logger });
  if (report.failed.length > 0) logger.warn({ failed: report.failed }, 'quality bench: some documents failed to load');
  const assistant = await Assistant.start({ indexDir, embeddings, engine: new ExtractiveEngine(), topK: options.topK, logger });
  try {
    let passed = 0;
    const failedIds: string[] = [];
    const byKind = new Map<string, { passed: number; total: number }>();
    for (const question of questions) {
      const verdict = judgeAnswer(question, await assistant.ask({ question: question.question }));
      const tally = byKind.get(question.kind) ?? { passed: 0, total: 0 };
      tally.total++;
      if (verdict.passed) {
        passed++;
        tally.passed++;
      } else failedIds.push(question.id);
      byKind.set(question.kind, tally);
    }

    const retrievable = questions.filter((q) => q.answerable && q.sources.length > 0);
    const recallAt5 = {} as Record<QualityMode | 'plain', ModeRecall>;
    const recallAtK = {} as Record<QualityMode, string>;
    const tally = (recalled: number): ModeRecall => ({ recalled, total: retrievable.length, recallAt5: round(ratio(recalled, retrievable.length), 3) });
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const mode of ['hybrid', 'keyword', 'ngram'] as const) {
      const atK = [0, 0, 0];
      for (const question of retrievable) {
        const started = performance.now();
        const cpuStarted = cpuMs();
        const top = await assistant.retrieve(question.question, 5, mode);
        if (mode === 'hybrid') {
          cpu.push(cpuMs() - cpuStarted);
          wall.push(performance.now() - started);
        }
        [1, 3, 5].forEach((k, i) => {
          if (isRecalled(question, top.slice(0, k).map((r) => r.chunk))) atK[i]!++;
        });
      }
      recallAt5[mode] = tally(atK[2]!);
      recallAtK[mode] = `${atK.join('/')} of ${retrievable.length}`;
    }
    const index = await openIndex(indexDir);
    const chunks = index ? [...index.store.all()] : [];
    index?.close();
    const plain = new PlainWordMatcher(chunks);
    recallAt5.plain = tally(retrievable.filter((q) => isRecalled(q, plain.search(q.question, 5))).length);
    const peers = options.peers
      ? await comparePeers(
          chunks,
          retrievable.map((q) => ({ question: q.question, hit: (chunk: Chunk) => isRecalled(q, [chunk]) })),
          {
            plan: { warmup: warmupQuestions(options.warmup ?? [], retrievable.map((q) => q.question), WARMUP_QUESTIONS), rounds: TIMED_ROUNDS },
            own: async (question, k) => (await assistant.retrieve(question, k, 'hybrid')).map((r) => r.chunk.label),
          },
        )
      : undefined;
    return {
      name: options.name,
      recallAtK,
      ...(wall.length > 0
        ? { hybridMs: { p50: round(percentile(wall, 50)), p95: round(percentile(wall, 95)), cpuP50: round(percentile(cpu, 50)), cpuP95: round(percentile(cpu, 95)) } }
        : {}),
      ...(peers ? { peers } : {}),
      questions: questions.length,
      passed,
      passRate: round(ratio(passed, questions.length), 3),
      passRateByKind: Object.fromEntries([...byKind].sort().map(([kind, t]) => [kind, `${t.passed}/${t.total}`])),
      failedIds,
      recallAt5,
    };
  } finally {
    await assistant.close();
  }
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalEmbeddings } from '../core/embeddings/localEmbeddings.ts';
import { createLogger } from '../core/logger.ts';
import { generateCorpus, SECTIONS_PER_DOCUMENT } from './generateCorpus.ts';
import { runHttpBench, type HttpBenchResult } from './httpBench.ts';
import { runIngestBench, type IngestBenchResult } from './ingestBench.ts';
import { runLexiconBench, type LexiconBenchResult } from './lexiconBench.ts';
import { botAvailable, PROJECT_ROOT } from './memoryProbe.ts';
import { runQualityBench, type QualityBenchResult } from './qualityBench.ts';
import { runQueryBench, type QuerySizeResult } from './queryBench.ts';
import { runReplicaBench, type ReplicaBenchResult } from './replicaBench.ts';
import { buildSyntheticIndex } from './syntheticIndex.ts';
import { evaluateTargets, printReport, type Target } from './report.ts';
import { sharedPath } from '../test/sharedDir.ts';

/**
 * `npm run bench [-- --quick] [-- --only ingest,query,http,replicas,quality,lexicon] [-- --sizes 100000]`
 * Runs the benchmarks, prints a table and writes bench/results.json. Always local embeddings and the
 * extractive engine: no network, and numbers that do not depend on a cloud service.
 */

const PARTS = ['ingest', 'query', 'http', 'replicas', 'quality', 'lexicon'] as const;
type Part = (typeof PARTS)[number];

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  quick: boolean;
  /** The code measured: commit and whether the work tree had uncommitted changes. */
  code: { commit: string; uncommittedChanges: boolean };
  machine: {
    cpuModel: string;
    cores: number;
    ramGb: number;
    node: string;
    platform: string;
    loadAverage: number[];
  };
  settings: { embeddings: string; engine: string; topK: number; seed: number };
  ingest?: IngestBenchResult;
  query?: QuerySizeResult[];
  http?: HttpBenchResult;
  /** 1 and 2 bot replicas on a shared Redis, side by side. */
  replicas?: ReplicaBenchResult;
  /** The dev set and the real-world set (../shared/eval). */
  quality?: QualityBenchResult[];
  lexicon?: LexiconBenchResult;
  errors: Record<string, string>;
  targets: Target[];
}

const SEED = 20261123;
const TOP_K = 8;
const HTTP_INDEX_SIZE = 10_000;

function parseParts(value: string | undefined): Set<Part> {
  if (!value) return new Set(PARTS);
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`unknown part(s) ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`);
  return new Set(parts as Part[]);
}

/** `--sizes 100000` or `--sizes 1000,10000`: index sizes (chunks) of the query part. */
function parseSizes(value: string): number[] {
  const sizes = value.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  const bad = sizes.filter((size) => !Number.isInteger(size) || size < 100);
  if (bad.length > 0 || sizes.length === 0) throw new Error(`--sizes takes chunk counts of at least 100, separated by commas (got "${value}")`);
  return sizes;
}

function codeVersion(): BenchResults['code'] {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommittedChanges: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch (error) {
    // A copy without git history can still be benchmarked; the results just cannot name the commit.
    return { commit: `unknown (${(error as Error).message.split('\n')[0]})`, uncommittedChanges: false };
  }
}

function machineInfo(): BenchResults['machine'] {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** The sample deck(s) as PowerPoint, to time slides separately from PDF pages. */
async function pptxFixtures(): Promise<string[]> {
  const dir = sharedPath('fixtures');
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.pptx')).map((f) => path.join(dir, f));
}

function say(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Planted-fact questions about the index the HTTP benchmark serves. */
function httpQuestions(size: number): string[] {
  const documents = generateCorpus({ documents: Math.ceil(size / SECTIONS_PER_DOCUMENT), seed: SEED });
  return documents.slice(0, 400).map((d, i) => d.facts[i % d.facts.length]!.question);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      sizes: { type: 'string' },
      out: { type: 'string', default: path.join(PROJECT_ROOT, 'bench', 'results.json') },
    },
  });
  const quick = values.quick ?? false;
  const parts = parseParts(values.only);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'error', name: 'bench' });
  const embeddings = createLocalEmbeddings();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-bench-'));
  const started = Date.now();
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    quick,
    code: codeVersion(),
    machine: machineInfo(),
    settings: { embeddings: `${embeddings.info.provider}/${embeddings.info.model}`, engine: 'extractive', topK: TOP_K, seed: SEED },
    errors: {},
    targets: [],
  };
  const httpDuration = quick ? 5 : 10;
  /** A part that serves the 10k-chunk index through real bot processes; its failure is recorded, not thrown. */
  const servedPart = async <K extends 'http' | 'replicas'>(part: K, announce: string, run: () => Promise<NonNullable<BenchResults[K]>>) => {
    if (!botAvailable()) {
      results[part] = { runs: [], skipped: 'bot/main.ts or bot/server.ts is not present' } as NonNullable<BenchResults[K]>;
      return;
    }
    say(announce);
    try {
      results[part] = await run();
    } catch (error) {
      results.errors[part] = (error as Error).message;
      say(`${part} failed: ${(error as Error).message}`);
    }
  };
  const served = { questions: httpQuestions(HTTP_INDEX_SIZE), durationSeconds: httpDuration, connections: 10, logger };
  const runHttp = (indexDir: string) =>
    servedPart('http', `http: ${httpDuration} s per endpoint, 10 connections, ${HTTP_INDEX_SIZE.toLocaleString('en')}-chunk index`, () =>
      runHttpBench({ indexDir, ...served }),
    );
  const runReplicas = (indexDir: string) =>
    servedPart('replicas', `replicas: 1 process on memory, 1 and 2 on a shared Redis, ${httpDuration} s each, 10 connections`, async () => {
      const result = await runReplicaBench({
        indexDir,
        ...served,
        setups: [
          { replicas: 1, store: 'memory' },
          { replicas: 1, store: 'redis' },
          { replicas: 2, store: 'redis' },
        ],
      });
      if (result.skipped) say(`replicas skipped: ${result.skipped}`);
      return result;
    });
  /** The HTTP parts serve the same 10k-chunk index. */
  const runServed = async (indexDir: string) => {
    if (parts.has('http')) await runHttp(indexDir);
    if (parts.has('replicas')) await runReplicas(indexDir);
  };

  try {
    if (parts.has('ingest')) {
      say('ingest: sample files and a generated corpus');
      try {
        results.ingest = await runIngestBench({
          workDir,
          sampleDocsDir: path.join(PROJECT_ROOT, 'data', 'docs'),
          pptxFiles: await pptxFixtures(),
          embeddings,
          repeats: quick ? 2 : 5,
          generatedDocuments: quick ? 200 : 1000,
          pdfEvery: 10,
          seed: SEED,
          logger,
        });
      } catch (error) {
        results.errors.ingest = (error as Error).message;
        say(`ingest failed: ${(error as Error).stack}`);
      }
    }

    if (parts.has('query')) {
      const sizes = values.sizes ? parseSizes(values.sizes) : quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
      say(`query: indexes of ${sizes.map((s) => s.toLocaleString('en')).join(', ')} chunks`);
      try {
        results.query = await runQueryBench({
          sizes,
          workDir,
          embeddings,
          topK: TOP_K,
          // 300 in the quick run too: the p95 of the side-by-side table is then its 15th slowest, not its 5th.
          questions: 300,
          largeQuestions: 200,
          peers: true,
          seed: SEED,
          logger,
          onIndexBuilt: async (size, indexDir) => {
            say(`query: ${size.toLocaleString('en')} chunks done`);
            if (size === HTTP_INDEX_SIZE) await runServed(indexDir);
            await rm(indexDir, { recursive: true, force: true });
          },
        });
      } catch (error) {
        results.errors.query = (error as Error).message;
        say(`query failed: ${(error as Error).stack}`);
      }
    }

    const httpPending = parts.has('http') && !results.http && !results.errors.http;
    const replicasPending = parts.has('replicas') && !results.replicas && !results.errors.replicas;
    if (httpPending || replicasPending) {
      const indexDir = path.join(workDir, 'http-index');
      say(`http: building a ${HTTP_INDEX_SIZE.toLocaleString('en')}-chunk index`);
      await buildSyntheticIndex(indexDir, generateCorpus({ documents: HTTP_INDEX_SIZE / SECTIONS_PER_DOCUMENT, seed: SEED }), embeddings);
      if (httpPending) await runHttp(indexDir);
      if (replicasPending) await runReplicas(indexDir);
    }

    if (parts.has('quality')) {
      say('quality: dev set and real-world set');
      try {
        results.quality = [];
        for (const [name, docs, questions] of [
          ['dev', 'corpus', 'eval/questions.dev.jsonl'],
          ['realworld', 'eval/realworld/corpus', 'eval/realworld/questions.jsonl'],
        ] as const) {
          results.quality.push(
            await runQualityBench({
              name,
              workDir,
              docsDir: sharedPath(docs),
              questionsFile: sharedPath(questions),
              embeddings,
              topK: TOP_K,
              logger,
              peers: true,
              // Untimed warm-up for every store: planted-fact questions, none of them in the set.
              warmup: httpQuestions(1_000),
            }),
          );
        }
      } catch (error) {
        results.errors.quality = (error as Error).message;
        say(`quality failed: ${(error as Error).stack}`);
      }
    }
    if (parts.has('lexicon')) {
      say('lexicon: language resources, each in a fresh process');
      try {
        results.lexicon = await runLexiconBench(quick ? 1 : 3);
      } catch (error) {
        results.errors.lexicon = (error as Error).message;
        say(`lexicon failed: ${(error as Error).stack}`);
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  results.finishedAt = new Date().toISOString();
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  results.targets = evaluateTargets(results);
  await writeFile(values.out!, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(printReport(results));
  process.stdout.write(`\nResults written to ${path.relative(process.cwd(), values.out!) || values.out}\n`);
  return Object.keys(results.errors).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

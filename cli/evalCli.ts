import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { createAnswerEngine } from '../core/answering/createAssistant.ts';
import { Assistant } from '../core/answering/assistant.ts';
import { createEmbeddings } from '../core/embeddings/createEmbeddings.ts';
import { judgeAnswer, readEvalSet } from '../core/evaluation/evalSet.ts';
import { createLogger } from '../core/logger.ts';
import { WegweiserError } from '../core/errors.ts';
import { runIngestion } from '../ingest/ingestPipeline.ts';

/**
 * `npm run eval -- --docs <dir> --questions <file.jsonl> --out <results.json>`
 * Ingests the folder into a fresh temporary index (the configured index is never touched), answers
 * every question through the same Assistant the bot uses, writes the results and prints pass rates.
 * Scoring is a report: the command exits 0 whatever the score.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string' },
      questions: { type: 'string' },
      out: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (!values.docs || !values.questions) {
    process.stderr.write('usage: npm run eval -- --docs <dir> --questions <file.jsonl> [--out <results.json>] [--verbose]\n');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'eval' });
  const questions = await readEvalSet(values.questions);
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-eval-'));
  try {
    const embeddings = await createEmbeddings(config);
    const report = await runIngestion({
      docsDir: path.resolve(values.docs),
      indexDir,
      embeddings,
      maxFileSizeBytes: config.maxFileSizeBytes,
      logger,
    });
    for (const failed of report.failed) process.stderr.write(`ingest: ${failed.source}: ${failed.reason}\n`);
    const engine = await createAnswerEngine(config, logger);
    const assistant = await Assistant.start({ indexDir, embeddings, engine, topK: config.RETRIEVAL_TOP_K, logger });

    const results = [];
    const perKind = new Map<string, { passed: number; total: number }>();
    let passed = 0;
    for (const question of questions) {
      const started = performance.now();
      const answer = await assistant.ask({ question: question.question });
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const verdict = judgeAnswer(question, answer);
      const tally = perKind.get(question.kind) ?? { passed: 0, total: 0 };
      tally.total++;
      if (verdict.passed) {
        tally.passed++;
        passed++;
      }
      perKind.set(question.kind, tally);
      if (values.verbose || !verdict.passed) {
        process.stdout.write(`${verdict.passed ? 'PASS' : 'FAIL'} ${question.id} ${question.question}\n  -> ${answer.answer}\n`);
        if (!verdict.passed) process.stdout.write(`  reasons: ${verdict.reasons.join('; ')}\n`);
      }
      results.push({
        id: question.id,
        question: question.question,
        answered: answer.answered,
        answer: answer.answer,
        citations: answer.citations.map((c) => ({ source: c.source, locator: c.locator, snippet: c.snippet })),
        latencyMs,
        passed: verdict.passed,
        reasons: verdict.reasons,
      });
    }
    await assistant.close();
    if (values.out) await writeFile(values.out, `${JSON.stringify({ engine: engine.name, results }, null, 2)}\n`);

    process.stdout.write('\nPass rate per kind:\n');
    for (const [kind, tally] of [...perKind].sort()) {
      process.stdout.write(`  ${kind.padEnd(10)} ${tally.passed}/${tally.total} (${Math.round((100 * tally.passed) / tally.total)}%)\n`);
    }
    process.stdout.write(`\n${passed} passed, ${questions.length - passed} failed\n`);
    return 0;
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval: ${error instanceof WegweiserError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  },
);

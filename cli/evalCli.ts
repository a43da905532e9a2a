import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { createAnswerEngine } from '../core/answering/createAssistant.ts';
import { judgeAnswer, readEvalSet } from '../core/evaluation/evalSet.ts';
import { createLogger } from '../core/logger.ts';
import { WegweiserError } from '../core/errors.ts';
import { askInConversation, withEvalIndex } from './evalHarness.ts';
import { NaiveBaseline } from './naiveBaseline.ts';

/**
 * `npm run eval -- --docs <dir> --questions <file.jsonl> --out <results.json>`
 * Ingests the folder into a fresh temporary index (the configured index is never touched), answers
 * every question through the same Assistant the bot uses, writes the results and prints pass rates.
 * Items with a `history` are asked in one conversation after their earlier questions, as the bot would
 * see them. Next to its own score it prints that of the naive baseline (BM25 top chunk) on the same set.
 * Scoring is a report: the command exits 0 whatever the score.
 */

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
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
  const engine = await createAnswerEngine(config, logger);
  const docsDir = path.resolve(values.docs);
  return withEvalIndex(docsDir, config, engine, logger, async (assistant) => {
    const baseline = await NaiveBaseline.build(docsDir);
    const results = [];
    const perKind = new Map<string, { passed: number; total: number }>();
    let passed = 0;
    let baselinePassed = 0;
    const latencies: number[] = [];
    const answerLengths: number[] = [];
    for (const question of questions) {
      const started = performance.now();
      const { answer } = await askInConversation(assistant, question);
      // With a history the time includes the earlier turns; the latency reported is per question asked.
      const latencyMs = Math.round(((performance.now() - started) / (1 + (question.history?.length ?? 0))) * 10) / 10;
      latencies.push(latencyMs);
      if (answer.answered) answerLengths.push(answer.answer.length);
      const verdict = judgeAnswer(question, answer);
      // The baseline has no conversation: it searches with the earlier questions and the item's own.
      const baselineQuery = [...(question.history ?? []).map((h) => h.question), question.question].join(' ');
      if (judgeAnswer(question, baseline.answer(baselineQuery)).passed) baselinePassed++;
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
    if (values.out) {
      await writeFile(values.out, `${JSON.stringify({ engine: engine.name, baseline: { engine: 'naive-bm25', passed: baselinePassed }, results }, null, 2)}\n`);
    }

    process.stdout.write('\nPass rate per kind:\n');
    for (const [kind, tally] of [...perKind].sort()) {
      process.stdout.write(`  ${kind.padEnd(10)} ${tally.passed}/${tally.total} (${Math.round((100 * tally.passed) / tally.total)}%)\n`);
    }
    process.stdout.write(
      `\nNaive baseline (BM25 top 500-character window): ${baselinePassed} passed, ${questions.length - baselinePassed} failed\n` +
        `Answered: median ${percentile(answerLengths, 50)} characters; latency p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms\n`,
    );
    process.stdout.write(`\n${passed} passed, ${questions.length - passed} failed\n`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval: ${error instanceof WegweiserError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  },
);

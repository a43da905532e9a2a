import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnswerContext, AnswerEngine } from '../core/answering/answerEngine.ts';
import { defaultAnswerModel, MODEL_FILE, modelToJson, scoreOf, type AnswerModel } from '../core/answering/extractive/answerModel.ts';
import { scoreQuestion } from '../core/answering/extractive/answerPipeline.ts';
import { citedUnit } from '../core/answering/extractive/citedUnit.ts';
import { FEATURES, type FeatureVector } from '../core/answering/extractive/features.ts';
import { ExtractiveEngine } from '../core/answering/extractiveEngine.ts';
import { loadConfig } from '../core/config.ts';
import { judgeAnswer, normalizeForMatch, readEvalSet, type EvalQuestion } from '../core/evaluation/evalSet.ts';
import { createLogger } from '../core/logger.ts';
import type { AnswerResult } from '../core/types.ts';
import { askInConversation, withEvalIndex } from './evalHarness.ts';

/**
 * `npm run fit -- --train <docs>:<questions.jsonl> … [--check <docs>:<questions.jsonl> …] [--write]`
 *
 * Fits the weights of the extractive engine's scoring function (core/answering/extractive/answerModel.json)
 * on training questions and reports the pass rate on the training sets and on check sets it did not fit on.
 * For every part of every training question, the candidates whose answer would contain what the question
 * must contain are the right ones; the weights maximise their share of a softmax over all candidates of the
 * question (a conditional logit with an L2 penalty), then the answer threshold is set where answering the
 * training questions passes most often, counting an unanswerable question answered or a wrong answer as
 * worse than a decline.
 */

interface TrainingPart {
  features: FeatureVector[];
  /** Share of the question's `must` entries each candidate's answer would contain. */
  labels: number[];
}

interface TrainingQuestion {
  question: EvalQuestion;
  parts: TrainingPart[];
}

/** Wraps the engine to keep the context of the last question it answered. */
class RecordingEngine implements AnswerEngine {
  readonly name: string;
  last: AnswerContext | undefined;
  constructor(private readonly inner: AnswerEngine) {
    this.name = inner.name;
  }
  answer(context: AnswerContext): Promise<AnswerResult> {
    this.last = context;
    return this.inner.answer(context);
  }
}

function labelOf(question: EvalQuestion, text: string, source: string): number {
  if (!question.answerable || question.must.length === 0) return 0;
  if (question.sources.length > 0 && !question.sources.includes(source)) return 0;
  const normalized = normalizeForMatch(text);
  const found = question.must.filter((alternatives) => alternatives.some((a) => normalized.includes(normalizeForMatch(a)))).length;
  return found / question.must.length;
}

function parseSet(value: string): { docs: string; questions: string } {
  const at = value.lastIndexOf(':');
  if (at <= 0) throw new Error(`expected <docs>:<questions.jsonl>, got ${value}`);
  return { docs: path.resolve(value.slice(0, at)), questions: path.resolve(value.slice(at + 1)) };
}

async function collect(set: { docs: string; questions: string }, model: AnswerModel): Promise<TrainingQuestion[]> {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', name: 'fit' });
  const questions = await readEvalSet(set.questions);
  const engine = new RecordingEngine(new ExtractiveEngine(model));
  return withEvalIndex(set.docs, config, engine, logger, async (assistant) => {
    const out: TrainingQuestion[] = [];
    for (const question of questions) {
      await askInConversation(assistant, question);
      if (!engine.last) continue;
      const scored = scoreQuestion(engine.last, model);
      out.push({
        question,
        parts: scored.parts.map((part) => ({
          features: part.candidates.map((c) => c.features),
          labels: part.candidates.map((c) => labelOf(question, citedUnit(c).text, c.setting.unit.chunk.source)),
        })),
      });
    }
    return out;
  });
}

/** Conditional logit over each part's candidates, with the positives those of the highest label. */
function fitWeights(data: readonly TrainingQuestion[], start: Float64Array, lambda: number, iterations: number): Float64Array {
  const w = Float64Array.from(start);
  const velocity = new Float64Array(w.length);
  const groups = data.flatMap((q) => q.parts).filter((p) => p.labels.length > 0 && Math.max(...p.labels) > 0);
  const rate = 0.05;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Float64Array(w.length);
    for (const group of groups) {
      const best = Math.max(...group.labels);
      const scores = group.features.map((f) => dot(w, f));
      const max = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - max));
      const total = exp.reduce((a, b) => a + b, 0);
      const positive = exp.reduce((sum, e, i) => (group.labels[i] === best ? sum + e : sum), 0);
      group.features.forEach((f, i) => {
        const all = exp[i]! / total;
        const pos = group.labels[i] === best ? exp[i]! / positive : 0;
        for (let k = 0; k < w.length; k++) gradient[k]! += (all - pos) * f[k]!;
      });
    }
    for (let k = 0; k < w.length; k++) {
      gradient[k]! = gradient[k]! / groups.length + lambda * w[k]!;
      velocity[k] = 0.9 * velocity[k]! - rate * gradient[k]!;
      w[k]! += velocity[k]!;
    }
  }
  return w;
}

function dot(w: Float64Array, f: FeatureVector): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]! * f[i]!;
  return s;
}

/** The threshold that passes most training questions; a wrong answer costs more than a decline. */
function fitThreshold(data: readonly TrainingQuestion[], model: AnswerModel): number {
  const tops = data.map(({ question, parts }) => {
    const part = parts[0];
    if (!part || part.features.length === 0) return { score: -Infinity, right: false, answerable: question.answerable };
    let best = 0;
    let bestScore = -Infinity;
    part.features.forEach((f, i) => {
      const s = scoreOf(model, f);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    });
    return { score: bestScore, right: part.labels[best] === 1, answerable: question.answerable };
  });
  const candidates = [...new Set(tops.map((t) => t.score).filter(Number.isFinite))].sort((a, b) => a - b);
  let bestThreshold = model.threshold;
  let bestValue = -Infinity;
  for (let i = 0; i <= candidates.length; i++) {
    const threshold = i === 0 ? (candidates[0] ?? 0) - 0.01 : i === candidates.length ? candidates[i - 1]! + 0.01 : (candidates[i - 1]! + candidates[i]!) / 2;
    let value = 0;
    for (const top of tops) {
      const answered = top.score >= threshold;
      if (top.answerable) value += answered ? (top.right ? 1 : -0.5) : 0;
      else value += answered ? -2 : 1;
    }
    if (value > bestValue) {
      bestValue = value;
      bestThreshold = threshold;
    }
  }
  return bestThreshold;
}

async function passRate(set: { docs: string; questions: string }, model: AnswerModel): Promise<{ passed: number; total: number; unanswerableAnswered: number }> {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', name: 'fit' });
  const questions = await readEvalSet(set.questions);
  return withEvalIndex(set.docs, config, new ExtractiveEngine(model), logger, async (assistant) => {
    let passed = 0;
    let unanswerableAnswered = 0;
    for (const question of questions) {
      const { answer } = await askInConversation(assistant, question);
      if (judgeAnswer(question, answer).passed) passed++;
      if (!question.answerable && answer.answered) unanswerableAnswered++;
    }
    return { passed, total: questions.length, unanswerableAnswered };
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string', multiple: true },
      check: { type: 'string', multiple: true, default: [] },
      write: { type: 'boolean', default: false },
      lambda: { type: 'string', default: '0.01' },
      iterations: { type: 'string', default: '400' },
    },
  });
  if (!values.train || values.train.length === 0) {
    process.stderr.write('usage: npm run fit -- --train <docs>:<questions.jsonl> … [--check <docs>:<questions.jsonl> …] [--write]\n');
    return 2;
  }
  const trainSets = values.train.map(parseSet);
  const checkSets = (values.check ?? []).map(parseSet);
  const start = defaultAnswerModel();
  const data: TrainingQuestion[] = [];
  for (const set of trainSets) data.push(...(await collect(set, start)));
  const weights = fitWeights(data, start.weights, Number(values.lambda), Number(values.iterations));
  const fitted: AnswerModel = { ...start, weights, fittedOn: trainSets.map((s) => path.relative(process.cwd(), s.questions)) };
  fitted.threshold = fitThreshold(data, fitted);

  process.stdout.write('weights:\n');
  FEATURES.forEach((name, i) => process.stdout.write(`  ${name.padEnd(26)} ${weights[i]!.toFixed(3)}\n`));
  process.stdout.write(`threshold ${fitted.threshold.toFixed(3)}\n\n`);
  for (const [kind, sets] of [['train', trainSets], ['check', checkSets]] as const) {
    for (const set of sets) {
      const before = await passRate(set, start);
      const after = await passRate(set, fitted);
      process.stdout.write(
        `${kind} ${path.relative(process.cwd(), set.questions)}: ${before.passed}/${before.total} -> ${after.passed}/${after.total}` +
          ` (unanswerable answered: ${before.unanswerableAnswered} -> ${after.unanswerableAnswered})\n`,
      );
    }
  }
  if (values.write) {
    await writeFile(MODEL_FILE, `${JSON.stringify(modelToJson(fitted), null, 2)}\n`);
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), MODEL_FILE.pathname)}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fit: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);

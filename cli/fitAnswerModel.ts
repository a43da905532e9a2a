import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnswerContext, AnswerEngine } from '../core/answering/answerEngine.ts';
import { defaultAnswerModel, MODEL_FILE, modelFromJson, modelToJson, scoreOf, type AnswerModel } from '../core/answering/extractive/answerModel.ts';
import { scoreQuestion, type ScoredQuestion } from '../core/answering/extractive/answerPipeline.ts';
import { citedUnit } from '../core/answering/extractive/citedUnit.ts';
import { FEATURE_SIGN, FEATURES, type FeatureVector } from '../core/answering/extractive/features.ts';
import { composeAnswer, ExtractiveEngine } from '../core/answering/extractiveEngine.ts';
import { loadConfig } from '../core/config.ts';
import { judgeAnswer, normalizeForMatch, readEvalSet, type EvalQuestion } from '../core/evaluation/evalSet.ts';
import { createLogger } from '../core/logger.ts';
import type { AnswerResult } from '../core/types.ts';
import { askInConversation, withEvalIndex } from './evalHarness.ts';

/**
 * `npm run fit -- --train <docs>:<questions.jsonl> … [--check <docs>:<questions.jsonl> …] [--write | --out <model.json>]`
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
  scored: ScoredQuestion;
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
        scored,
        parts: scored.parts.map((part) => ({
          features: part.candidates.map((c) => c.features),
          labels: part.candidates.map((c) => labelOf(question, citedUnit(c).text, c.setting.unit.chunk.source)),
        })),
      });
    }
    return out;
  });
}

/**
 * Conditional logit over each part's candidates, with the positives those of the highest label. The L2
 * penalty pulls towards the starting weights (what each feature is expected to do), not towards zero.
 */
function fitWeights(data: readonly TrainingQuestion[], start: Float64Array, lambda: number, iterations: number): Float64Array {
  const w = Float64Array.from(start);
  const prior = Float64Array.from(start);
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
      gradient[k]! = gradient[k]! / groups.length + lambda * (w[k]! - prior[k]!);
      velocity[k] = 0.9 * velocity[k]! - rate * gradient[k]!;
      w[k] = withinSign(k, w[k]! + velocity[k]!);
    }
  }
  return w;
}

/** A weight kept on the side of zero its feature's meaning allows (FEATURE_SIGN). */
function withinSign(k: number, weight: number): number {
  const sign = FEATURE_SIGN[FEATURES[k]!];
  return sign > 0 ? Math.max(0, weight) : sign < 0 ? Math.min(0, weight) : weight;
}

function dot(w: Float64Array, f: FeatureVector): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]! * f[i]!;
  return s;
}

/** The threshold with the best objective, among the scores of the questions' best candidates. */
function bestThreshold(data: readonly TrainingQuestion[], model: AnswerModel): number {
  const tops = [...new Set(data.map(({ scored }) => rescored(scored, model).parts[0]?.candidates[0]?.score).filter((s): s is number => s !== undefined))].sort((a, b) => a - b);
  let best = { value: -Infinity, threshold: model.threshold };
  for (let i = 0; i < tops.length; i += Math.max(1, Math.floor(tops.length / 60))) {
    const threshold = tops[i]! - 1e-6;
    const value = objective(data, { ...model, threshold, passageThreshold: threshold - 1 }).value;
    if (value > best.value) best = { value, threshold };
  }
  return best.threshold;
}

/** The recorded candidates scored with `model`, best first, as the engine would see them. */
function rescored(scored: ScoredQuestion, model: AnswerModel): ScoredQuestion {
  return {
    ...scored,
    parts: scored.parts.map((part) => ({
      ...part,
      candidates: part.candidates.map((c) => ({ ...c, score: scoreOf(model, c.features) })).sort((x, y) => y.score - x.score),
    })),
  };
}

/**
 * How well `model` answers the training questions, judged on the answers the engine would compose:
 * each pass counts 1, an unanswerable question answered costs 2, any other wrong answer 0.25 (a wrong
 * phone number or date is worse than no answer).
 */
function objective(data: readonly TrainingQuestion[], model: AnswerModel): { value: number; passed: number } {
  let value = 0;
  let passed = 0;
  for (const { question, scored } of data) {
    const answer = composeAnswer(rescored(scored, model), model);
    if (judgeAnswer(question, answer).passed) {
      value += 1;
      passed++;
    } else if (answer.answered) value -= question.answerable ? 0.25 : 2;
  }
  return { value, passed };
}

/** Features that only shift all candidates of a question alike: they decide answering, not ranking. */
const DECISION_FEATURES = new Set(['yesNoQuestion', 'passageQuestion', 'listQuestion']);

/**
 * Coordinate ascent on the objective from the conditional-logit weights, thresholds and list share
 * included; with `decisionOnly`, the ranking weights stay as the logit fitted them.
 */
function refine(data: readonly TrainingQuestion[], start: AnswerModel, rounds: number, decisionOnly: boolean): AnswerModel {
  let model: AnswerModel = { ...start, weights: Float64Array.from(start.weights) };
  let best = objective(data, model).value;
  const steps = [-1, -0.5, -0.2, 0.2, 0.5, 1];
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (let k = -4; k < model.weights.length; k++) {
      if (decisionOnly && k >= 0 && !DECISION_FEATURES.has(FEATURES[k]!)) continue;
      for (const step of steps) {
        const candidate: AnswerModel = { ...model, weights: Float64Array.from(model.weights) };
        if (k === -4) candidate.marginWeight = Math.max(0, model.marginWeight + step / 2);
        else if (k === -3) candidate.passageThreshold = model.passageThreshold + step;
        else if (k === -2) candidate.threshold = model.threshold + step;
        else if (k === -1) candidate.siblingDrop = Math.max(0, model.siblingDrop + step / 2);
        else candidate.weights[k] = withinSign(k, model.weights[k]! + step);
        const value = objective(data, candidate).value;
        if (value > best + 1e-9) {
          best = value;
          model = candidate;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return model;
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
      out: { type: 'string' },
      from: { type: 'string' },
      lambda: { type: 'string', default: '0.1' },
      iterations: { type: 'string', default: '400' },
      rounds: { type: 'string', default: '4' },
      refine: { type: 'string', default: 'all' },
    },
  });
  if (!values.train || values.train.length === 0) {
    process.stderr.write('usage: npm run fit -- --train <docs>:<questions.jsonl> … [--check <docs>:<questions.jsonl> …] [--write]\n');
    return 2;
  }
  const trainSets = values.train.map(parseSet);
  const checkSets = (values.check ?? []).map(parseSet);
  // Fitting starts from the shipped model unless another is named (e.g. to fit from scratch for cross-validation).
  const start = values.from ? modelFromJson(JSON.parse(await readFile(path.resolve(values.from), 'utf8'))) : defaultAnswerModel();
  const data: TrainingQuestion[] = [];
  for (const set of trainSets) data.push(...(await collect(set, start)));
  const weights = fitWeights(data, start.weights, Number(values.lambda), Number(values.iterations));
  const logit: AnswerModel = { ...start, weights, fittedOn: trainSets.map((s) => path.relative(process.cwd(), s.questions)) };
  logit.threshold = bestThreshold(data, logit);
  logit.passageThreshold = logit.threshold - 1;
  process.stdout.write(`training objective: start ${objective(data, start).passed}, logit ${objective(data, logit).passed}\n`);
  const decisionOnly = values.refine === 'decision';
  // Refine whichever starts better: the fitted logit or the model the engine has now (unless only the decision is refined).
  const base = decisionOnly || objective(data, logit).value >= objective(data, start).value ? logit : start;
  // The model says what it was fitted on, also when the refinement started from the shipped model.
  const fitted = { ...(values.refine === 'none' ? logit : refine(data, base, Number(values.rounds), decisionOnly)), fittedOn: logit.fittedOn };
  process.stdout.write(`training objective after refinement: ${objective(data, fitted).passed} of ${data.length}\n`);

  process.stdout.write('weights:\n');
  FEATURES.forEach((name, i) => process.stdout.write(`  ${name.padEnd(26)} ${fitted.weights[i]!.toFixed(3)}\n`));
  process.stdout.write(
    `threshold ${fitted.threshold.toFixed(3)}, passage threshold ${fitted.passageThreshold.toFixed(3)}, margin weight ${fitted.marginWeight.toFixed(2)}, sibling drop ${fitted.siblingDrop.toFixed(2)}\n\n`,
  );
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
  const target = values.out ? path.resolve(values.out) : values.write ? MODEL_FILE.pathname : undefined;
  if (target) {
    await writeFile(target, `${JSON.stringify(modelToJson(fitted), null, 2)}\n`);
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), target)}\n`);
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

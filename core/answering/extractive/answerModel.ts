import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURES, type FeatureName, type FeatureVector } from './features.ts';

/**
 * The scoring function of the extractive engine: a weighted sum of the features of a candidate answer,
 * and the score a best candidate must reach to be given as the answer. The weights are fitted on the
 * training questions by `npm run fit` (cli/fitAnswerModel.ts) and stored in answerModel.json.
 */

const modelSchema = z.object({
  weights: z.record(z.string(), z.number()),
  bias: z.number(),
  /** A best candidate below this score is not an answer: the engine says the documents do not hold one. */
  threshold: z.number(),
  /** The same for a passage answer (a sentence that says it in words), whose scores run lower than typed facts'. */
  passageThreshold: z.number(),
  /**
   * Candidates scoring within this distance of the best are given beside it: the other items of a list,
   * rows of the same table, a conflicting value from another passage.
   */
  siblingDrop: z.number().min(0),
  /**
   * How much the lead of the best candidate over the best one from another unit adds to the decision: a
   * clear winner is an answer at a lower score than one among several alike.
   */
  marginWeight: z.number(),
  fittedOn: z.array(z.string()).optional(),
});

export interface AnswerModel {
  weights: Float64Array;
  bias: number;
  threshold: number;
  passageThreshold: number;
  siblingDrop: number;
  marginWeight: number;
  fittedOn?: string[];
}

export const MODEL_FILE = new URL('./answerModel.json', import.meta.url);

export function modelFromJson(json: unknown): AnswerModel {
  const parsed = modelSchema.parse(json);
  const weights = new Float64Array(FEATURES.length);
  FEATURES.forEach((name, i) => {
    weights[i] = parsed.weights[name] ?? 0;
  });
  return {
    weights,
    bias: parsed.bias,
    threshold: parsed.threshold,
    passageThreshold: parsed.passageThreshold,
    siblingDrop: parsed.siblingDrop,
    marginWeight: parsed.marginWeight,
    ...(parsed.fittedOn ? { fittedOn: parsed.fittedOn } : {}),
  };
}

export function modelToJson(model: AnswerModel): unknown {
  const weights: Partial<Record<FeatureName, number>> = {};
  FEATURES.forEach((name, i) => {
    weights[name] = Math.round(model.weights[i]! * 1e4) / 1e4;
  });
  return {
    weights,
    bias: Math.round(model.bias * 1e4) / 1e4,
    threshold: Math.round(model.threshold * 1e4) / 1e4,
    passageThreshold: Math.round(model.passageThreshold * 1e4) / 1e4,
    siblingDrop: Math.round(model.siblingDrop * 1e4) / 1e4,
    marginWeight: Math.round(model.marginWeight * 1e4) / 1e4,
    ...(model.fittedOn ? { fittedOn: model.fittedOn } : {}),
  };
}

let loaded: AnswerModel | undefined;

/** The fitted model shipped with the code. */
export function defaultAnswerModel(): AnswerModel {
  loaded ??= modelFromJson(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
  return loaded;
}

/**
 * The model with both answer thresholds moved by `offset` (ANSWER_THRESHOLD_OFFSET): above 0 the engine
 * declines more often and answers only what it is surer of, below 0 it answers more.
 */
export function withThresholdOffset(model: AnswerModel, offset: number): AnswerModel {
  if (offset === 0) return model;
  return { ...model, threshold: model.threshold + offset, passageThreshold: model.passageThreshold + offset };
}

/** The lead over the runner-up that counts at most: beyond it a winner is no clearer. */
const MAX_MARGIN = 3;

/**
 * Whether the best of these candidates (best first) is an answer: its score, plus its lead over the best
 * candidate from another unit, must reach the threshold for its kind.
 */
export function isAnswer(model: AnswerModel, candidates: readonly { score: number; candidate: { type: string; unit: unknown } }[]): boolean {
  const best = candidates[0];
  if (!best) return false;
  const runnerUp = candidates.find((c) => c.candidate.unit !== best.candidate.unit);
  const margin = runnerUp ? Math.min(MAX_MARGIN, best.score - runnerUp.score) : MAX_MARGIN;
  return best.score + model.marginWeight * margin >= (best.candidate.type === 'passage' ? model.passageThreshold : model.threshold);
}

export function scoreOf(model: AnswerModel, features: FeatureVector): number {
  let score = model.bias;
  for (let i = 0; i < features.length; i++) score += model.weights[i]! * features[i]!;
  return score;
}

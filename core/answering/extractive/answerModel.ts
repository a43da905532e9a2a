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
  /** Items of a list whose own score reaches this share of the best item's are listed with it. */
  listShare: z.number().min(0).max(1),
  fittedOn: z.array(z.string()).optional(),
});

export interface AnswerModel {
  weights: Float64Array;
  bias: number;
  threshold: number;
  passageThreshold: number;
  listShare: number;
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
    listShare: parsed.listShare,
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
    listShare: model.listShare,
    ...(model.fittedOn ? { fittedOn: model.fittedOn } : {}),
  };
}

let loaded: AnswerModel | undefined;

/** The fitted model shipped with the code. */
export function defaultAnswerModel(): AnswerModel {
  loaded ??= modelFromJson(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
  return loaded;
}

/** Whether a candidate with this score may be given as an answer. */
export function reachesThreshold(model: AnswerModel, score: number, type: string): boolean {
  return score >= (type === 'passage' ? model.passageThreshold : model.threshold);
}

export function scoreOf(model: AnswerModel, features: FeatureVector): number {
  let score = model.bias;
  for (let i = 0; i < features.length; i++) score += model.weights[i]! * features[i]!;
  return score;
}

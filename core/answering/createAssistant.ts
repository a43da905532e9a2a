import type { Logger } from 'pino';
import type { AppConfig } from '../config.ts';
import { createEmbeddings } from '../embeddings/createEmbeddings.ts';
import type { AnswerEngine } from './answerEngine.ts';
import { Assistant } from './assistant.ts';
import { defaultAnswerModel, withThresholdOffset } from './extractive/answerModel.ts';
import { ExtractiveEngine } from './extractiveEngine.ts';
import { configureLanguageResources } from './languageResources.ts';
import { verbLemmas } from '../text/verbLemmas.ts';

/** The answer engine named by ANSWER_ENGINE; the LLM engine falls back to the extractive one. */
export async function createAnswerEngine(config: AppConfig, logger: Logger): Promise<AnswerEngine> {
  configureLanguageResources({ dingDictionary: config.DING_DICTIONARY_FILE, logger });
  // Every question uses the verb forms: read them now (about a second) rather than on the first question.
  verbLemmas();
  const extractive = new ExtractiveEngine(withThresholdOffset(defaultAnswerModel(), config.ANSWER_THRESHOLD_OFFSET));
  if (config.ANSWER_ENGINE === 'extractive') return extractive;
  const { createLlmEngine } = await import('./llmEngine.ts');
  return createLlmEngine(config, extractive, logger);
}

/** Builds the answering core from configuration and loads the current index (if any). */
export async function createAssistant(config: AppConfig, logger: Logger, options: { watch?: boolean } = {}): Promise<Assistant> {
  const embeddings = await createEmbeddings(config);
  const engine = await createAnswerEngine(config, logger);
  return Assistant.start({
    indexDir: config.indexDir,
    embeddings,
    engine,
    topK: config.RETRIEVAL_TOP_K,
    logger,
    watch: options.watch ?? true,
    pollIntervalMs: config.INDEX_POLL_INTERVAL_MS,
  });
}

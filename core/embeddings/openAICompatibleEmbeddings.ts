import { OpenAIEmbeddings } from '@langchain/openai';
import type { AppConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import type { EmbeddingsProvider } from './embeddingsProvider.ts';
import { probeEmbedder } from './probeEmbedder.ts';

/** Servers such as Ollama, vLLM or LocalAI accept any key, but the OpenAI client insists on one. */
export const PLACEHOLDER_API_KEY = 'not-needed';

/** Request timeout for one embeddings batch; ingestion retries, so a slow batch is tolerable. */
const EMBEDDINGS_TIMEOUT_MS = 60_000;

export interface CloudEmbeddingsOptions {
  /** Retries per batch on rate limits and server errors (LangChain's default when absent). */
  maxRetries?: number;
}

/** Embeddings from any server speaking the OpenAI REST protocol (`POST {OPENAI_BASE_URL}/embeddings`). */
export async function createOpenAICompatibleEmbeddings(
  config: AppConfig,
  options: CloudEmbeddingsOptions = {},
): Promise<EmbeddingsProvider> {
  const baseURL = config.OPENAI_BASE_URL;
  const model = config.OPENAI_EMBEDDINGS_MODEL;
  if (!baseURL || !model) {
    throw new ConfigError('OPENAI_BASE_URL and OPENAI_EMBEDDINGS_MODEL must be set for EMBEDDINGS=openai-compatible');
  }
  const embeddings = new OpenAIEmbeddings({
    model,
    apiKey: config.OPENAI_API_KEY ?? PLACEHOLDER_API_KEY,
    configuration: { baseURL },
    // Plain floats: not every compatible server implements the SDK's default base64 encoding.
    encodingFormat: 'float',
    timeout: EMBEDDINGS_TIMEOUT_MS,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
  return probeEmbedder(embeddings, 'openai-compatible', model, baseURL);
}

import type { Embeddings } from '@langchain/core/embeddings';
import { WegweiserError } from '../errors.ts';
import type { EmbedderInfo } from '../index/indexFormat.ts';
import type { EmbeddingsProvider } from './embeddingsProvider.ts';

/** A cloud embeddings service could not be reached or returned no usable vector. */
export class EmbeddingsUnavailableError extends WegweiserError {
  constructor(
    readonly provider: string,
    readonly model: string,
    /** What a person should check, in English. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`Embeddings provider ${provider} (model ${model}) is not usable: ${hint}`, 'embeddings_unavailable', options);
  }
}

// Any short text works; German, so a German-only deployment is exercised as in production.
const PROBE_TEXT = 'Wegweiser: Fortbildungsangebote der öffentlichen Verwaltung';

/**
 * Embeds one probe text so the vector size is known before an index is built or loaded:
 * a cloud model's dimensions are not in its name, and an index built with another size must be rejected.
 * Doubles as a start-up check of endpoint, credentials and model.
 */
export async function probeEmbedder(
  embeddings: Embeddings,
  provider: string,
  model: string,
  where: string,
): Promise<EmbeddingsProvider> {
  let vector: number[];
  try {
    vector = await embeddings.embedQuery(PROBE_TEXT);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddingsUnavailableError(provider, model, `the probe request to ${where} failed (${reason}); check endpoint, credentials and model name`, {
      cause: error,
    });
  }
  if (!Array.isArray(vector) && !ArrayBuffer.isView(vector)) {
    throw new EmbeddingsUnavailableError(provider, model, `${where} returned no vector for the probe text`);
  }
  if (vector.length === 0 || !Array.from(vector).every(Number.isFinite)) {
    throw new EmbeddingsUnavailableError(provider, model, `${where} returned an empty or non-numeric vector for the probe text`);
  }
  const info: EmbedderInfo = { provider, model, dimensions: vector.length };
  return { embeddings, info };
}

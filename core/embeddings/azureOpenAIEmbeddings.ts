import type { TokenCredential } from '@azure/identity';
import { AzureOpenAIEmbeddings } from '@langchain/openai';
import { azureDeploymentsBasePath, azureOpenAIAuth } from '../azure/entraTokenProvider.ts';
import type { AppConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import type { EmbeddingsProvider } from './embeddingsProvider.ts';
import type { CloudEmbeddingsOptions } from './openAICompatibleEmbeddings.ts';
import { probeEmbedder } from './probeEmbedder.ts';

const EMBEDDINGS_TIMEOUT_MS = 60_000;
/** LangChain sends one text per Azure request by default (an old service limit); today's limit is far higher. */
const AZURE_BATCH_SIZE = 16;

export interface AzureEmbeddingsOptions extends CloudEmbeddingsOptions {
  /** Entra ID credential used when no API key is configured; DefaultAzureCredential when absent. */
  credential?: TokenCredential;
}

/**
 * Azure OpenAI embeddings with an API key (AZURE_OPENAI_API_KEY) or, without one, Microsoft Entra ID.
 * The model recorded in the index is the deployment name: that is what a person configures and compares.
 */
export async function createAzureOpenAIEmbeddings(
  config: AppConfig,
  options: AzureEmbeddingsOptions = {},
): Promise<EmbeddingsProvider> {
  const endpoint = config.AZURE_OPENAI_ENDPOINT;
  const deployment = config.AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT;
  if (!endpoint || !deployment) {
    throw new ConfigError('AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT must be set for EMBEDDINGS=azure-openai');
  }
  const auth = await azureOpenAIAuth(config.AZURE_OPENAI_API_KEY, options.credential);
  const embeddings = new AzureOpenAIEmbeddings({
    ...auth,
    azureOpenAIBasePath: azureDeploymentsBasePath(endpoint),
    azureOpenAIApiEmbeddingsDeploymentName: deployment,
    azureOpenAIApiVersion: config.AZURE_OPENAI_API_VERSION,
    encodingFormat: 'float',
    batchSize: AZURE_BATCH_SIZE,
    timeout: EMBEDDINGS_TIMEOUT_MS,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
  return probeEmbedder(embeddings, 'azure-openai', deployment, endpoint);
}

import type { TokenCredential } from '@azure/identity';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import { azureDeploymentsBasePath, azureOpenAIAuth } from '../azure/entraTokenProvider.ts';
import type { AppConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { PLACEHOLDER_API_KEY } from '../embeddings/openAICompatibleEmbeddings.ts';

/** How the model is asked for structured output; both are OpenAI wire formats. */
export type StructuredOutputMethod = 'jsonSchema' | 'functionCalling';

export interface ChatModelSetup {
  model: ChatOpenAI;
  /** Model or deployment name, for logs. */
  modelName: string;
  structuredOutput: StructuredOutputMethod;
}

export interface ChatModelOptions {
  /** Entra ID credential for Azure without an API key; DefaultAzureCredential when absent. */
  credential?: TokenCredential;
}

/**
 * One retry covers a dropped connection or a brief 5xx; more would let a struggling service eat the
 * whole time budget before the extractive fallback gets its turn.
 */
const MAX_RETRIES = 1;

/** Reasoning models reject a temperature other than the default. */
function acceptsTemperature(model: string): boolean {
  return !/^(o\d|gpt-[5-9](?!-chat))/i.test(model);
}

/**
 * `response_format: json_schema` (structured outputs) is what vLLM, Ollama, LocalAI and current Azure
 * deployments support; only pre-4o OpenAI models need function calling instead.
 */
export function structuredOutputMethodFor(model: string): StructuredOutputMethod {
  return /^(gpt-3|gpt-4-|gpt-4$)/i.test(model) ? 'functionCalling' : 'jsonSchema';
}

export async function createChatModel(config: AppConfig, options: ChatModelOptions = {}): Promise<ChatModelSetup> {
  const common = { maxRetries: MAX_RETRIES, timeout: config.LLM_TIMEOUT_MS };
  if (config.LLM_PROVIDER === 'azure-openai') {
    const endpoint = config.AZURE_OPENAI_ENDPOINT;
    const deployment = config.AZURE_OPENAI_CHAT_DEPLOYMENT;
    if (!endpoint || !deployment) {
      throw new ConfigError('AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_CHAT_DEPLOYMENT must be set for LLM_PROVIDER=azure-openai');
    }
    const auth = await azureOpenAIAuth(config.AZURE_OPENAI_API_KEY, options.credential);
    const model = new AzureChatOpenAI({
      ...common,
      ...auth,
      // The deployment usually carries the model's name; LangChain uses it to pick request features.
      model: deployment,
      azureOpenAIBasePath: azureDeploymentsBasePath(endpoint),
      azureOpenAIApiDeploymentName: deployment,
      azureOpenAIApiVersion: config.AZURE_OPENAI_API_VERSION,
      ...(acceptsTemperature(deployment) ? { temperature: 0 } : {}),
    });
    return { model, modelName: deployment, structuredOutput: structuredOutputMethodFor(deployment) };
  }

  const baseURL = config.OPENAI_BASE_URL;
  const modelName = config.OPENAI_CHAT_MODEL;
  if (!baseURL || !modelName) {
    throw new ConfigError('OPENAI_BASE_URL and OPENAI_CHAT_MODEL must be set for LLM_PROVIDER=openai-compatible');
  }
  const model = new ChatOpenAI({
    ...common,
    model: modelName,
    apiKey: config.OPENAI_API_KEY ?? PLACEHOLDER_API_KEY,
    configuration: { baseURL },
    ...(acceptsTemperature(modelName) ? { temperature: 0 } : {}),
  });
  return { model, modelName, structuredOutput: structuredOutputMethodFor(modelName) };
}

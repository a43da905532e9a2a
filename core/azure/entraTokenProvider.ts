import type { TokenCredential } from '@azure/identity';

/** Returns a fresh bearer token for each request; the Azure SDK caches and refreshes it. */
export type TokenProvider = () => Promise<string>;

/** The Entra ID scope Azure OpenAI (Cognitive Services) accepts. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/**
 * A token provider for Azure OpenAI without an API key. Without an explicit credential it uses
 * DefaultAzureCredential (managed identity in Azure, `az login` on a workstation).
 * @azure/identity is loaded only here, so deployments with API keys never pay for it.
 */
export async function createEntraTokenProvider(credential?: TokenCredential): Promise<TokenProvider> {
  const identity = await import('@azure/identity');
  return identity.getBearerTokenProvider(credential ?? new identity.DefaultAzureCredential(), COGNITIVE_SERVICES_SCOPE);
}

/** `https://x.openai.azure.com/` -> `https://x.openai.azure.com/openai/deployments` (LangChain appends the deployment). */
export function azureDeploymentsBasePath(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/openai/deployments`;
}

/** LangChain's Azure OpenAI auth options: the API key when one is configured, otherwise Entra ID. */
export async function azureOpenAIAuth(
  apiKey: string | undefined,
  credential?: TokenCredential,
): Promise<{ azureOpenAIApiKey: string } | { azureADTokenProvider: TokenProvider }> {
  return apiKey ? { azureOpenAIApiKey: apiKey } : { azureADTokenProvider: await createEntraTokenProvider(credential) };
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { COGNITIVE_SERVICES_SCOPE } from '../../core/azure/entraTokenProvider.ts';
import { createAzureOpenAIEmbeddings } from '../../core/embeddings/azureOpenAIEmbeddings.ts';
import { createEmbeddings } from '../../core/embeddings/createEmbeddings.ts';
import { createOpenAICompatibleEmbeddings } from '../../core/embeddings/openAICompatibleEmbeddings.ts';
import { EmbeddingsUnavailableError } from '../../core/embeddings/probeEmbedder.ts';
import { FAKE_EMBEDDING_DIMENSIONS, fakeEmbedding, startFakeOpenAIServer, type FakeOpenAIServer } from './fakeOpenAIServer.ts';
import { configFor } from './llmFixtures.ts';

let server: FakeOpenAIServer;

beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

const texts = ['Qualifizierungsprogramm Digitale Verwaltung', 'Führungskräfteentwicklung 2025: sechs Module', 'Kontakt: Dr. Anna Beispiel'];

function expectVectorsClose(actual: number[][], expected: number[][]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => {
    expect(vector).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
    vector.forEach((value, j) => expect(value).toBeCloseTo(expected[i]?.[j] ?? NaN, 6));
  });
}

describe('OpenAI-compatible embeddings', () => {
  const env = () => ({ EMBEDDINGS: 'openai-compatible', OPENAI_BASE_URL: server.openAIBaseUrl, OPENAI_EMBEDDINGS_MODEL: 'bge-m3' });

  it('learns the vector size from a probe and embeds documents and queries', async () => {
    const provider = await createOpenAICompatibleEmbeddings(configFor(env()));
    expect(provider.info).toEqual({ provider: 'openai-compatible', model: 'bge-m3', dimensions: FAKE_EMBEDDING_DIMENSIONS });

    expectVectorsClose(await provider.embeddings!.embedDocuments(texts), texts.map((t) => fakeEmbedding(t)));
    expectVectorsClose([await provider.embeddings!.embedQuery(texts[0] ?? '')], [fakeEmbedding(texts[0] ?? '')]);

    const requests = server.embeddingRequests();
    expect(requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/embeddings', '/v1/embeddings']);
    expect(requests[1]?.body).toMatchObject({ model: 'bge-m3', input: texts, encoding_format: 'float' });
    // Servers such as Ollama need no key; the client still sends a placeholder.
    expect(requests[0]?.headers.authorization).toBe('Bearer not-needed');
  });

  it('sends the configured API key', async () => {
    await createOpenAICompatibleEmbeddings(configFor({ ...env(), OPENAI_API_KEY: 'sk-local-test' }));
    expect(server.embeddingRequests()[0]?.headers.authorization).toBe('Bearer sk-local-test');
  });

  it('is chosen by EMBEDDINGS=openai-compatible', async () => {
    const provider = await createEmbeddings(configFor(env()));
    expect(provider.info.provider).toBe('openai-compatible');
  });

  it('reports an unusable endpoint at creation, naming model and address', async () => {
    const config = configFor({ ...env(), OPENAI_BASE_URL: `${server.baseUrl}/no-such-api` });
    const failure = createOpenAICompatibleEmbeddings(config, { maxRetries: 0 });
    await expect(failure).rejects.toBeInstanceOf(EmbeddingsUnavailableError);
    await expect(failure).rejects.toThrow(/bge-m3.*no-such-api/);
  });
});

describe('Azure OpenAI embeddings', () => {
  const env = () => ({
    EMBEDDINGS: 'azure-openai',
    AZURE_OPENAI_ENDPOINT: server.baseUrl,
    AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT: 'text-embedding-3-large-wegweiser',
    AZURE_OPENAI_API_VERSION: '2024-10-21',
  });

  it('calls the deployment URL with api-version and the api-key header', async () => {
    const provider = await createAzureOpenAIEmbeddings(configFor({ ...env(), AZURE_OPENAI_API_KEY: 'azure-key-xyz' }));
    expect(provider.info).toEqual({ provider: 'azure-openai', model: 'text-embedding-3-large-wegweiser', dimensions: FAKE_EMBEDDING_DIMENSIONS });
    expectVectorsClose(await provider.embeddings!.embedDocuments(texts), texts.map((t) => fakeEmbedding(t)));

    const requests = server.embeddingRequests();
    for (const request of requests) {
      expect(request.path).toBe('/openai/deployments/text-embedding-3-large-wegweiser/embeddings');
      expect(request.query.get('api-version')).toBe('2024-10-21');
      expect(request.headers['api-key']).toBe('azure-key-xyz');
      expect(request.headers.authorization).toBeUndefined();
    }
    // Several texts per request rather than LangChain's one-per-request Azure default.
    expect(requests[1]?.body.input).toEqual(texts);
  });

  it('authenticates with a Microsoft Entra ID bearer token when no key is set', async () => {
    const scopesAsked: string[] = [];
    const credential: TokenCredential = {
      async getToken(scopes): Promise<AccessToken> {
        scopesAsked.push(...(Array.isArray(scopes) ? scopes : [scopes]));
        return { token: 'entra-embeddings-token', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const provider = await createAzureOpenAIEmbeddings(configFor(env()), { credential });
    expect(provider.info.dimensions).toBe(FAKE_EMBEDDING_DIMENSIONS);
    const [probe] = server.embeddingRequests();
    expect(probe?.path).toBe('/openai/deployments/text-embedding-3-large-wegweiser/embeddings');
    expect(probe?.headers.authorization).toBe('Bearer entra-embeddings-token');
    expect(probe?.headers['api-key']).toBeUndefined();
    expect(scopesAsked).toEqual([COGNITIVE_SERVICES_SCOPE]);
  });
});

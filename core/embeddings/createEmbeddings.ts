import type { AppConfig } from '../config.ts';
import type { EmbeddingsProvider } from './embeddingsProvider.ts';
import { createLocalEmbeddings } from './localEmbeddings.ts';

/** Picks the embeddings named by EMBEDDINGS; cloud providers are loaded only when configured. */
export async function createEmbeddings(config: AppConfig): Promise<EmbeddingsProvider> {
  switch (config.EMBEDDINGS) {
    case 'local':
      return createLocalEmbeddings();
    case 'azure-openai': {
      const { createAzureOpenAIEmbeddings } = await import('./azureOpenAIEmbeddings.ts');
      return createAzureOpenAIEmbeddings(config);
    }
    case 'openai-compatible': {
      const { createOpenAICompatibleEmbeddings } = await import('./openAICompatibleEmbeddings.ts');
      return createOpenAICompatibleEmbeddings(config);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { ConfigError } from '../../core/errors.ts';

describe('configuration', () => {
  it('has working defaults for a local start', () => {
    const config = loadConfig({}, '/srv/wegweiser');
    expect(config.PORT).toBe(3978);
    expect(config.EMBEDDINGS).toBe('local');
    expect(config.ANSWER_ENGINE).toBe('extractive');
    expect(config.docsDir).toBe('/srv/wegweiser/data/docs');
    expect(config.maxFileSizeBytes).toBe(50 * 1024 * 1024);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', ANSWER_ENGINE: 'gpt', MAX_FILE_SIZE_MB: '-3' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT must be a number/);
    expect(message).toMatch(/ANSWER_ENGINE/);
    expect(message).toMatch(/MAX_FILE_SIZE_MB must be positive/);
  });

  it('checks settings that depend on each other', () => {
    expect(() => loadConfig({ ANSWER_ENGINE: 'llm', LLM_PROVIDER: 'openai-compatible' })).toThrow(/OPENAI_BASE_URL must be set/);
    expect(() => loadConfig({ EMBEDDINGS: 'azure-openai', AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' })).toThrow(
      /AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT/,
    );
    expect(() => loadConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000000' })).toThrow(/MicrosoftAppPassword/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL must be a URL/);
    expect(() => loadConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN must be at least 16/);
  });
});

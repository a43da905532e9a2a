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

  it('takes an answer threshold offset between -3 and 3', () => {
    expect(loadConfig({}).ANSWER_THRESHOLD_OFFSET).toBe(0);
    expect(loadConfig({ ANSWER_THRESHOLD_OFFSET: '0.5' }).ANSWER_THRESHOLD_OFFSET).toBe(0.5);
    expect(() => loadConfig({ ANSWER_THRESHOLD_OFFSET: 'hoch' })).toThrow(/ANSWER_THRESHOLD_OFFSET must be a number/);
    expect(() => loadConfig({ ANSWER_THRESHOLD_OFFSET: '5' })).toThrow(/ANSWER_THRESHOLD_OFFSET must be between -3 and 3/);
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

  it('keeps the state in memory by default and checks the shared store settings', () => {
    const config = loadConfig({});
    expect(config.STATE_STORE).toBe('memory');
    expect(config.INDEX_POLL_INTERVAL_MS).toBe(1000);
    expect(() => loadConfig({ STATE_STORE: 'postgres' })).toThrow(/STATE_STORE/);
    expect(() => loadConfig({ STATE_STORE: 'redis' })).toThrow(/REDIS_URL must be set when STATE_STORE=redis/);
    expect(() => loadConfig({ STATE_STORE: 'redis', REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL must be a Redis URL/);
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'mit leerzeichen' })).toThrow(/REDIS_KEY_PREFIX/);
    expect(() => loadConfig({ INDEX_POLL_INTERVAL_MS: '10' })).toThrow(/INDEX_POLL_INTERVAL_MS must be at least 100/);
    expect(loadConfig({ STATE_STORE: 'redis', REDIS_URL: 'rediss://:secret@cache.example:6380/0' }).REDIS_URL).toBe('rediss://:secret@cache.example:6380/0');
  });
});

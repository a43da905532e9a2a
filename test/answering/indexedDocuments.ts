import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { Assistant } from '../../core/answering/assistant.ts';
import { ExtractiveEngine } from '../../core/answering/extractiveEngine.ts';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { createLogger } from '../../core/logger.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';

/** Documents written by a test, ingested by the real pipeline, and an assistant answering over them. */
export interface IndexedDocuments {
  indexDir: string;
  assistant: Assistant;
  close(): Promise<void>;
}

export async function indexDocuments(name: string, files: Record<string, string | Uint8Array>): Promise<IndexedDocuments> {
  const docsDir = await mkdtemp(path.join(os.tmpdir(), `wegweiser-${name}-docs-`));
  const indexDir = await mkdtemp(path.join(os.tmpdir(), `wegweiser-${name}-index-`));
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(docsDir, file), content);
  const embeddings = createLocalEmbeddings();
  const logger = createLogger({ level: 'silent' });
  const report = await runIngestion({ docsDir, indexDir, embeddings, maxFileSizeBytes: 10_000_000, logger });
  expect(report.failed).toEqual([]);
  const assistant = await Assistant.start({ indexDir, embeddings, engine: new ExtractiveEngine(), topK: 8, logger });
  return {
    indexDir,
    assistant,
    async close() {
      await assistant.close();
      await rm(docsDir, { recursive: true, force: true });
      await rm(indexDir, { recursive: true, force: true });
    },
  };
}

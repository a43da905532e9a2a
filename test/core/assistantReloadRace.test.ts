import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateCorpus } from '../../bench/generateCorpus.ts';
import { buildSyntheticIndex } from '../../bench/syntheticIndex.ts';
import { Assistant } from '../../core/answering/assistant.ts';
import { ExtractiveEngine } from '../../core/answering/extractiveEngine.ts';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { createLogger } from '../../core/logger.ts';

/**
 * A reload already under way (the CURRENT watcher's poll) can have read CURRENT just before an
 * ingestion wrote it. The admin API's reload that comes in during that load must still end with the
 * new version in use, or the job says "succeeded" while the bot answers from the old index.
 */

const gate = vi.hoisted(() => ({ hold: undefined as Promise<void> | undefined, reads: 0 }));
vi.mock('../../core/index/indexReader.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../core/index/indexReader.ts')>();
  return {
    ...original,
    readCurrentVersion: async (indexDir: string) => {
      const version = await original.readCurrentVersion(indexDir);
      gate.reads += 1;
      // The value is read; the caller only sees it once the gate opens (the file changes meanwhile).
      if (gate.hold) await gate.hold;
      return version;
    },
  };
});

let indexDir: string | undefined;
afterEach(async () => {
  if (indexDir) await rm(indexDir, { recursive: true, force: true });
  indexDir = undefined;
});

describe('index reload triggered during a load already under way', () => {
  it('checks CURRENT again after that load, so the version just written is the one in use', async () => {
    indexDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-reload-race-'));
    const embeddings = createLocalEmbeddings();
    await buildSyntheticIndex(indexDir, generateCorpus({ documents: 10, seed: 1 }), embeddings);
    const assistant = await Assistant.start({ indexDir, embeddings, engine: new ExtractiveEngine(), topK: 5, logger: createLogger({ level: 'silent' }) });
    try {
      const oldVersion = assistant.currentManifest()!.id;
      let open: () => void = () => undefined;
      gate.hold = new Promise((resolve) => (open = resolve));
      const readsBefore = gate.reads;
      const watcherPoll = assistant.reload();
      await vi.waitFor(() => expect(gate.reads).toBe(readsBefore + 1));

      // The ingestion writes a new version while that poll still holds the old CURRENT.
      await buildSyntheticIndex(indexDir, generateCorpus({ documents: 12, seed: 2 }), embeddings);
      const adminReload = assistant.reload();
      gate.hold = undefined;
      open();

      expect(await watcherPoll).toBe(false);
      expect(await adminReload).toBe(true);
      expect(assistant.currentManifest()!.id).not.toBe(oldVersion);
    } finally {
      await assistant.close();
    }
  });
});

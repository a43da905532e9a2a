import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateCorpus } from '../../bench/generateCorpus.ts';
import { buildSyntheticIndex } from '../../bench/syntheticIndex.ts';
import type { AnswerContext, AnswerEngine } from '../../core/answering/answerEngine.ts';
import { Assistant } from '../../core/answering/assistant.ts';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { ChunkStore } from '../../core/index/chunkStore.ts';
import { createLogger } from '../../core/logger.ts';
import type { AnswerResult } from '../../core/types.ts';

/**
 * The version switch (issue 10, item 7): a question in flight finishes on the version it started on,
 * and that version's store is closed as soon as its last question is answered — not later, not before.
 */

/** Answers after `release()` is called, reading the corpus it was given (which fails once its store is closed). */
class GatedEngine implements AnswerEngine {
  readonly name = 'gated';
  private gate: Promise<void> = Promise.resolve();
  release: () => void = () => undefined;
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  async answer(context: AnswerContext): Promise<AnswerResult> {
    await this.gate;
    const source = context.retrieved[0]!.chunk.source;
    const chunks = context.corpus.chunksOf(source);
    return { answered: true, answer: `${chunks.length} chunks in ${source}`, citations: [], language: 'de', kind: context.question.kind, engine: this.name };
  }
}

let indexDir: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  if (indexDir) await rm(indexDir, { recursive: true, force: true });
  indexDir = undefined;
});

describe('index version switch', () => {
  it('finishes a question in flight on the old version and closes that version right after it', async () => {
    indexDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-switch-'));
    const embeddings = createLocalEmbeddings();
    await buildSyntheticIndex(indexDir, generateCorpus({ documents: 20, seed: 1 }), embeddings);
    const engine = new GatedEngine();
    const assistant = await Assistant.start({ indexDir, embeddings, engine, topK: 5, logger: createLogger({ level: 'silent' }) });
    const closes = vi.spyOn(ChunkStore.prototype, 'close');
    try {
      const oldVersion = assistant.currentManifest()!.id;
      engine.hold();
      const inFlight = assistant.ask({ question: 'Wann beginnt die Lernreise?' });
      await new Promise((resolve) => setTimeout(resolve, 50));

      await buildSyntheticIndex(indexDir, generateCorpus({ documents: 30, seed: 2 }), embeddings);
      expect(await assistant.reload()).toBe(true);
      const newVersion = assistant.currentManifest()!.id;
      expect(newVersion).not.toBe(oldVersion);
      // Still in use by the question in flight.
      expect(closes).not.toHaveBeenCalled();

      engine.release();
      expect((await inFlight).answer).toMatch(/^4 chunks in /);
      expect(closes).toHaveBeenCalledTimes(1);

      // New questions are answered from the new version, whose store stays open.
      const next = await assistant.ask({ question: 'Wann beginnt die Lernreise?' });
      expect(next.answered).toBe(true);
      expect(closes).toHaveBeenCalledTimes(1);
    } finally {
      await assistant.close();
    }
    expect(closes).toHaveBeenCalledTimes(2);
  });
});

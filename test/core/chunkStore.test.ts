import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalEmbeddings } from '../../core/embeddings/localEmbeddings.ts';
import { ChunkStore } from '../../core/index/chunkStore.ts';
import { MANIFEST_FILE, versionDir } from '../../core/index/indexFormat.ts';
import { openIndex, readCurrentVersion } from '../../core/index/indexReader.ts';
import { KeywordIndex } from '../../core/retrieval/keywordIndex.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { makeWorkspace, type Workspace } from '../ingest/ingestTestSupport.ts';
import { courseChunk, leadershipChunk, makeChunk } from '../llm/llmFixtures.ts';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

describe('chunk store', () => {
  it('passes fields it does not know through unchanged, and finds chunks by words, n-grams, dates and offers', () => {
    const structured = {
      ...makeChunk({ id: 'evidence-1', source: 'kalender.pdf', title: 'Veranstaltungen', page: 2, text: 'Die Lernwerkstatt Datenkompetenz beginnt am 3. Juni 2026 in Kiel.' }),
      // A field the lead's answer engine adds (evidence units with kind and heading path): stored as is.
      evidence: [{ kind: 'sentence', headingPath: ['Veranstaltungen'], text: 'Die Lernwerkstatt …' }],
    };
    structured.facts.dates.push({ text: '3. Juni 2026', start: '2026-06-03', end: '2026-06-03', precision: 'day', context: structured.text });
    const withOffer = { ...leadershipChunk, facts: { ...leadershipChunk.facts, offers: [{ name: 'Führungskolleg', context: 'Führungskolleg für Führungskräfte' }] } };
    const store = ChunkStore.fromChunks([courseChunk, withOffer, structured]);
    try {
      expect(store.count).toBe(3);
      expect(store.get(structured.label)).toEqual(structured);
      const keyword = new KeywordIndex(store);
      // Word search with compound parts: "Werkstatt" is a part of "Lernwerkstatt" the corpus knows.
      expect(keyword.query('Wann beginnt die Datenkompetenz-Werkstatt?', { limit: 3 })[0]?.label).toBe(structured.label);
      // The n-gram side meets a misspelled name that no word matches.
      expect(keyword.gramQuery('Lernwerkstat Datenkompetnz', { limit: 3 })[0]?.label).toBe(structured.label);
      expect(store.chunksDatedWithin({ start: '2026-06-01', end: '2026-06-30' }, 10).map((c) => c.label)).toEqual([structured.label]);
      expect(store.chunksWithOffers().map((c) => c.label)).toEqual([withOffer.label]);
      expect(store.getMany([structured.label, courseChunk.label]).map((c) => c.id)).toEqual([structured.id, courseChunk.id]);
    } finally {
      store.close();
    }
    expect(() => store.get(courseChunk.label)).toThrow(/closed/);
  });

  it('reports an index of an older format and rebuilds it on the next ingestion', async () => {
    workspace = await makeWorkspace();
    const options = { docsDir: workspace.docsDir, indexDir: workspace.indexDir, embeddings: createLocalEmbeddings(), maxFileSizeBytes: 50 * 1024 * 1024 };
    const first = await runIngestion(options);
    const manifestPath = path.join(versionDir(workspace.indexDir, first.versionId!), MANIFEST_FILE);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 1 }));
    await expect(openIndex(workspace.indexDir)).rejects.toMatchObject({ code: 'index_format_outdated' });

    const rebuilt = await runIngestion(options);
    expect(rebuilt.notes.join(' ')).toMatch(/index format changed/);
    expect(rebuilt.chunksEmbedded).toBe(rebuilt.chunkCount);
    expect(await readCurrentVersion(workspace.indexDir)).toBe(rebuilt.versionId);
    const index = (await openIndex(workspace.indexDir))!;
    expect(index.store.count).toBe(first.chunkCount);
    index.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ChunkStore } from '../../core/index/chunkStore.ts';
import { INDEX_FORMAT_VERSION, type IndexManifest } from '../../core/index/indexFormat.ts';
import type { LoadedIndex } from '../../core/index/indexReader.ts';
import { HybridRetriever } from '../../core/retrieval/hybridRetriever.ts';
import type { Chunk } from '../../core/types.ts';
import { makeChunk } from '../llm/llmFixtures.ts';

/**
 * A programme description in three sections, as the synthetic benchmark corpus has them: the name is in
 * the title only, the date section says "beginnt" (a word every programme uses), the contact is short.
 */
function programme(name: string, source: string, start: string): Chunk[] {
  return [
    makeChunk({ id: `${source}-1`, source, title: name, page: 1, heading: 'Überblick', text: 'Ein Angebot für Beschäftigte der Landesverwaltung zu agilem Arbeiten und Datenkompetenz.' }),
    makeChunk({ id: `${source}-2`, source, title: name, page: 2, heading: 'Termine und Ort', text: `Sie beginnt am ${start} in Kiel.` }),
    makeChunk({ id: `${source}-3`, source, title: name, page: 3, heading: 'Kontakt', text: 'Jan Ott, Tel 98 12 34.' }),
  ];
}

/** 65 programmes, so that the grams of "beginnt" are common enough for the n-gram query to leave out. */
function corpus(): Chunk[] {
  const chunks = programme('Lernreise Uldinau', 'uldinau.pdf', '3. Juni 2026');
  for (const head of ['Bren', 'Sol', 'Mar', 'Fal', 'Ost', 'Rhe', 'Hav', 'Eld']) {
    for (const tail of ['mark', 'feld', 'wald', 'horn', 'burg', 'dorf', 'see', 'berg']) {
      chunks.push(...programme(`Werkstatt ${head}${tail}`, `${head}${tail}.pdf`.toLowerCase(), `${1 + (chunks.length % 28)}. Mai 2026`));
    }
  }
  return chunks;
}

function retrieverOver(chunks: Chunk[]): HybridRetriever {
  const store = ChunkStore.fromChunks(chunks);
  opened.push(store);
  const manifest: IndexManifest = { formatVersion: INDEX_FORMAT_VERSION, id: 't', createdAt: '', docsDir: '', embedder: { provider: 'local', model: 'none', dimensions: 0 }, chunkCount: chunks.length, nextLabel: 0, files: [], failed: [] };
  const index: LoadedIndex = { dir: '', versionId: 't', manifest, store, close: () => store.close() };
  return new HybridRetriever(index);
}

const opened: ChunkStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

describe('hybrid retrieval', () => {
  const chunks = corpus();
  const order = (results: ReadonlyArray<{ chunk: Chunk }>) => results.filter((r) => r.chunk.source === 'uldinau.pdf').map((r) => r.chunk.id);

  it('keeps first the section the words find, where the n-grams prefer another one of the same document', async () => {
    const retriever = retrieverOver(chunks);
    const question = 'Wann beginnt die Lernreise Uldinau?';
    const words = order(await retriever.retrieve(question, { topK: 4, mode: 'keyword' }));
    const grams = order(await retriever.retrieve(question, { topK: 4, mode: 'ngram' }));
    // The situation the fusion has to handle: words put the date section first, n-grams (which leave
    // out the common grams of "beginnt") the short contact section.
    expect(words).toEqual(['uldinau.pdf-2', 'uldinau.pdf-1', 'uldinau.pdf-3']);
    expect(grams[0]).toBe('uldinau.pdf-3');

    const hybrid = await retriever.retrieve(question, { topK: 4 });
    expect(order(hybrid)[0]).toBe(words[0]);
    expect(order(hybrid).sort()).toEqual([...words].sort());
    expect(hybrid.slice(0, 3).every((r) => r.chunk.source === 'uldinau.pdf')).toBe(true);
    expect(hybrid[0]).toMatchObject({ keywordRank: 1 });
  });

  it('still finds a document through n-grams alone when no word of the question matches it', async () => {
    const retriever = retrieverOver(chunks);
    // "Lernreise Uldinau" misspelled: no analysed word of the question is in the index.
    const question = 'Lernrese Uldinao';
    expect(await retriever.retrieve(question, { topK: 3, mode: 'keyword' })).toEqual([]);
    const hybrid = await retriever.retrieve(question, { topK: 3 });
    expect(hybrid[0]?.chunk.source).toBe('uldinau.pdf');
    expect(hybrid[0]?.keywordRank).toBeUndefined();
  });

  it('ranks the documents the n-grams vote for with every gram of the question, the common ones too', async () => {
    // Two programmes share a coined name; the question also names the kind ("Netzwerkreihe"), whose
    // grams stand in more than 5 % of the chunks, so the search with the rare grams leaves them out.
    // The workshop's sections are a little shorter: by the rare grams alone it comes first.
    const soltowald = (kind: string, source: string, filler: string) => [
      makeChunk({ id: `${source}-1`, source, title: `${kind} Soltowald`, page: 1, heading: 'Überblick', text: `Ein Angebot für Beschäftigte.${filler}` }),
      makeChunk({ id: `${source}-2`, source, title: `${kind} Soltowald`, page: 2, heading: 'Kosten', text: `Die Teilnahme kostet 120 Euro.${filler}` }),
    ];
    const chunks = [...soltowald('Netzwerkreihe', 'netzwerk.pdf', ' Mehr folgt.'), ...soltowald('Workshopreihe', 'workshop.pdf', '')];
    for (let i = 0; i < 200; i++) {
      const kind = i % 2 === 0 ? 'Netzwerkreihe' : 'Workshopreihe';
      chunks.push(makeChunk({ id: `other-${i}`, source: `other-${i}.pdf`, title: `${kind} ${'Ort'.repeat(1 + (i % 3))}${i}`, page: 1, text: 'Ein Angebot.' }));
    }
    for (let i = 0; i < 1000; i++) chunks.push(makeChunk({ id: `filler-${i}`, source: `filler-${i}.pdf`, title: `Seminar ${i}`, page: 1, text: 'Ein Angebot.' }));
    const retriever = retrieverOver(chunks);
    const rareOnly = retriever.keyword.gramQuery('Soltowald', { limit: 4 });
    expect(rareOnly.map((hit) => hit.source)).toEqual(['workshop.pdf', 'workshop.pdf', 'netzwerk.pdf', 'netzwerk.pdf']);
    const grams = await retriever.retrieve('Netzwerkreihe Soltowald', { topK: 4, mode: 'ngram' });
    expect(grams.slice(0, 2).map((r) => r.chunk.source)).toEqual(['netzwerk.pdf', 'netzwerk.pdf']);
    const hybrid = await retriever.retrieve('Netzwerkreihe Soltowald', { topK: 4 });
    expect(hybrid[0]?.chunk.source).toBe('netzwerk.pdf');
  });

  it('returns every chunk of a batch larger than the store’s cache of parsed chunks', () => {
    const many = Array.from({ length: 2_500 }, (_, i) => makeChunk({ id: `many-${i}`, source: `doc-${i % 50}.pdf`, title: 'T', page: 1 + (i % 9), text: `Abschnitt ${i}` }));
    const store = ChunkStore.fromChunks(many);
    opened.push(store);
    const labels = many.map((c) => c.label);
    expect(store.getMany(labels).map((c) => c.label)).toEqual(labels);
  });
});

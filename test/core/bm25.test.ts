import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../bench/generateCorpus.ts';
import { ChunkStore } from '../../core/index/chunkStore.ts';
import { POSTING_FIELDS, postingTable, type PostingField } from '../../core/index/postingLists.ts';
import { termRowOf, WORD_COLUMN_WEIGHTS } from '../../core/index/storeFormat.ts';
import { Bm25Field, bm25Idf } from '../../core/retrieval/bm25.ts';
import { KeywordIndex, type TermHit } from '../../core/retrieval/keywordIndex.ts';
import type { Chunk } from '../../core/types.ts';
import { writeStore } from '../../ingest/storeWriter.ts';

/**
 * The own BM25 scorer (core/retrieval/bm25.ts, MaxScore over the store's posting lists) against
 * scoring every chunk, against SQLite's FTS5 bm25() that it replaced, and after incremental writes.
 */

const SYLLABLES = ['ka', 'lor', 'min', 'tes', 'ul', 'bra', 'fen', 'dor', 'ix', 'val', 'mu', 'sen', 'pra', 'tol', 'gir', 'hen'];

/** A seeded corpus of made-up words (under 9 letters: no compound splitting), Zipf-like: some words are in most chunks. */
function generatedChunks(count: number, seed: number, firstLabel = 0): Chunk[] {
  const random = createRandom(seed);
  const vocabulary = Array.from({ length: 400 }, () => {
    let word = '';
    while (word.length < 4) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
    return word.slice(0, 8);
  });
  const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)]!;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const label = firstLabel + i;
    return {
      id: `gen-${seed}-${label}`,
      label,
      source: `doc-${Math.floor(label / 4)}.md`,
      title: words(2 + Math.floor(random() * 3)),
      format: 'markdown',
      locator: { kind: 'section', label: 'Abschnitt' },
      ...(random() < 0.7 ? { heading: words(1 + Math.floor(random() * 3)) } : {}),
      text: words(5 + Math.floor(random() * 60)),
      fileHash: 'h',
      fileMtime: '2026-01-01T00:00:00.000Z',
      facts: { contacts: [], dates: [], places: [], amounts: [], offers: [] },
    } satisfies Chunk;
  });
}

/** Questions of 1 to 7 corpus words, plus now and then a word no chunk has. */
function questionsFor(chunks: readonly Chunk[], count: number, seed: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const source = chunks[Math.floor(random() * chunks.length)]!;
    const words = `${source.title} ${source.text}`.split(' ');
    const picked = Array.from({ length: 1 + Math.floor(random() * 7) }, () => words[Math.floor(random() * words.length)]!);
    if (random() < 0.2) picked.push('zzquorx');
    return picked.join(' ');
  });
}

/** BM25 as FTS5 defines it, computed for every chunk from its analysed terms: the reference. */
function exhaustive(chunks: readonly Chunk[], field: PostingField, queryTerms: readonly string[], limit: number, sources?: readonly string[]): TermHit[] {
  const rows = analysedRows(chunks, field);
  const count = rows.length;
  const average = rows.reduce((sum, row) => sum + row.length, 0) / count;
  const terms = [...new Set(queryTerms)];
  const df = new Map(terms.map((term) => [term, rows.filter((row) => row.weights.has(term)).length]));
  const scored: TermHit[] = [];
  for (const { chunk, weights, length } of rows) {
    if (sources && !sources.includes(chunk.source)) continue;
    let score = 0;
    let matched = false;
    for (const term of terms) {
      const tf = weights.get(term) ?? 0;
      if (tf === 0) continue;
      matched = true;
      score += (bm25Idf(count, df.get(term)!) * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * length) / average));
    }
    if (matched) scored.push({ label: chunk.label, source: chunk.source, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, limit);
}

const rowCache = new WeakMap<readonly Chunk[], Map<PostingField, Array<{ chunk: Chunk; weights: Map<string, number>; length: number }>>>();

/** Per chunk: each term's field-weighted frequency, and the number of terms. */
function analysedRows(chunks: readonly Chunk[], field: PostingField) {
  let byField = rowCache.get(chunks);
  if (!byField) rowCache.set(chunks, (byField = new Map()));
  let rows = byField.get(field);
  if (!rows) {
    rows = chunks.map((chunk) => {
      const fields = termRowOf(chunk, () => false)[field];
      const weights = new Map<string, number>();
      fields.forEach((terms, i) => {
        for (const term of terms) weights.set(term, (weights.get(term) ?? 0) + WORD_COLUMN_WEIGHTS[i]!);
      });
      return { chunk, weights, length: fields.reduce((n, f) => n + f.length, 0) };
    });
    byField.set(field, rows);
  }
  return rows;
}

/**
 * The same top k: the scores position by position, and each returned chunk has the reference score of
 * its position (chunks with equal scores may swap: sums in another order round differently).
 */
function expectSameTop(actual: readonly TermHit[], expected: readonly TermHit[], all: ReadonlyMap<number, number>): void {
  expect(actual.map((hit) => hit.label).length).toBe(expected.length);
  actual.forEach((hit, i) => {
    expect(hit.score).toBeCloseTo(expected[i]!.score, 9);
    expect(all.get(hit.label)).toBeCloseTo(expected[i]!.score, 9);
  });
}

function scoresOf(hits: readonly TermHit[]): Map<number, number> {
  return new Map(hits.map((hit) => [hit.label, hit.score]));
}

/** The words of the generated corpus are too short to be split as compounds: the terms are the plain analysis. */
function analysed(field: PostingField, question: string): string[] {
  return [...termRowOf({ title: '', heading: '', text: question }, () => false)[field][2]];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-bm25-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('BM25 over posting lists', () => {
  const chunks = generatedChunks(600, 7);
  const questions = questionsFor(chunks, 120, 11);

  it('returns the same top k as scoring every chunk, for words and n-grams, at several k', () => {
    const store = ChunkStore.fromChunks(chunks);
    try {
      const keyword = new KeywordIndex(store);
      const { count, total, length } = store.documents;
      const gramScorer = new Bm25Field({ count, totalLength: total.grams, length: length.grams });
      let pruned = 0;
      for (const question of questions) {
        for (const limit of [1, 5, 20, 1000]) {
          const words = keyword.query(question, { limit });
          const wordTerms = analysed('words', question);
          expectSameTop(words, exhaustive(chunks, 'words', wordTerms, limit), scoresOf(exhaustive(chunks, 'words', wordTerms, chunks.length)));
          // n-grams through the scorer directly: gramQuery also leaves out common grams (tested in chunkStore.test.ts).
          const gramTerms = analysed('grams', question);
          const lists = [...new Set(gramTerms)].map((gram) => store.postings('grams', gram)).filter((list) => list !== undefined);
          const grams = gramScorer.top(lists, limit);
          expectSameTop(
            grams.map((hit) => ({ ...hit, source: '' })),
            exhaustive(chunks, 'grams', gramTerms, limit),
            scoresOf(exhaustive(chunks, 'grams', gramTerms, chunks.length)),
          );
          if (limit === 5 && words.length === 5) pruned++;
        }
      }
      expect(pruned).toBeGreaterThan(60);
    } finally {
      store.close();
    }
  });

  it('scores the n-gram candidates with every gram of the question but those in half the chunks or more', () => {
    const store = ChunkStore.fromChunks(chunks);
    try {
      const keyword = new KeywordIndex(store);
      let checked = 0;
      for (const question of questions) {
        const scoring = analysed('grams', question).filter((gram) => store.frequency('grams', gram) < chunks.length / 2);
        const all = scoresOf(exhaustive(chunks, 'grams', scoring, chunks.length));
        const candidates = keyword.query(question, { limit: 5 }).map((hit) => hit.label);
        const hits = keyword.gramQuery(question, { limit: 10, candidates });
        for (const hit of hits) expect(hit.score).toBeCloseTo(all.get(hit.label)!, 9);
        // Best first, and the word hits passed in are ranked too (when any gram of the question is in them).
        expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
        if (hits.length < 10) for (const label of candidates) if ((all.get(label) ?? 0) > 0) expect(hits.some((hit) => hit.label === label)).toBe(true);
        checked += hits.length;
      }
      expect(checked).toBeGreaterThan(500);
    } finally {
      store.close();
    }
  });

  it('gives the scores of SQLite FTS5 bm25() with the same field weights (the ranking the index had before)', () => {
    const store = ChunkStore.fromChunks(chunks);
    const fts = new DatabaseSync(':memory:');
    try {
      fts.exec(`CREATE VIRTUAL TABLE words USING fts5 (title, heading, body, tokenize="unicode61 remove_diacritics 0 tokenchars '-_'")`);
      const insert = fts.prepare('INSERT INTO words (rowid, title, heading, body) VALUES (?, ?, ?, ?)');
      for (const chunk of chunks) insert.run(chunk.label, ...termRowOf(chunk, () => false).words.map((terms) => terms.join(' ')));
      const match = fts.prepare(`SELECT rowid AS label, -bm25(words, ${WORD_COLUMN_WEIGHTS.join(', ')}) AS score FROM words WHERE words MATCH ? ORDER BY bm25(words, ${WORD_COLUMN_WEIGHTS.join(', ')}) LIMIT 20`);
      const keyword = new KeywordIndex(store);
      let compared = 0;
      for (const question of questions) {
        const terms = [...new Set(analysed('words', question))];
        if (terms.length === 0) continue;
        const expected = (match.all(terms.map((t) => `"${t}"`).join(' OR ')) as Array<{ label: number; score: number }>).map((row) => ({ label: Number(row.label), source: '', score: row.score }));
        expectSameTop(keyword.query(question, { limit: 20 }), expected, scoresOf(exhaustive(chunks, 'words', terms, chunks.length)));
        compared++;
      }
      expect(compared).toBeGreaterThan(100);
    } finally {
      fts.close();
      store.close();
    }
  });

  it('keeps to the given sources, and returns nothing for terms no chunk has or an empty index', () => {
    const store = ChunkStore.fromChunks(chunks);
    const empty = ChunkStore.fromChunks([]);
    try {
      const keyword = new KeywordIndex(store);
      const sources = ['doc-3.md', 'doc-40.md', 'doc-41.md', 'doc-149.md', 'missing.md'];
      for (const question of questions.slice(0, 40)) {
        const hits = keyword.query(question, { limit: 5, sources });
        expect(hits.every((hit) => sources.includes(hit.source))).toBe(true);
        const terms = analysed('words', question);
        expectSameTop(hits, exhaustive(chunks, 'words', terms, 5, sources), scoresOf(exhaustive(chunks, 'words', terms, chunks.length, sources)));
        expect(keyword.query(question, { limit: 5, sources: ['missing.md'] })).toEqual([]);
      }
      expect(keyword.query('zzquorx', { limit: 5 })).toEqual([]);
      expect(keyword.gramQuery('zzquorx', { limit: 5 })).toEqual([]);
      expect(store.frequency('words', 'zzquorx')).toBe(0);

      const none = new KeywordIndex(empty);
      expect(empty.count).toBe(0);
      expect(none.query(questions[0]!, { limit: 5 })).toEqual([]);
      expect(none.gramQuery(questions[0]!, { limit: 5 })).toEqual([]);
    } finally {
      store.close();
      empty.close();
    }
  });

  it('gives an incrementally written version the lists and rankings of one written from scratch', async () => {
    const first = chunks.slice(0, 400);
    const base = path.join(dir, 'base.sqlite');
    await writeStore(base, { removedLabels: [], added: first });
    // Documents leave (among them the one holding the rarest terms), others come in with new labels.
    const removed = first.filter((chunk) => ['doc-0.md', 'doc-7.md', 'doc-50.md', 'doc-99.md'].includes(chunk.source) || chunk.label % 13 === 0);
    const added = generatedChunks(150, 8, 400).concat(chunks.slice(400));
    const patched = path.join(dir, 'patched.sqlite');
    await writeStore(patched, { base, removedLabels: removed.map((c) => c.label), added: added.slice(0, 150) });
    const twice = path.join(dir, 'twice.sqlite');
    await writeStore(twice, { base: patched, removedLabels: [], added: chunks.slice(400).map((c, i) => ({ ...c, label: 550 + i })) });
    const final = [...first.filter((c) => !removed.includes(c)), ...added.slice(0, 150), ...chunks.slice(400).map((c, i) => ({ ...c, label: 550 + i }))];
    const fresh = path.join(dir, 'fresh.sqlite');
    await writeStore(fresh, { removedLabels: [], added: final });

    const rows = (file: string, field: PostingField) => {
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        return db.prepare(`SELECT term, df, hex(postings) AS postings, front FROM ${postingTable(field)} ORDER BY term`).all() as Array<{ term: string; df: number; postings: string; front: Uint8Array }>;
      } finally {
        db.close();
      }
    };
    for (const field of POSTING_FIELDS) {
      const incremental = rows(twice, field);
      const scratch = rows(fresh, field);
      // Same terms and lists; the pruning bounds of the patched lists may be looser, never tighter:
      // every point of the front written from scratch is matched or beaten by one of the patched front.
      expect(incremental.map(({ term, df, postings }) => ({ term, df, postings }))).toEqual(scratch.map(({ term, df, postings }) => ({ term, df, postings })));
      const points = (front: Uint8Array) => {
        const flat = new Uint32Array(front.slice().buffer);
        return Array.from({ length: flat.length / 2 }, (_, i) => ({ weight: flat[2 * i]!, length: flat[2 * i + 1]! }));
      };
      incremental.forEach((row, i) => {
        const patched = points(row.front);
        for (const point of points(scratch[i]!.front)) expect(patched.some((p) => p.weight >= point.weight && p.length <= point.length)).toBe(true);
      });
    }
    const a = ChunkStore.open(twice);
    const b = ChunkStore.open(fresh);
    try {
      expect(a.count).toBe(final.length);
      expect(a.documents.sources).toEqual(b.documents.sources);
      const ka = new KeywordIndex(a);
      const kb = new KeywordIndex(b);
      // Scores to the last bits may differ: looser bounds order the lists, and so the sums, differently.
      const same = (x: TermHit[], y: TermHit[]) => {
        expect(x.map((hit) => [hit.label, hit.source])).toEqual(y.map((hit) => [hit.label, hit.source]));
        x.forEach((hit, i) => expect(hit.score).toBeCloseTo(y[i]!.score, 9));
      };
      for (const question of questions.slice(0, 60)) {
        same(ka.query(question, { limit: 10 }), kb.query(question, { limit: 10 }));
        same(ka.gramQuery(question, { limit: 10 }), kb.gramQuery(question, { limit: 10 }));
      }
      // Nothing of the removed chunks is found any more.
      const gone = new Set(removed.map((c) => c.label));
      for (const question of questionsFor(removed, 30, 5)) expect(ka.query(question, { limit: 50 }).some((hit) => gone.has(hit.label))).toBe(false);
    } finally {
      a.close();
      b.close();
    }

    // Removing every chunk leaves an empty, readable store.
    const emptied = path.join(dir, 'emptied.sqlite');
    await writeStore(emptied, { base: twice, removedLabels: final.map((c) => c.label), added: [] });
    const empty = ChunkStore.open(emptied);
    try {
      expect(empty.count).toBe(0);
      expect(new KeywordIndex(empty).query(questions[0]!, { limit: 5 })).toEqual([]);
      for (const field of POSTING_FIELDS) expect(rows(emptied, field)).toEqual([]);
    } finally {
      empty.close();
    }
  });
});

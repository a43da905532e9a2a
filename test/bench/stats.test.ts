import { describe, expect, it } from 'vitest';
import { createRandom, generateCorpus, renderHtml, renderMarkdown, renderText, SECTIONS_PER_DOCUMENT, toLoadedDocument } from '../../bench/generateCorpus.ts';
import { percentile, summarize } from '../../bench/stats.ts';
import { normalizeForMatch } from '../../core/evaluation/evalSet.ts';
import { chunkDocument } from '../../ingest/chunker.ts';

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55, 10);
  });

  it('does not depend on input order and returns the extremes at 0 and 100', () => {
    const values = [7, 1, 9, 3, 5];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(9);
    expect(percentile(values, 50)).toBe(5);
    expect(values).toEqual([7, 1, 9, 3, 5]);
  });

  it('returns the single value of a one-element list for every percentile', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });

  it('rejects an empty list and percentiles outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('summarises latencies with mean, p50, p95, p99 and max', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ count: 100, mean: 50.5, p50: 50.5, p95: 95.05, p99: 99.01, max: 100 });
  });
});

describe('synthetic corpus', () => {
  it('is the same for the same seed and differs for another seed', () => {
    const a = generateCorpus({ documents: 50, seed: 7 });
    const b = generateCorpus({ documents: 50, seed: 7 });
    const c = generateCorpus({ documents: 50, seed: 8 });
    expect(b).toEqual(a);
    expect(c.map((d) => d.title)).not.toEqual(a.map((d) => d.title));
    expect(createRandom(1)()).toBe(createRandom(1)());
  });

  it('gives every document a unique programme name and file name', () => {
    const documents = generateCorpus({ documents: 3000, seed: 3 });
    expect(new Set(documents.map((d) => d.programme)).size).toBe(documents.length);
    expect(new Set(documents.map((d) => d.source)).size).toBe(documents.length);
  });

  it('states every planted fact in the section it names, and in every rendering', () => {
    for (const document of generateCorpus({ documents: 40, seed: 11 })) {
      expect(document.sections).toHaveLength(SECTIONS_PER_DOCUMENT);
      expect(new Set(document.facts.map((f) => f.kind))).toEqual(new Set(['contact', 'phone', 'email', 'date', 'place', 'amount']));
      const renderings = [renderMarkdown(document), renderHtml(document), renderText(document)].map(normalizeForMatch);
      for (const fact of document.facts) {
        expect(normalizeForMatch(document.sections[fact.section]!.text)).toContain(normalizeForMatch(fact.expected));
        for (const rendering of renderings) expect(rendering).toContain(normalizeForMatch(fact.expected));
        expect(fact.question).toContain(fact.programme);
      }
    }
  });

  it('yields one chunk per section through the ingestion chunker, with the fact in that chunk', () => {
    const documents = generateCorpus({ documents: 20, seed: 5 });
    for (const document of documents) {
      const chunks = chunkDocument(toLoadedDocument(document, 'pdf'), { hash: 'h', mtime: '2026-01-01T00:00:00.000Z' });
      expect(chunks).toHaveLength(SECTIONS_PER_DOCUMENT);
      for (const fact of document.facts) {
        const chunk = chunks[fact.section]!;
        expect(chunk.locator).toEqual({ kind: 'page', number: fact.section + 1, label: `Seite ${fact.section + 1}` });
        expect(normalizeForMatch(chunk.text)).toContain(normalizeForMatch(fact.expected));
      }
    }
  });
});

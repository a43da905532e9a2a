import { describe, expect, it } from 'vitest';
import { PostingCache } from '../../core/index/postingCache.ts';
import type { PostingList } from '../../core/index/postingLists.ts';
import { Bm25Field } from '../../core/retrieval/bm25.ts';

function list(df: number, seed: number): PostingList {
  return {
    df,
    // Sparse enough for no label directory (postingLists.ts): the sizes below are those of the lists alone.
    labels: Uint32Array.from({ length: df }, (_, i) => seed * 1000 + i * 200),
    weights: Uint16Array.from({ length: df }, (_, i) => 2 + ((seed + i) % 5)),
    front: Uint32Array.from([6, 10, 2, 4]),
  };
}

describe('posting list cache', () => {
  it('keeps copies until its buffer is full, then starts a new one; lists handed out stay valid', () => {
    // 50 postings take 200 + 100 + 16 = 316 bytes; a 4,096-byte buffer holds twelve of them.
    const cache = new PostingCache(4096);
    const handedOut = Array.from({ length: 12 }, (_, i) => cache.put('words', `t${i}`, list(50, i)));
    expect(cache.get('words', 't0')).toBe(handedOut[0]);
    expect(cache.get('grams', 't0')).toBeUndefined();
    const generation = cache.generation;
    const next = cache.put('grams', 't12', list(50, 12));
    // Whoever keeps lists beyond a question (the keyword index's word cache) drops them when this changes.
    expect(cache.generation).toBe(generation + 1);
    // A new buffer: the earlier lists are no longer cached but still read as they were.
    expect(cache.get('words', 't0')).toBeUndefined();
    expect(cache.get('grams', 't12')).toBe(next);
    handedOut.forEach((copy, i) => {
      expect([...copy.labels]).toEqual([...list(50, i).labels]);
      expect([...copy.weights]).toEqual([...list(50, i).weights]);
      expect([...copy.front]).toEqual([6, 10, 2, 4]);
    });
    expect(next.labels.buffer).not.toBe(handedOut[0]!.labels.buffer);
    expect(handedOut[11]!.labels.buffer).toBe(handedOut[0]!.labels.buffer);
  });

  it('returns a list above an eighth of the buffer without keeping it, and forgets everything on clear', () => {
    const cache = new PostingCache(4096);
    const big = list(200, 1);
    expect(cache.put('words', 'big', big)).toBe(big);
    expect(cache.get('words', 'big')).toBeUndefined();
    cache.put('words', 'small', list(10, 2));
    cache.clear();
    expect(cache.get('words', 'small')).toBeUndefined();
  });

  it('hands out arrays for numbers derived from lists in its buffer, aligned, beside the lists', async () => {
    const cache = new PostingCache(4096);
    const kept = cache.put('words', 'a', list(5, 1));
    const scores = cache.float64(10);
    expect(scores.buffer).toBe(kept.labels.buffer);
    expect(scores.byteOffset % 8).toBe(0);
    scores.fill(1.5);
    // Writing them does not touch the list next to them.
    expect([...kept.labels]).toEqual([...list(5, 1).labels]);
    expect(cache.float64(1_000).buffer).not.toBe(kept.labels.buffer);
  });

  it('keeps a list that another term of the field has once, each term with its own front', () => {
    const cache = new PostingCache(1 << 16);
    const first = cache.put('grams', 'ansp', list(50, 1));
    const twin = cache.put('grams', 'nspr', { ...list(50, 1), front: Uint32Array.from([6, 12]) });
    const other = cache.put('grams', 'spre', { ...list(50, 1), weights: list(50, 2).weights });
    const word = cache.put('words', 'ansp', list(50, 1));
    expect(twin.labels).toBe(first.labels);
    expect(twin.weights).toBe(first.weights);
    expect([...twin.front]).toEqual([6, 12]);
    expect([...first.front]).toEqual([6, 10, 2, 4]);
    expect(other.labels).not.toBe(first.labels);
    expect(word.labels).not.toBe(first.labels);
    expect(cache.get('grams', 'nspr')).toBe(twin);
  });

  it('scores terms that share a list as terms with copies of it, to the last bit', () => {
    const labels = Uint32Array.from({ length: 400 }, (_, i) => i);
    const stats = { count: 400, totalLength: 400 * 37, length: Uint32Array.from(labels, (label) => 20 + ((label * 7) % 40)) };
    const cache = new PostingCache(1 << 20);
    const dense = (seed: number): PostingList => {
      const held = labels.filter((label) => (label * seed) % 3 !== 0);
      return { df: held.length, labels: held, weights: Uint16Array.from(held, (label) => 2 + ((label + seed) % 7)), front: Uint32Array.from([8, 20]) };
    };
    const shared = ['a', 'b', 'c', 'd'].map((term, i) => cache.put('grams', term, dense(i === 2 ? 5 : 1)));
    expect(shared[1]!.labels).toBe(shared[0]!.labels);
    const copies = [dense(1), dense(1), dense(5), dense(1)];
    const candidates = Uint32Array.from([0, 3, 4, 17, 99, 200, 398]);
    const scored = [...new Bm25Field(stats).scoreLabels(shared, candidates)];
    expect(scored).toEqual([...new Bm25Field(stats).scoreLabels(copies, candidates)]);
    expect(scored.some((score) => score > 0)).toBe(true);
  });
});

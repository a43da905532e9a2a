import { describe, expect, it } from 'vitest';
import { PostingCache } from '../../core/index/postingCache.ts';
import type { PostingList } from '../../core/index/postingLists.ts';

function list(df: number, seed: number): PostingList {
  return {
    df,
    labels: Uint32Array.from({ length: df }, (_, i) => seed * 1000 + i * 3),
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
    const next = cache.put('grams', 't12', list(50, 12));
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

  it('frees a replaced buffer on the next turn of the event loop, and a cleared one at once, without waiting for the garbage collector', async () => {
    const cache = new PostingCache(4096);
    const first = cache.put('words', 'a', list(50, 1));
    for (let i = 0; i < 12; i++) cache.put('words', `b${i}`, list(50, i));
    // The buffer was replaced within this step: its lists still read as they were.
    expect((first.labels.buffer as ArrayBuffer).detached).toBe(false);
    expect([...first.labels]).toEqual([...list(50, 1).labels]);
    await new Promise((resolve) => setImmediate(resolve));
    expect((first.labels.buffer as ArrayBuffer).detached).toBe(true);
    const current = cache.put('words', 'c', list(50, 3));
    expect((current.labels.buffer as ArrayBuffer).detached).toBe(false);
    cache.clear();
    expect((current.labels.buffer as ArrayBuffer).detached).toBe(true);
  });

  it('keeps the memory of its buffers bounded while it keeps replacing them', async () => {
    const megabytes = 4;
    const cache = new PostingCache(megabytes << 20);
    const before = process.memoryUsage().arrayBuffers;
    // Lists of 60,000 postings (about 360 kB): a buffer holds eleven, so 120 of them fill ten buffers.
    const big = list(60_000, 1);
    for (let i = 0; i < 120; i++) {
      cache.put('grams', `g${i}`, big);
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    // Left to the garbage collector, the ten buffers (40 MB) could all still be held here.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(3 * (megabytes << 20));
    cache.clear();
  });

  it('hands out arrays for derived numbers in its buffer, aligned, freed with the lists', async () => {
    const cache = new PostingCache(4096);
    const kept = cache.put('words', 'a', list(5, 1));
    const scores = cache.float64(10);
    expect(scores.buffer).toBe(kept.labels.buffer);
    expect(scores.byteOffset % 8).toBe(0);
    scores.fill(1.5);
    // Writing them does not touch the list next to them.
    expect([...kept.labels]).toEqual([...list(5, 1).labels]);
    expect(cache.float64(1_000).buffer).not.toBe(kept.labels.buffer);
    cache.clear();
    expect((scores.buffer as ArrayBuffer).detached).toBe(true);
  });
});


import { describe, expect, it } from 'vitest';
import { createRandom } from '../../bench/generateCorpus.ts';
import { PostingCache } from '../../core/index/postingCache.ts';
import { labelDirectory, lowerBound, positionOf, seek, type PostingList } from '../../core/index/postingLists.ts';
import { Bm25Field } from '../../core/retrieval/bm25.ts';

/**
 * The label directory of long cached lists (postingLists.ts): finding a label through it must give what
 * searching the list gives, at range edges (labels 31/32, 0, the last) and for labels past the end.
 */

/** A list holding each label below `size` with the given chance, ascending. */
function randomList(size: number, density: number, seed: number): PostingList {
  const random = createRandom(seed);
  const labels: number[] = [];
  for (let label = 0; label < size; label++) if (random() < density) labels.push(label);
  return {
    df: labels.length,
    labels: Uint32Array.from(labels),
    weights: Uint16Array.from(labels, (label) => 2 + (label % 7)),
    front: Uint32Array.from([8, 10]),
    directory: undefined,
  };
}

describe('label directory of a posting list', () => {
  it('finds every label, and its position, as a search of the list does; at range edges and past the end', () => {
    for (const [density, seed] of [
      [0.9, 1],
      [0.5, 2],
      [0.08, 3],
      [1, 4],
    ] as const) {
      const list = randomList(2_000, density, seed);
      const directory = labelDirectory(list.labels);
      expect(directory).toBeDefined();
      const indexed = { ...list, directory };
      for (let label = 0; label < 2_100; label++) {
        const position = lowerBound(list.labels, label, 0);
        expect(positionOf(indexed, label)).toBe(list.labels[position] === label ? position : -1);
        // seek from every kind of starting point: the start, just before the answer, and past it.
        for (const from of [0, Math.max(0, position - 1), position, Math.min(list.df, position + 3)]) {
          expect(seek(indexed, label, from)).toBe(lowerBound(list.labels, label, from));
        }
      }
    }
  });

  it('is left out for lists shorter than a quarter of their ranges, and kept in the cache with the list', () => {
    expect(labelDirectory(randomList(3_200, 0.005, 5).labels)).toBeUndefined();
    expect(labelDirectory(randomList(3_200, 0.03, 5).labels)).toBeDefined();
    expect(labelDirectory(new Uint32Array(0))).toBeUndefined();
    const cache = new PostingCache(1 << 20);
    const dense = cache.put('grams', 'dense', randomList(3_200, 0.6, 6));
    const sparse = cache.put('grams', 'sparse', randomList(3_200, 0.005, 7));
    expect(dense.directory).toBeDefined();
    expect(sparse.directory).toBeUndefined();
    // The directory lives in the cache's buffer, like the list.
    expect(dense.directory!.buffer).toBe(dense.labels.buffer);
    expect([...dense.directory!]).toEqual([...labelDirectory(dense.labels)!]);
  });

  it('gives the scorer the same scores as searching the lists', () => {
    const size = 3_000;
    const random = createRandom(9);
    const length = Uint32Array.from({ length: size }, () => 5 + Math.floor(random() * 80));
    const scorer = new Bm25Field({ count: size, totalLength: length.reduce((a, b) => a + b, 0), length });
    const lists = [randomList(size, 0.7, 10), randomList(size, 0.3, 11), randomList(size, 0.1, 12)];
    const candidates = Uint32Array.from(new Set(Array.from({ length: 60 }, () => Math.floor(random() * size)))).sort();
    const plain = scorer.scoreLabels(lists, candidates);
    const withDirectory = scorer.scoreLabels(
      lists.map((list) => ({ ...list, directory: labelDirectory(list.labels) })),
      candidates,
    );
    expect(lists.every((list) => labelDirectory(list.labels) !== undefined)).toBe(true);
    expect([...withDirectory]).toEqual([...plain]);
    expect(plain.filter((score) => score > 0).length).toBeGreaterThan(40);
  });
});

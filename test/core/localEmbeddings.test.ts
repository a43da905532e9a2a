import { describe, expect, it } from 'vitest';
import { createHashedEmbeddings, embedText } from '../../core/embeddings/localEmbeddings.ts';

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('hashed embeddings', () => {
  it('is deterministic and unit length', async () => {
    const { embeddings, info } = createHashedEmbeddings(256);
    const [a, b] = await embeddings!.embedDocuments(['Digitale Kompetenzen', 'Digitale Kompetenzen']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(256);
    expect(info).toEqual({ provider: 'local-hash', model: expect.any(String), dimensions: 256 });
    expect(cosine(a!, a!)).toBeCloseTo(1, 6);
  });

  it('gives an empty text a zero vector instead of NaN', () => {
    const vector = embedText('', 64);
    expect(vector.every((x) => x === 0)).toBe(true);
  });

  it('lets a compound meet its part', () => {
    const query = embedText('Plattform', 768);
    const compound = embedText('Aufbau einer interkommunalen Weiterbildungsplattform', 768);
    const unrelated = embedText('Die Masterclass endete mit einer Phase in Stuttgart', 768);
    expect(cosine(query, compound)).toBeGreaterThan(0.2);
    expect(cosine(query, compound)).toBeGreaterThan(cosine(query, unrelated) + 0.15);
  });

  it('folds umlauts and inflection', () => {
    const written = embedText('Christine Schröder, Projektleiterin', 768);
    expect(cosine(embedText('Schroder', 768), written)).toBeGreaterThan(cosine(embedText('Baldauf', 768), written) + 0.2);
    expect(cosine(embedText('Führungskraft', 768), embedText('Führungskräfte', 768))).toBeGreaterThan(0.6);
  });
});

import { Embeddings } from '@langchain/core/embeddings';
import { foldGerman, isStopWord, splitWords, stemGerman } from '../text/germanText.ts';
import type { EmbeddingsProvider } from './embeddingsProvider.ts';

/**
 * The default needs no model: EMBEDDINGS=local builds an index without dense vectors, and retrieval
 * fuses BM25 over analysed words with BM25 over character n-grams (core/retrieval). The hashed vectors
 * below were the default before; measured against that design they pulled hybrid recall below keyword
 * search alone (README, "Performance"), so they remain only as the dense side of comparisons in
 * `npm run bench` and as an offline stand-in for a dense model in tests of the vector path.
 *
 * Hashed embeddings for German with no model and no network: feature hashing of
 * - stemmed words (inflection: "Führungskräfte" ~ "Führungskraft"),
 * - character 4- and 5-grams of folded words (compounds: "Weiterbildungsplattform" shares grams with
 *   "Plattform"; spelling variants "Schroder" ~ "Schröder"),
 * - adjacent word pairs (phrases: "digitale Kompetenzen").
 * Each feature lands in one of `dimensions` buckets with a hashed sign, and the vector is L2-normalised,
 * so cosine similarity approximates weighted feature overlap. Deterministic across runs and machines.
 */

// Bump the version whenever the features change: an index built with other features must be rebuilt.
export const LOCAL_EMBEDDINGS_MODEL = 'wegweiser-hash-v2';

const WORD_WEIGHT = 1.0;
const NGRAM_WEIGHT = 0.35;
const PAIR_WEIGHT = 0.5;

/** FNV-1a, 32 bit: fast and well-spread for short strings. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const bucket = hash % vector.length;
  // The sign comes from an independent hash so collisions cancel out on average instead of adding up.
  const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
  vector[bucket] = (vector[bucket] ?? 0) + sign * weight;
}

export function embedText(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  // Feature -> [base weight, occurrences].
  const counts = new Map<string, [number, number]>();
  const count = (feature: string, weight: number) => {
    const entry = counts.get(feature);
    if (entry) entry[1]++;
    else counts.set(feature, [weight, 1]);
  };
  let previousStem: string | undefined;
  for (const word of splitWords(text)) {
    const folded = foldGerman(word);
    if (folded.length < 2 || isStopWord(folded)) {
      previousStem = undefined;
      continue;
    }
    const stem = stemGerman(folded.replace(/[-'’]/g, ''));
    count(`w:${stem}`, WORD_WEIGHT);
    const padded = `<${folded.replace(/[-'’]/g, '')}>`;
    for (const n of [4, 5]) {
      for (let i = 0; i + n <= padded.length; i++) {
        count(`g:${padded.slice(i, i + n)}`, NGRAM_WEIGHT);
      }
    }
    if (previousStem) {
      count(`p:${previousStem}_${stem}`, PAIR_WEIGHT);
    }
    previousStem = stem;
  }
  // Sublinear term frequency: a word repeated ten times should not drown out the rest.
  for (const [feature, [weight, occurrences]] of counts) addFeature(vector, feature, weight * (1 + Math.log(occurrences)));
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  const out = new Array<number>(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = norm > 0 ? (vector[i] ?? 0) / norm : 0;
  return out;
}

export class LocalEmbeddings extends Embeddings {
  constructor(readonly dimensions: number) {
    super({});
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((text) => embedText(text, this.dimensions));
  }

  async embedQuery(text: string): Promise<number[]> {
    return embedText(text, this.dimensions);
  }
}

/** Bump when the analysis behind the words and n-gram indexes changes: older indexes are then rebuilt. */
export const LOCAL_TERMS_MODEL = 'wegweiser-terms-v1';

/** EMBEDDINGS=local: no dense vectors; the index is searched by its words and character n-grams. */
export function createLocalEmbeddings(): EmbeddingsProvider {
  return { info: { provider: 'local', model: LOCAL_TERMS_MODEL, dimensions: 0 } };
}

/** The hashed vectors as a dense embedder (benchmarks, and tests of the vector path without a network). */
export function createHashedEmbeddings(dimensions = 768): EmbeddingsProvider {
  return {
    embeddings: new LocalEmbeddings(dimensions),
    info: { provider: 'local-hash', model: LOCAL_EMBEDDINGS_MODEL, dimensions },
  };
}

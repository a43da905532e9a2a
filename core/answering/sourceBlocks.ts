import { randomBytes } from 'node:crypto';
import type { Chunk } from '../types.ts';

/**
 * Renders retrieved chunks as a clearly delimited data block for the model.
 *
 * Document text is untrusted: a file may contain "ignore previous instructions". Two things keep it
 * from posing as instructions or as another source:
 * - every delimiter carries a random nonce chosen per request, which no document can know;
 * - runs of the delimiter characters (`<<`, `>>`) in document text are replaced by look-alike
 *   quotation marks, so even a guessed delimiter cannot be reproduced.
 */

export interface Delimiters {
  nonce: string;
  dataStart: string;
  dataEnd: string;
  /** Describes the header of a source, for the prompt. */
  sourceStartPattern: string;
  sourceEndPattern: string;
  sourceStart(number: number, chunkId: string): string;
  sourceEnd(number: number): string;
}

export function createDelimiters(nonce = randomBytes(6).toString('hex')): Delimiters {
  return {
    nonce,
    dataStart: `<<<DATA ${nonce}>>>`,
    dataEnd: `<<<END DATA ${nonce}>>>`,
    sourceStartPattern: `<<<SOURCE [n] id=… ${nonce}>>>`,
    sourceEndPattern: `<<<END SOURCE [n] ${nonce}>>>`,
    sourceStart: (number, chunkId) => `<<<SOURCE [${number}] id=${neutralize(chunkId)} ${nonce}>>>`,
    sourceEnd: (number) => `<<<END SOURCE [${number}] ${nonce}>>>`,
  };
}

/** Makes text unable to contain a delimiter: `<<` becomes `‹‹`, `>>` becomes `››`. */
export function neutralize(text: string): string {
  return text.replace(/<{2,}/g, (run) => '‹'.repeat(run.length)).replace(/>{2,}/g, (run) => '›'.repeat(run.length));
}

/** Long chunks are cut so a few huge sections cannot crowd out the others or overflow the context. */
const MAX_SOURCE_CHARS = 4000;

export interface NumberedSource {
  number: number;
  chunk: Chunk;
}

function header(chunk: Chunk): string {
  const parts = [`${chunk.title} (${chunk.source})`, chunk.locator.label];
  if (chunk.heading && chunk.heading !== chunk.title) parts.push(chunk.heading);
  return neutralize(parts.join(' | ').replace(/\s+/g, ' '));
}

export function renderSources(sources: readonly NumberedSource[], delimiters: Delimiters): string {
  const blocks = sources.map(({ number, chunk }) => {
    const text = chunk.text.length > MAX_SOURCE_CHARS ? `${chunk.text.slice(0, MAX_SOURCE_CHARS)} …` : chunk.text;
    return [delimiters.sourceStart(number, chunk.id), header(chunk), neutralize(text), delimiters.sourceEnd(number)].join('\n');
  });
  return [delimiters.dataStart, ...blocks, delimiters.dataEnd].join('\n');
}

import { describe, expect, it } from 'vitest';
import { termRowOf } from '../../core/index/storeFormat.ts';
import { chunkTerms } from '../../core/retrieval/chunkTerms.ts';
import { analyze } from '../../core/text/germanText.ts';
import type { Chunk } from '../../core/types.ts';

const chunk = (publisher?: string): Chunk => ({
  id: `c-${publisher ?? 'none'}`,
  label: 1,
  source: 'bl1.html',
  title: 'Beschäftigtenlehrgang I',
  ...(publisher ? { publisher } : {}),
  format: 'html',
  locator: { kind: 'section', label: 'Auf einen Blick' },
  text: 'Eine bestimmte Vorbildung wird nicht vorausgesetzt.',
  fileHash: 'h',
  fileMtime: '2026-01-01T00:00:00.000Z',
  facts: { contacts: [], dates: [], amounts: [], places: [], offers: [] } as unknown as Chunk['facts'],
});

describe('the publisher of a document', () => {
  const [stem] = analyze('Verwaltungsschule');

  it('is searched with the title, so "an der Bayerischen Verwaltungsschule" finds a page that names it only in its header', () => {
    expect(termRowOf(chunk('Bayerische Verwaltungsschule'), () => true).words[0]).toContain(stem);
    expect(chunkTerms(chunk('Bayerische Verwaltungsschule')).has(stem!)).toBe(true);
  });

  it('adds nothing when the file names none', () => {
    expect(termRowOf(chunk(), () => true).words[0]).not.toContain(stem);
    expect(chunkTerms(chunk()).has(stem!)).toBe(false);
  });
});

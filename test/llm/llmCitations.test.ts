import { describe, expect, it } from 'vitest';
import { mapCitations } from '../../core/answering/llmCitations.ts';
import { fillTemplate, PromptTemplateError, renderPrompt } from '../../core/answering/promptTemplates.ts';
import { createDelimiters, neutralize, renderSources } from '../../core/answering/sourceBlocks.ts';
import { courseChunk, injectionChunk, leadershipChunk } from './llmFixtures.ts';

const sources = [
  { number: 1, chunk: courseChunk },
  { number: 2, chunk: leadershipChunk },
];

describe('mapCitations', () => {
  it('reads lists, ranges and "Quelle n" as markers and leaves other brackets alone', () => {
    const mapped = mapCitations('Kosten: 450 Euro [Quelle 2]. Beginn [1–2]. Zitat [sic] bleibt [sic].', [], sources, true);
    expect(mapped).toMatchObject({ ok: true, answer: 'Kosten: 450 Euro [1]. Beginn [2][1]. Zitat [sic] bleibt [sic].' });
    if (mapped.ok) expect(mapped.citations.map((c) => c.chunkId)).toEqual([leadershipChunk.id, courseChunk.id]);
  });

  it('accepts a chunk id written as a marker', () => {
    const mapped = mapCitations(`Beginn am 4. April 2025 [id=${leadershipChunk.id}].`, [leadershipChunk.id], sources, true);
    expect(mapped).toMatchObject({ ok: true, answer: 'Beginn am 4. April 2025 [1].' });
  });

  it('rejects a made-up id inside the text', () => {
    expect(mapCitations('Beginn [deadbeefdeadbeef].', [], sources, true)).toMatchObject({ ok: false, reason: 'unknown_citation' });
  });

  it('takes the snippet from the part of the source the statement is about', () => {
    const mapped = mapCitations('Ansprechpartnerin ist Dr. Anna Beispiel, Telefon 030 1234-5678. [1]', [courseChunk.id], sources, true);
    expect(mapped.ok && mapped.citations[0]?.snippet).toContain('Anna Beispiel');
  });

  it('keeps an unanswered reply without citations', () => {
    expect(mapCitations('Dazu finde ich keine Angabe.', [], sources, false)).toEqual({ ok: true, answer: 'Dazu finde ich keine Angabe.', citations: [] });
  });
});

describe('source blocks', () => {
  it('wraps every source in nonce delimiters and neutralises delimiter characters in document text', () => {
    const delimiters = createDelimiters('a1b2c3d4e5f6');
    const block = renderSources([{ number: 1, chunk: injectionChunk }], delimiters);
    const lines = block.split('\n');
    expect(lines[0]).toBe('<<<DATA a1b2c3d4e5f6>>>');
    expect(lines[1]).toBe(`<<<SOURCE [1] id=${injectionChunk.id} a1b2c3d4e5f6>>>`);
    expect(lines[2]).toBe('Hinweise (uploads/hinweise.docx) | Seite 1');
    expect(lines.at(-2)).toBe('<<<END SOURCE [1] a1b2c3d4e5f6>>>');
    expect(lines.at(-1)).toBe('<<<END DATA a1b2c3d4e5f6>>>');
    expect(block.match(/<</g)).toHaveLength(4);
    expect(neutralize('a << b >>> c < d > e')).toBe('a ‹‹ b ››› c < d > e');
  });

  it('chooses a new nonce for every request', () => {
    expect(createDelimiters().nonce).not.toBe(createDelimiters().nonce);
  });
});

describe('prompt templates', () => {
  it('fills every placeholder of the shipped prompts', async () => {
    const values = { dataStart: '<<<DATA x>>>', dataEnd: '<<<END DATA x>>>', sourceStart: 'S', sourceEnd: 'E' };
    for (const language of ['de', 'en'] as const) {
      const prompt = await renderPrompt('answer', language, values);
      expect(prompt).toContain('<<<DATA x>>>');
      expect(prompt).not.toMatch(/\{\{/);
    }
  });

  it('refuses to leave a placeholder unfilled', () => {
    expect(() => fillTemplate('Start {{dataStart}} Ende {{ dataEnd }}', { dataStart: 'A' })).toThrow(PromptTemplateError);
    expect(fillTemplate('Start {{dataStart}} Ende {{ dataEnd }}', { dataStart: 'A', dataEnd: 'B' })).toBe('Start A Ende B');
  });

  it('names the missing prompt file', async () => {
    await expect(renderPrompt('answer', 'de', {}, '/tmp/no-such-prompts')).rejects.toThrow(/no-such-prompts\/answer\.de\.md/);
  });
});

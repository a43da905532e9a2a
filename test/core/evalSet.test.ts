import { describe, expect, it } from 'vitest';
import { judgeAnswer, normalizeForMatch, type EvalQuestion } from '../../core/evaluation/evalSet.ts';
import type { AnswerResult } from '../../core/types.ts';

const question: EvalQuestion = {
  id: 'x1',
  kind: 'contact',
  question: 'Wie erreiche ich Frau Beispiel?',
  answerable: true,
  must: [['+49 621 / 107 08 302'], ['anna@example.org']],
  sources: ['deck.pdf'],
};

function answer(text: string, sources: string[] = ['deck.pdf'], answered = true): AnswerResult {
  return {
    answered,
    answer: text,
    citations: sources.map((source, i) => ({ marker: i + 1, chunkId: `c${i}`, source, title: 't', locator: 'Folie 1', snippet: '' })),
    language: 'de',
    kind: 'contact',
    engine: 'extractive',
  };
}

describe('evaluation scoring', () => {
  it('ignores case, whitespace and the listed punctuation', () => {
    expect(normalizeForMatch('+49 621 / 107 08 302')).toBe(normalizeForMatch('+49 621 10708302'));
    expect(normalizeForMatch('„Qualifica Digitalis“')).toBe('qualificadigitalis');
  });

  it('passes only with every must entry and a citation of an expected source', () => {
    expect(judgeAnswer(question, answer('Tel. +49 621 10708302, anna@example.org [1]')).passed).toBe(true);
    expect(judgeAnswer(question, answer('Tel. +49 621 10708302 [1]')).reasons).toEqual(['missing "anna@example.org"']);
    expect(judgeAnswer(question, answer('Tel. +49 621 10708302, anna@example.org', ['other.html'])).passed).toBe(false);
    expect(judgeAnswer(question, answer(`${'x'.repeat(801)} +49 621 10708302 anna@example.org`)).passed).toBe(false);
  });

  it('requires unanswerable questions to be declined', () => {
    const none: EvalQuestion = { ...question, answerable: false, must: [], sources: [] };
    expect(judgeAnswer(none, answer('Keine Angabe', [], false)).passed).toBe(true);
    expect(judgeAnswer(none, answer('Bestimmt Herr X', [], true)).passed).toBe(false);
  });
});

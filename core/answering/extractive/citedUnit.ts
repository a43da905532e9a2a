import type { Chunk } from '../../types.ts';
import type { ScoredCandidate } from './answerPipeline.ts';

/** How an answer shows a unit: its text (with the label a row or item stands under), cut around the candidate. */

export interface CitedPart {
  text: string;
  chunk: Chunk;
  snippet: string;
}

const UNIT_EXCERPT_CHARS = 260;

export function citedUnit(scored: ScoredCandidate): CitedPart {
  const { unit } = scored.setting;
  let text = unit.text.replace(/ \| /g, ' – ');
  if ((unit.kind === 'row' || unit.kind === 'item') && unit.label && !text.includes(unit.label)) text = `${unit.label}: ${text}`;
  const { candidate } = scored;
  return { text: excerptAround(text, candidate.type === 'passage' ? undefined : candidate.text, UNIT_EXCERPT_CHARS), chunk: unit.chunk, snippet: unit.text };
}

/** Cuts a long unit to a window around the candidate at word borders, so answers stay short. */
export function excerptAround(text: string, focus: string | undefined, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const at = focus ? Math.max(0, text.indexOf(focus)) : 0;
  let start = Math.max(0, at - Math.floor(maxLength / 3));
  let end = Math.min(text.length, start + maxLength);
  start = Math.max(0, end - maxLength);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '… ' : ''}${text.slice(start, end).trim()}${end < text.length ? ' …' : ''}`;
}


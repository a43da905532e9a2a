import type { Chunk } from '../../types.ts';
import type { ScoredCandidate } from './answerPipeline.ts';
import type { EvidenceUnit } from './evidenceUnits.ts';

/** How an answer shows a unit: its text (with the label a row or item stands under), cut around the candidate. */

export interface CitedPart {
  text: string;
  chunk: Chunk;
  snippet: string;
}

/** Long enough for most single sentences with their figures; measured 260/320/360/400: +0/+3/+4/+4 on the training sets, median answers unchanged. */
const UNIT_EXCERPT_CHARS = 360;

/** Empty table cells come from the loaders as "–". */
const EMPTY_CELL = /^[–-]?$/;

/**
 * A unit as the answer shows it: a table row with its header ("Fach: Methodik, Umfang: 20 UE") or its
 * cells apart, empty cells left out; a row or list item with the label it stands under.
 */
export function displayText(unit: EvidenceUnit, options: { withLabel?: boolean } = {}): string {
  let text = unit.text;
  if (unit.kind === 'row') {
    const cells = unit.text.split(' | ');
    const header = unit.header && unit.header.length === cells.length ? unit.header : undefined;
    text = cells
      .map((cell, i) => {
        if (EMPTY_CELL.test(cell.trim())) return '';
        const name = header?.[i];
        // "Beginn: Beginn Mai 2026" says the header twice; a cell that starts with it stands alone.
        return name && !EMPTY_CELL.test(name) && !cell.toLowerCase().startsWith(name.toLowerCase()) ? `${name}: ${cell}` : cell;
      })
      .filter(Boolean)
      .join(header ? ', ' : ' – ');
  }
  if ((options.withLabel ?? true) && (unit.kind === 'row' || unit.kind === 'item') && unit.label && !text.includes(unit.label)) text = `${unit.label}: ${text}`;
  return text;
}

export function citedUnit(scored: ScoredCandidate): CitedPart {
  const { unit } = scored.setting;
  const text = displayText(unit);
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


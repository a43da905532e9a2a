import { displayText, type CitedPart } from './citedUnit.ts';
import { isAnswer, type AnswerModel } from './answerModel.ts';
import type { ScoredCandidate, ScoredQuestion } from './answerPipeline.ts';

/**
 * "Welche Module …?", "Welche Veranstaltungen finden im November statt?": a list is every item that
 * scores nearly as well as the best one, from any document — list items, table rows, key–value lines,
 * or a sentence that enumerates them itself ("die Städte Kiel, Flensburg und Eutin").
 */

const MAX_ITEMS = 8;
const LIST_CHARS = 560;
/** A sentence naming at least this many things separated by commas and "und" is a list of its own. */
const ENUMERATION = /(?:[^,;]+,\s+(?=\p{Lu}|„|")){2,}/u;

/** List items, table rows and key–value lines are items; so is any unit holding a typed fact asked for (a dated event). */
function isItem(scored: ScoredCandidate): boolean {
  const kind = scored.setting.unit.kind;
  return kind === 'item' || kind === 'row' || kind === 'field' || scored.candidate.type !== 'passage';
}

export function answerList(scored: ScoredQuestion, model: AnswerModel): CitedPart[] | undefined {
  const part = scored.parts[0];
  const best = part?.candidates[0];
  if (!part || !best || !isAnswer(model, part.candidates)) return undefined;
  if (!isItem(best)) {
    // The best unit is a sentence: it answers as a list when it enumerates the items itself.
    if (!ENUMERATION.test(best.setting.unit.text)) return undefined;
    return [{ text: best.setting.unit.text, chunk: best.setting.unit.chunk, snippet: best.setting.unit.text }];
  }
  const items: ScoredCandidate[] = [];
  const seen = new Set<string>();
  for (const candidate of part.candidates) {
    if (items.length >= MAX_ITEMS) break;
    if (!isItem(candidate) || candidate.score < best.score - model.siblingDrop) continue;
    const key = candidate.setting.unit.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(candidate);
  }
  // Items in reading order, grouped by the passage they stand in: one citation per passage.
  items.sort((a, b) => (a.setting.unit.chunk === b.setting.unit.chunk ? a.setting.unit.position - b.setting.unit.position : 0));
  const byChunk = new Map<string, ScoredCandidate[]>();
  for (const item of items) byChunk.set(item.setting.unit.chunk.id, [...(byChunk.get(item.setting.unit.chunk.id) ?? []), item]);
  const parts: CitedPart[] = [];
  let length = 0;
  for (const group of byChunk.values()) {
    const first = group[0]!.setting.unit;
    const label = first.label && group.every((g) => g.setting.unit.label === first.label) ? `${first.label}: ` : '';
    const texts: string[] = [];
    for (const item of group) {
      const text = displayText(item.setting.unit, { withLabel: false });
      if (length + text.length > LIST_CHARS && texts.length > 0) break;
      texts.push(text);
      length += text.length + 2;
    }
    parts.push({ text: `${label}${texts.join('; ')}`, chunk: first.chunk, snippet: group.map((g) => g.setting.unit.text).join('; ') });
    if (length > LIST_CHARS) break;
  }
  return parts;
}


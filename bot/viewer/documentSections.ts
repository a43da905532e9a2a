import type { Chunk, Locator } from '../../core/types.ts';

/**
 * A document as the source viewer shows it: its pages, slides or sections in order, each with the
 * passages (chunks) that make it up. Consecutive chunks of one section repeat a few sentences (the
 * chunker's overlap); here each sentence appears once, so the page reads like the document. A cited
 * passage keeps its whole text, so what the answer quoted stands inside the highlighted part.
 */
export interface ViewerPassage {
  chunkId: string;
  /** The chunk's text, without what a neighbouring passage of the section already shows. */
  text: string;
}

export interface ViewerSection {
  locator: Locator;
  /** Slide title or section heading, when the loader found one. */
  heading?: string;
  passages: ViewerPassage[];
}

export function documentSections(chunks: readonly Chunk[], cited: ReadonlySet<string> = new Set()): ViewerSection[] {
  const sections: ViewerSection[] = [];
  let previous: Chunk | undefined;
  for (const chunk of chunks) {
    const last = sections.at(-1);
    if (last && previous && sameLocator(last.locator, chunk.locator)) {
      const before = last.passages.at(-1)!;
      const overlap = overlapOf(before.text, chunk.text);
      let text = chunk.text;
      if (overlap && cited.has(chunk.id) && !cited.has(previous.id)) before.text = before.text.slice(0, overlap.previousEnd).trimEnd();
      else if (overlap) text = chunk.text.slice(overlap.nextStart).trimStart();
      last.passages.push({ chunkId: chunk.id, text });
    } else {
      sections.push({
        locator: chunk.locator,
        ...(chunk.heading ? { heading: chunk.heading } : {}),
        passages: [{ chunkId: chunk.id, text: chunk.text }],
      });
    }
    previous = chunk;
  }
  return sections;
}

function sameLocator(a: Locator, b: Locator): boolean {
  return a.kind === b.kind && a.number === b.number && a.label === b.label;
}

/** Shortest repeated start that counts as overlap (shorter matches are coincidence, e.g. "Die "). */
const MIN_OVERLAP = 20;

/**
 * The longest beginning of `next` that is also the end of `previous`, compared with whitespace
 * collapsed (the chunker re-joins sentences and may change line breaks between them): `previous`
 * without it is `previous.slice(0, previousEnd)`, `next` without it is `next.slice(nextStart)`.
 */
export function overlapOf(previous: string, next: string): { previousEnd: number; nextStart: number } | undefined {
  const prev = collapseWithOffsets(previous);
  const following = collapseWithOffsets(next);
  const max = Math.min(prev.text.length, following.text.length - 1);
  for (let length = max; length >= MIN_OVERLAP; length--) {
    if (prev.text.endsWith(following.text.slice(0, length))) {
      return { previousEnd: prev.offsets[prev.text.length - length]!, nextStart: following.offsets[length] ?? next.length };
    }
  }
  return undefined;
}

/** Whitespace-collapsed text, and for each of its positions the position in the original. */
function collapseWithOffsets(text: string): { text: string; offsets: number[] } {
  let flat = '';
  const offsets: number[] = [];
  let inSpace = false;
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  for (; i < text.length; i++) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      if (!inSpace) {
        offsets.push(i);
        flat += ' ';
      }
      inSpace = true;
    } else {
      offsets.push(i);
      flat += char;
      inSpace = false;
    }
  }
  offsets.push(text.length);
  return { text: flat, offsets };
}

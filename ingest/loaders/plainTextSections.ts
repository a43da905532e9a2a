import type { DocumentSection } from '../../core/types.ts';
import { sectionLocator } from './loaderSupport.ts';
import { joinParagraphs } from './textCleanup.ts';

/** Builds labelled sections from paragraphs already split at headings (Markdown and plain text). */

export interface HeadedBlock {
  heading?: string;
  /** Heading level (1–3) where the format has levels; plain-text headings have none. */
  level?: number;
  paragraphs: string[];
}

/**
 * Text before the first heading is labelled with the document title; the heading opens its section's
 * text. A heading with no text of its own directly above a deeper one becomes part of the heading path
 * of the sections below it instead of a section.
 */
export function blocksToSections(blocks: readonly HeadedBlock[], title: string): DocumentSection[] {
  const sections: DocumentSection[] = [];
  const open: Array<{ level: number; heading: string }> = [];
  blocks.forEach((block, i) => {
    const level = block.level ?? 2;
    if (block.heading) while (open.length > 0 && open[open.length - 1]!.level >= level) open.pop();
    const headingPath = open.map((h) => h.heading);
    if (block.heading) open.push({ level, heading: block.heading });
    const next = blocks[i + 1];
    if (block.heading && block.paragraphs.length === 0 && next?.heading && (next.level ?? 2) > level) return;
    const text = joinParagraphs(block.heading ? [block.heading, ...block.paragraphs] : block.paragraphs);
    if (text.length === 0) return;
    sections.push({
      locator: sectionLocator(block.heading ?? title),
      ...(block.heading ? { heading: block.heading } : {}),
      ...(headingPath.length > 0 ? { headingPath } : {}),
      text,
    });
  });
  return sections;
}

/**
 * Splits at blank lines; a file without any blank line keeps one paragraph per line (`hasBlankLines`
 * tells a part of a file what the whole file does).
 */
export function splitParagraphs(text: string, hasBlankLines = /\n\s*\n/.test(text)): string[] {
  if (hasBlankLines) return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
  return text.split('\n').map((p) => p.trim()).filter((p) => p.length > 0);
}

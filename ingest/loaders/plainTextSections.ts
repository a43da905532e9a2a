import type { DocumentSection } from '../../core/types.ts';
import { sectionLocator } from './loaderSupport.ts';
import { joinParagraphs } from './textCleanup.ts';

/** Builds labelled sections from paragraphs already split at headings (Markdown and plain text). */

export interface HeadedBlock {
  heading?: string;
  paragraphs: string[];
}

/** Text before the first heading is labelled with the document title; the heading opens its section's text. */
export function blocksToSections(blocks: readonly HeadedBlock[], title: string): DocumentSection[] {
  return blocks
    .map((block) => ({
      locator: sectionLocator(block.heading ?? title),
      ...(block.heading ? { heading: block.heading } : {}),
      text: joinParagraphs(block.heading ? [block.heading, ...block.paragraphs] : block.paragraphs),
    }))
    .filter((section) => section.text.length > 0);
}

/** Splits at blank lines; a file without any blank line keeps one paragraph per line. */
export function splitParagraphs(text: string): string[] {
  if (/\n\s*\n/.test(text)) return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
  return text.split('\n').map((p) => p.trim()).filter((p) => p.length > 0);
}

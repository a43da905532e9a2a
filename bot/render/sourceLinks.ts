import path from 'node:path';
import type { Citation } from '../../core/types.ts';

/**
 * Links to cited documents. The original file is served by GET /sources/<path> (PDFs open at the
 * cited page or slide with `#page=N`, which browser PDF viewers understand); the source viewer at
 * GET /view/<path> shows any indexed document from the index's text with the cited passages
 * highlighted (`?passage=<chunk id>`, scrolled to by the `#passage-<chunk id>` anchor).
 */

function encodedPath(source: string): string {
  return source.split('/').map(encodeURIComponent).join('/');
}

function trimBase(publicBaseUrl: string): string {
  return publicBaseUrl.replace(/\/+$/, '');
}

/** The original file, as stored in the documents folder. */
export function originalUrl(publicBaseUrl: string, source: string): string {
  return `${trimBase(publicBaseUrl)}/sources/${encodedPath(source)}`;
}

/** The original file; PDFs at the cited page or slide. */
export function sourceUrl(publicBaseUrl: string, citation: Pick<Citation, 'source' | 'locator'>): string {
  const base = originalUrl(publicBaseUrl, citation.source);
  const page = pageNumber(citation.locator);
  return isPdf(citation.source) && page !== undefined ? `${base}#page=${page}` : base;
}

/** The fragment id of a passage in the source viewer. */
export function passageAnchor(chunkId: string): string {
  return `passage-${chunkId}`;
}

/** The source viewer, scrolled to the first of the passages and highlighting all of them. */
export function viewerUrl(publicBaseUrl: string, source: string, chunkIds: readonly string[] = []): string {
  const base = `${trimBase(publicBaseUrl)}/view/${encodedPath(source)}`;
  if (chunkIds.length === 0) return base;
  const query = chunkIds.map((id) => `passage=${encodeURIComponent(id)}`).join('&');
  return `${base}?${query}#${encodeURIComponent(passageAnchor(chunkIds[0]!))}`;
}

/**
 * Where a citation link leads: PDFs open at the cited page in the browser's PDF viewer, as people
 * know them; every other format (PPTX, DOCX, HTML, Markdown, text) opens in the source viewer at the
 * highlighted passage.
 */
export function citationUrl(publicBaseUrl: string, citation: Pick<Citation, 'source' | 'locator'>, chunkIds: readonly string[]): string {
  return isPdf(citation.source) && pageNumber(citation.locator) !== undefined
    ? sourceUrl(publicBaseUrl, citation)
    : viewerUrl(publicBaseUrl, citation.source, chunkIds);
}

export function isPdf(source: string): boolean {
  return path.extname(source).toLowerCase() === '.pdf';
}

/** The page or slide number in a locator label such as "Seite 3", "Folie 15" or "Page 2". */
export function pageNumber(locator: string): number | undefined {
  const match = /^(?:seite|folie|page|slide|s\.)\s*(\d+)/i.exec(locator.trim());
  return match ? Number(match[1]) : undefined;
}

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[„“”"'‚‘’«»]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * "Titel – Folie 15": how a source is named to people, without saying anything twice. A section
 * named like the document is the title alone; a heading that begins with the title ("Masterclass II"
 * and "Masterclass II zur digitalen Transformation") is the heading alone.
 */
export function sourceLabel(citation: Pick<Citation, 'title' | 'source' | 'locator'>): string {
  const name = citation.title.trim() || path.basename(citation.source);
  const locator = citation.locator.trim();
  if (!locator) return name;
  const [n, l] = [fold(name), fold(locator)];
  if (l.startsWith(n)) return l === n ? name : locator;
  if (n.startsWith(l)) return name;
  return `${name} – ${locator}`;
}

/** "file, locator" — how a cited source is recorded with feedback. */
export function sourceKey(citation: Pick<Citation, 'source' | 'locator'>): string {
  return citation.locator ? `${citation.source}, ${citation.locator}` : citation.source;
}

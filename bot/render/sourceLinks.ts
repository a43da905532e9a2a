import path from 'node:path';
import type { Citation } from '../../core/types.ts';

/**
 * Links to a cited document as served by GET /sources/*. PDFs open at the cited page or slide
 * (`#page=N`, understood by browser PDF viewers); other formats open at the start.
 */
export function sourceUrl(publicBaseUrl: string, citation: Pick<Citation, 'source' | 'locator'>): string {
  const encoded = citation.source.split('/').map(encodeURIComponent).join('/');
  const base = `${publicBaseUrl.replace(/\/+$/, '')}/sources/${encoded}`;
  const page = pageNumber(citation.locator);
  return path.extname(citation.source).toLowerCase() === '.pdf' && page !== undefined ? `${base}#page=${page}` : base;
}

/** The page or slide number in a locator label such as "Seite 3", "Folie 15" or "Page 2". */
export function pageNumber(locator: string): number | undefined {
  const match = /^(?:seite|folie|page|slide|s\.)\s*(\d+)/i.exec(locator.trim());
  return match ? Number(match[1]) : undefined;
}

/** "Titel, Folie 15" — how a source is named to people. */
export function sourceLabel(citation: Pick<Citation, 'title' | 'source' | 'locator'>): string {
  const name = citation.title.trim() || path.basename(citation.source);
  return citation.locator ? `${name}, ${citation.locator}` : name;
}

/** "file, locator" — how a cited source is recorded with feedback. */
export function sourceKey(citation: Pick<Citation, 'source' | 'locator'>): string {
  return citation.locator ? `${citation.source}, ${citation.locator}` : citation.source;
}

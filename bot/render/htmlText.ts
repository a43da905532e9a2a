/**
 * Text for HTML: every document-borne string (titles, headings, passages, file names) goes through
 * this one function before it is written into a page, so a document can never inject markup.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

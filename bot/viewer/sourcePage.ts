import path from 'node:path';
import type { ManifestFile } from '../../core/index/indexFormat.ts';
import type { Chunk, DocumentFormat } from '../../core/types.ts';
import { escapeHtml } from '../render/htmlText.ts';
import { originalUrl, passageAnchor } from '../render/sourceLinks.ts';
import { documentSections, type ViewerSection } from './documentSections.ts';

/**
 * The source viewer's page: an indexed document as a plain, accessible German page built from the
 * index's own text (what the loader kept: headings, sections, slides), the cited passages highlighted
 * and labelled, with links to the original file. It has no script; every document-borne string is
 * escaped (escapeHtml), so a document's own HTML is never rendered.
 */

const FORMAT_NAMES: Record<DocumentFormat, string> = {
  pdf: 'PDF-Dokument',
  pptx: 'PowerPoint-Präsentation',
  docx: 'Word-Dokument',
  html: 'Webseite (HTML)',
  markdown: 'Markdown-Dokument',
  text: 'Textdatei',
};

const UNIT_NAMES: Record<'page' | 'slide' | 'section', [string, string]> = {
  page: ['Seite', 'Seiten'],
  slide: ['Folie', 'Folien'],
  section: ['Abschnitt', 'Abschnitte'],
};

export interface SourcePageInput {
  file: ManifestFile;
  chunks: readonly Chunk[];
  /** Chunk ids the link asked to highlight (the cited passages). */
  cited: readonly string[];
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toLocaleString('de-DE', { maximumFractionDigits: 1 })} ${unit}`;
}

/** "Folie 15: Ansprechpartner:in"; a section is named by its heading; undefined when it would only repeat the title. */
function sectionTitle(section: ViewerSection, documentTitle: string): string | undefined {
  const { locator, heading } = section;
  if (locator.kind !== 'section') {
    return heading && fold(heading) !== fold(documentTitle) && fold(heading) !== fold(locator.label) ? `${locator.label}: ${heading}` : locator.label;
  }
  return fold(locator.label) === fold(documentTitle) ? undefined : locator.label;
}

/** Paragraphs (blank-line separated) as <p>; runs of bullet paragraphs ("• …") as one list. */
function passageHtml(text: string, leadingHeading: string | undefined): string {
  let paragraphs = text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  // The loader repeats the heading as the first line of the text; the page shows it as a heading already.
  if (leadingHeading && paragraphs[0] && fold(paragraphs[0]) === fold(leadingHeading)) paragraphs = paragraphs.slice(1);
  const html: string[] = [];
  let bullets: string[] = [];
  const flush = () => {
    if (bullets.length > 0) html.push(`<ul>${bullets.map((b) => `<li>${b}</li>`).join('')}</ul>`);
    bullets = [];
  };
  for (const paragraph of paragraphs) {
    const lines = escapeHtml(paragraph).split(/\n/).join('<br>');
    const bullet = /^[•▪◦·‣*–-]\s+/.exec(paragraph);
    if (bullet) bullets.push(lines.slice(escapeHtml(bullet[0]).length));
    else {
      flush();
      html.push(`<p>${lines}</p>`);
    }
  }
  flush();
  return html.join('\n');
}

export function renderSourcePage(input: SourcePageInput, baseUrl: string): string {
  const { file, chunks } = input;
  const format = (Object.hasOwn(FORMAT_NAMES, file.format) ? file.format : 'text') as DocumentFormat;
  const title = file.title.trim() || path.basename(file.source);
  const known = new Set(chunks.map((c) => c.id));
  const cited = new Set(input.cited.filter((id) => known.has(id)));
  const sections = documentSections(chunks, cited);
  const unit = sections[0]?.locator.kind ?? 'section';
  const [unitOne, unitMany] = UNIT_NAMES[unit];
  const original = originalUrl(baseUrl, file.source);
  const firstCited = [...cited][0];

  const body = sections
    .map((section, index) => {
      const heading = sectionTitle(section, title);
      const headingId = `abschnitt-${index + 1}`;
      const pageLink =
        format === 'pdf' && section.locator.number !== undefined
          ? `<p class="page-link"><a href="${escapeHtml(`${original}#page=${section.locator.number}`)}">${escapeHtml(section.locator.label)} im Original-PDF öffnen</a></p>`
          : '';
      const passages = section.passages
        .map((passage, i) => {
          const isCited = cited.has(passage.chunkId);
          const content = passageHtml(passage.text, i === 0 ? (section.heading ?? section.locator.label) : undefined);
          if (content === '') return '';
          return isCited
            ? `<div class="passage cited" id="${escapeHtml(passageAnchor(passage.chunkId))}" role="region" aria-label="Zitierte Textstelle">` +
                `<p class="cited-label">Zitierte Textstelle</p>\n${content}</div>`
            : `<div class="passage" id="${escapeHtml(passageAnchor(passage.chunkId))}">${content}</div>`;
        })
        .join('\n');
      const open = heading ? `<section aria-labelledby="${headingId}">\n<h2 id="${headingId}">${escapeHtml(heading)}</h2>` : '<section>';
      return `${open}\n${pageLink}\n${passages}\n</section>`;
    })
    .join('\n');

  const citedNote =
    input.cited.length === 0
      ? ''
      : firstCited
        ? `<p class="jump"><a href="#${escapeHtml(passageAnchor(firstCited))}">Zur zitierten Textstelle springen</a></p>`
        : '<p class="notice" role="status">Die zitierte Textstelle steht nicht mehr in der aktuellen Fassung des Dokuments; es wurde inzwischen neu eingelesen.</p>';

  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – Quelle im Wegweiser</title>
<link rel="icon" type="image/png" href="/favicon.ico">
<link rel="stylesheet" href="/viewer/viewer.css">
</head>
<body>
<header class="site-header">
<p class="product">Wegweiser · Quellenansicht</p>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(FORMAT_NAMES[format])} · ${escapeHtml(path.basename(file.source))} · ${file.sectionCount} ${file.sectionCount === 1 ? unitOne : unitMany} · ${escapeHtml(formatBytes(file.size))}</p>
<p class="actions"><a class="button" href="${escapeHtml(original)}" download="${escapeHtml(path.basename(file.source))}">Original herunterladen</a></p>
</header>
<main id="inhalt">
<p class="note">Diese Ansicht zeigt den Text, den der Wegweiser aus dem Dokument gelesen hat (ohne Menüs, Bilder und Layout). Maßgeblich ist das Original.</p>
${citedNote}
${body}
</main>
</body>
</html>
`;
}

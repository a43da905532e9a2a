import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { normaliseText, singleLine } from './textCleanup.ts';

/**
 * Main-content extraction for web pages and documents converted to HTML (DOCX via mammoth): drops
 * site furniture (navigation, cookie banners, menus, footers) and returns the text split at h1–h3.
 * Shared by the HTML and DOCX loaders so both treat a saved web page the same way.
 */

export interface HtmlSection {
  /** The h1–h3 heading the section starts with; absent for text before the first heading. */
  heading?: string;
  /** Headings of the enclosing sections, outermost first ("Kosten" under "Lehrgang X"). */
  parentHeadings: string[];
  /** Paragraphs in reading order; the heading is the first one when present. */
  paragraphs: string[];
}

export interface HtmlContent {
  /** `<title>` with the site name removed, if the page has one. */
  pageTitle?: string;
  /** Text of the first h1 in the main content. */
  firstHeading?: string;
  sections: HtmlSection[];
}

/** Elements that never hold article text. */
const DROPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'head',
  'nav', 'form', 'button', 'input', 'select', 'textarea', 'label', 'dialog', 'menu',
]);
/**
 * Dropped beside the article, kept inside it: a sidebar of the site is furniture, a contact or service
 * box within the article ("Servicebox" with phone and e-mail) is content.
 */
const SIDE_TAGS = new Set(['aside']);
const SIDE_ROLES = new Set(['complementary']);
const DROPPED_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'dialog', 'alertdialog',
]);
/** Class/id words used for site furniture by common CMSs and consent tools. */
const FURNITURE_NAME =
  /(?:^|[\s_-])(?:cookies?|consent|gdpr|dsgvo|cmp|banner|breadcrumbs?|brotkrumen|skip(?:-?links?)?|sprungmarken|menu|menue|navbar|nav|navigation|sidebar|social|share|sharing|pagination|pager|newsletter|footer|header)(?:[\s_-]|$)/i;
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'blockquote', 'pre', 'figure', 'figcaption',
  'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'caption', 'address', 'details', 'summary',
  'center', 'fieldset', 'hr', 'body', 'html',
]);
const HEADING = /^h([1-6])$/;
const SKIP_LINK_TEXT = /^(?:zum|zur|direkt zum|springe|springen|skip|jump)\b/i;

interface Block {
  headingLevel?: number;
  text: string;
  linkChars: number;
  links: number;
}

export function extractHtmlContent(html: string): HtmlContent {
  const $ = cheerio.load(html);
  const root = chooseContentRoot($);
  const blocks = new BlockCollector(root).collect();
  const kept = blocks.filter((b) => b.headingLevel !== undefined || !isFurnitureText(b));
  const firstHeading = kept.find((b) => b.headingLevel === 1)?.text;
  const pageTitle = stripSiteName(singleLine($('title').first().text()), siteNameHints($));
  return {
    ...(pageTitle ? { pageTitle } : {}),
    ...(firstHeading ? { firstHeading } : {}),
    sections: splitAtHeadings(kept),
  };
}

/** `<main>`, `[role=main]` or a single `<article>`; the whole body when those hold next to nothing. */
function chooseContentRoot($: cheerio.CheerioAPI): Element {
  const body = ($('body').get(0) ?? $.root().children().get(0)) as Element | undefined;
  const articles = $('article');
  const candidates = [$('main').first(), $('[role="main"]').first(), articles.length === 1 ? articles.first() : undefined];
  for (const candidate of candidates) {
    const element = candidate?.get(0);
    if (element && candidate && singleLine(candidate.text()).length >= 100) return element as Element;
  }
  return (body ?? ($.root().get(0) as unknown as Element));
}

class BlockCollector {
  private readonly blocks: Block[] = [];
  private buffer = '';
  private linkChars = 0;
  private links = 0;
  private linkDepth = 0;

  constructor(private readonly root: Element) {}

  collect(): Block[] {
    const rootName = this.root.name?.toLowerCase();
    this.visitChildren(this.root, rootName === 'main' || rootName === 'article' || this.root.attribs?.role === 'main');
    this.flush();
    return this.blocks;
  }

  private visitChildren(element: Element, insideArticle: boolean): void {
    for (const child of element.children) this.visit(child, insideArticle);
  }

  private visit(node: AnyNode, insideArticle: boolean): void {
    if (node.type === 'text') {
      const text = node.data.replace(/\s+/g, ' ');
      this.buffer += text;
      if (this.linkDepth > 0) this.linkChars += text.trim().length;
      return;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
    const element = node as Element;
    const name = element.name.toLowerCase();
    if (isFurnitureElement(element, name, insideArticle)) return;
    const inArticle = insideArticle || name === 'article' || name === 'main';

    const heading = HEADING.exec(name);
    if (heading) {
      this.flush();
      const text = singleLine(textContent(element));
      if (text) this.blocks.push({ headingLevel: Number(heading[1]), text, linkChars: 0, links: 0 });
      return;
    }
    if (name === 'br') {
      this.buffer += '\n';
      return;
    }
    if (name === 'pre') {
      this.flush();
      this.buffer = textContent(element);
      this.flush();
      return;
    }
    if (name === 'tr') {
      this.flush();
      const text = tableRowText(element);
      if (text) this.blocks.push({ text, linkChars: 0, links: 0 });
      return;
    }
    if (name === 'dl') {
      this.flush();
      this.visitDefinitionList(element, inArticle);
      return;
    }
    if (name === 'li') {
      this.flush();
      this.buffer = '• ';
      this.visitChildren(element, inArticle);
      this.flush();
      return;
    }
    if (name === 'a') {
      this.links += 1;
      this.linkDepth += 1;
      this.visitChildren(element, inArticle);
      this.linkDepth -= 1;
      return;
    }
    if (BLOCK_TAGS.has(name)) {
      this.flush();
      this.visitChildren(element, inArticle);
      this.flush();
      return;
    }
    this.visitChildren(element, inArticle);
  }

  /**
   * A term with a short description is one line "Term: description", like a key–value line; a term whose
   * description holds lists or tables stays a label line of its own above them.
   */
  private visitDefinitionList(list: Element, insideArticle: boolean): void {
    let term: string | undefined;
    for (const child of list.children) {
      if (child.type !== 'tag') continue;
      const element = child as Element;
      const name = element.name.toLowerCase();
      if (name === 'dt') {
        if (term) this.blocks.push({ text: term, linkChars: 0, links: 0 });
        term = singleLine(textContent(element)) || undefined;
      } else if (name === 'dd') {
        if (term && !hasBlockContent(element)) {
          const description = singleLine(textContent(element));
          this.blocks.push({ text: description ? `${withLabelColon(term)} ${description}` : term, linkChars: 0, links: 0 });
        } else {
          if (term) this.blocks.push({ text: term, linkChars: 0, links: 0 });
          this.visitChildren(element, insideArticle);
          this.flush();
        }
        term = undefined;
      } else {
        this.visit(element, insideArticle);
        this.flush();
      }
    }
    if (term) this.blocks.push({ text: term, linkChars: 0, links: 0 });
  }

  private flush(): void {
    const text = normaliseText(this.buffer);
    if (text && text !== '•') this.blocks.push({ text, linkChars: this.linkChars, links: this.links });
    this.buffer = '';
    this.linkChars = 0;
    this.links = 0;
  }
}

function isFurnitureElement(element: Element, name: string, insideArticle: boolean): boolean {
  if (DROPPED_TAGS.has(name)) return true;
  const attrs = element.attribs;
  if (!insideArticle && (SIDE_TAGS.has(name) || SIDE_ROLES.has((attrs.role ?? '').toLowerCase()))) return true;
  if ('hidden' in attrs || attrs['aria-hidden'] === 'true') return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(attrs.style ?? '')) return true;
  if (attrs.role && DROPPED_ROLES.has(attrs.role.toLowerCase())) return true;
  if (name === 'a' && (attrs.href ?? '').startsWith('#') && SKIP_LINK_TEXT.test(singleLine(textContent(element)))) return true;
  if (name === 'html' || name === 'body' || name === 'main' || name === 'article') return false;
  // Article headers and footers carry the headline, date or author contact; only site-level ones go.
  if ((name === 'header' || name === 'footer') && !insideArticle) return true;
  const classAndId = `${attrs.class ?? ''} ${attrs.id ?? ''}`;
  if (FURNITURE_NAME.test(classAndId)) return !containsMainHeading(element) && !insideArticleFurnitureException(name, insideArticle);
  return false;
}

/** Inside the article, class names like "header" mark its own header, which holds content. */
function insideArticleFurnitureException(name: string, insideArticle: boolean): boolean {
  return insideArticle && (name === 'header' || name === 'footer');
}

function containsMainHeading(element: Element): boolean {
  return element.children.some((child) => child.type === 'tag' && (child.name === 'h1' || containsMainHeading(child)));
}

const BLOCK_CONTENT = new Set(['p', 'div', 'ul', 'ol', 'li', 'table', 'dl', 'br', 'section', 'blockquote', 'pre']);

function hasBlockContent(element: Element): boolean {
  return element.children.some((child) => child.type === 'tag' && (BLOCK_CONTENT.has(child.name.toLowerCase()) || hasBlockContent(child)));
}

/** "Kontakt:" stays "Kontakt:", "Studienentgelt" becomes "Studienentgelt:", "Wann?" stays a question label. */
function withLabelColon(label: string): string {
  return /[:?]$/.test(label) ? label : `${label}:`;
}

/**
 * A table row as one line. A row header with one value reads as a key–value line ("Anmeldung: Der
 * Arbeitgeber …"); other rows keep their cells apart with " | ". Lists and line breaks inside a cell
 * become "; ", so "Staatsrecht" and "Kommunalrecht" do not run together.
 */
function tableRowText(row: Element): string {
  const cells = row.children.filter((c): c is Element => c.type === 'tag' && (c.name === 'td' || c.name === 'th'));
  const texts = cells.map((cell) => cellText(cell));
  const filled = texts.filter((t) => t.length > 0);
  if (filled.length === 0) return '';
  const [first, second] = cells;
  if (cells.length === 2 && first?.name === 'th' && second?.name === 'td' && texts[0] && texts[1] && texts[0].length <= 80) {
    return `${withLabelColon(texts[0])} ${texts[1]}`;
  }
  return filled.join(' | ');
}

function cellText(cell: Element): string {
  const parts: string[] = [];
  let current = '';
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      current += node.data;
      return;
    }
    if (node.type !== 'tag') return;
    const name = node.name.toLowerCase();
    const separates = BLOCK_CONTENT.has(name);
    if (separates) {
      parts.push(current);
      current = '';
    }
    for (const child of node.children) walk(child);
    if (separates) {
      parts.push(current);
      current = '';
    }
  };
  for (const child of cell.children) walk(child);
  parts.push(current);
  return parts.map(singleLine).filter((p) => p.length > 0).join('; ');
}

/** Visible text of an element, without script/style content. */
function textContent(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (node.type !== 'tag') return '';
  return node.children.map(textContent).join('');
}

const COOKIE_WORDS = /\b(?:cookies?|consent|tracking|datenschutzeinstellungen|privacy settings)\b/i;
const CONSENT_ACTIONS = /(?:akzeptier|zustimm|stimme|ablehn|einverstanden|accept|reject|notwendig|erforderlich|einstellungen|verstanden|erlauben|allow)/i;
const COPYRIGHT = /(?:©|\(c\)|copyright|alle rechte vorbehalten)/i;

/** Paragraph-level furniture left after element filtering (e.g. in DOCX saved from a web page). */
function isFurnitureText(block: Block): boolean {
  const length = block.text.length;
  if (length < 600 && COOKIE_WORDS.test(block.text) && CONSENT_ACTIONS.test(block.text)) return true;
  const density = length === 0 ? 0 : block.linkChars / length;
  if ((block.links >= 3 && density >= 0.5) || (block.links >= 2 && density >= 0.8)) return true;
  if (length < 200 && COPYRIGHT.test(block.text) && (block.links >= 1 || length < 80)) return true;
  return false;
}

/**
 * Sections at h1–h3. A heading directly followed by a deeper one ("Stadt Fürth" above "Kosten") holds no
 * text of its own: it becomes part of the path of the sections below it instead of a section.
 */
function splitAtHeadings(blocks: readonly Block[]): HtmlSection[] {
  const sections: HtmlSection[] = [];
  const open: Array<{ level: number; text: string }> = [];
  let current: HtmlSection = { parentHeadings: [], paragraphs: [] };
  const close = () => {
    const hasText = current.paragraphs.length > (current.heading ? 1 : 0);
    if (hasText) sections.push(current);
  };
  blocks.forEach((block, i) => {
    const level = block.headingLevel;
    if (level === undefined || level > 3) {
      current.paragraphs.push(block.text);
      return;
    }
    close();
    while (open.length > 0 && open[open.length - 1]!.level >= level) open.pop();
    current = { heading: block.text, parentHeadings: open.map((h) => h.text), paragraphs: [block.text] };
    open.push({ level, text: block.text });
    // The last heading of the page keeps its section even without text, so nothing it says is lost.
    if (i === blocks.length - 1) sections.push(current);
  });
  close();
  return sections;
}

/** Site names seen in og:site_name or application-name, to strip from `<title>`. */
function siteNameHints($: cheerio.CheerioAPI): string[] {
  return [$('meta[property="og:site_name"]').attr('content'), $('meta[name="application-name"]').attr('content')]
    .filter((v): v is string => typeof v === 'string' && v.trim().length > 0)
    .map((v) => singleLine(v).toLowerCase());
}

/**
 * "Artikel | Portal" → "Artikel". A pipe always separates the site name; a dash only when the last part
 * is a known site name, because German titles use dashes inside ("Zukunft gestalten – Abschluss …").
 */
export function stripSiteName(title: string, siteNames: readonly string[] = []): string | undefined {
  let result = title.trim();
  const pipe = result.lastIndexOf(' | ');
  if (pipe > 0) result = result.slice(0, pipe).trim();
  const dash = /\s[-–—:]\s([^-–—:]+)$/.exec(result);
  if (dash?.[1] && siteNames.includes(dash[1].trim().toLowerCase()) && dash.index > 0) result = result.slice(0, dash.index).trim();
  return result.length > 0 ? result : undefined;
}

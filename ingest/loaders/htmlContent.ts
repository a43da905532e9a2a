import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { tableLines } from './tableText.ts';
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
  /** The site's name (og:site_name, application-name, or what follows the pipe in `<title>`). */
  siteName?: string;
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
  /** Level of an h1–h6 element. */
  headingLevel?: number;
  /**
   * Set when the block starts a section: h1–h3 at their level, and the title of a disclosure widget (a
   * `<summary>`, an accordion's h4–h6 or toggle button) one level below the section it sits in.
   */
  sectionLevel?: number;
  text: string;
  linkChars: number;
  links: number;
}

export function extractHtmlContent(html: string): HtmlContent {
  const $ = cheerio.load(html);
  const root = chooseContentRoot($);
  const blocks = new BlockCollector(root, disclosurePanelIds($)).collect();
  const kept = blocks.filter((b) => b.headingLevel !== undefined || b.sectionLevel !== undefined || !isFurnitureText(b));
  const firstHeading = kept.find((b) => b.headingLevel === 1)?.text;
  const rawTitle = singleLine($('title').first().text());
  const pageTitle = stripSiteName(rawTitle, siteNameHints($));
  const siteName = siteNameOf($, rawTitle);
  return {
    ...(pageTitle ? { pageTitle } : {}),
    ...(firstHeading ? { firstHeading } : {}),
    ...(siteName ? { siteName } : {}),
    sections: splitAtHeadings(kept),
  };
}

/**
 * Ids older portals give their content column (no `<main>`): "content", "inhalt", "main-content", …
 */
const CONTENT_IDS = ['content', 'inhalt', 'main-content', 'maincontent', 'main_content', 'hauptinhalt', 'page-content', 'content-main'];

/**
 * `<main>`, `[role=main]`, a single `<article>` or the content column of an older portal (`#content`); the
 * whole body when those hold next to nothing.
 */
function chooseContentRoot($: cheerio.CheerioAPI): Element {
  const body = ($('body').get(0) ?? $.root().children().get(0)) as Element | undefined;
  const articles = $('article');
  const byId = CONTENT_IDS.map((id) => $(`[id="${id}"]`).first()).find((c) => c.length > 0);
  const candidates = [$('main').first(), $('[role="main"]').first(), articles.length === 1 ? articles.first() : undefined, byId];
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
  /** Level of the last h1–h3: disclosure titles rank one below it. */
  private sectionLevel = 0;
  /** `<details>` elements the walk is inside. */
  private detailsDepth = 0;
  /** Inside an element named like an accordion ("accordion", "faq", "collapse" …). */
  private accordionDepth = 0;

  constructor(
    private readonly root: Element,
    /** Ids of elements a toggle shows and hides: content, even while hidden. */
    private readonly panelIds: ReadonlySet<string>,
  ) {}

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
    if (isDisclosureToggle(element, name, this.panelIds)) {
      this.pushDisclosureTitle(element);
      return;
    }
    if (isFurnitureElement(element, name, insideArticle, this.panelIds)) return;
    const accordion = isAccordionPart(element);
    if (accordion) this.accordionDepth += 1;
    this.visitElement(element, name, insideArticle || name === 'article' || name === 'main');
    if (accordion) this.accordionDepth -= 1;
  }

  private visitElement(element: Element, name: string, inArticle: boolean): void {
    const heading = HEADING.exec(name);
    if (heading) {
      this.flush();
      const level = Number(heading[1]);
      const text = singleLine(textContent(element));
      if (!text) return;
      const toggle = hasToggle(element);
      // A heading that opens a panel is an item of an accordion, not the section its other items sit in.
      if (level <= 3 && !toggle) this.sectionLevel = level;
      const disclosure = level > 3 && (this.accordionDepth > 0 || this.detailsDepth > 0 || toggle);
      const sectionLevel = level <= 3 ? level : disclosure ? this.disclosureLevel() : undefined;
      this.blocks.push({ headingLevel: level, ...(sectionLevel !== undefined ? { sectionLevel } : {}), text, linkChars: 0, links: 0 });
      return;
    }
    if (name === 'summary') {
      this.pushDisclosureTitle(element);
      return;
    }
    if (name === 'details') {
      this.flush();
      this.detailsDepth += 1;
      this.visitChildren(element, inArticle);
      this.flush();
      this.detailsDepth -= 1;
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
    if (name === 'table' && !isLayoutTable(element)) {
      this.flush();
      for (const text of tableParagraphs(element)) this.blocks.push({ text, linkChars: 0, links: 0 });
      return;
    }
    if (name === 'tr' || name === 'td' || name === 'th') {
      // Rows and cells of a layout table hold paragraphs of their own.
      this.flush();
      this.visitChildren(element, inArticle);
      this.flush();
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

  /** A disclosure widget's title starts a section one level below the section it sits in. */
  private pushDisclosureTitle(element: Element): void {
    this.flush();
    const text = singleLine(textContent(element));
    if (text) this.blocks.push({ sectionLevel: this.disclosureLevel(), text, linkChars: 0, links: 0 });
  }

  /** Nested `<details>` rank one level deeper each. */
  private disclosureLevel(): number {
    return this.sectionLevel + Math.max(1, this.detailsDepth);
  }

  /**
   * A term with a short description is one line "Term: description", like a key–value line; a term whose
   * description holds lists or tables stays a label line of its own above them.
   */
  private visitDefinitionList(list: Element, insideArticle: boolean): void {
    let term: string | undefined;
    // A term may have several descriptions ("Wann?" / "Montag, 15. September" / "ab 09:30 Uhr"): each is its line.
    let described = false;
    for (const child of list.children) {
      if (child.type !== 'tag') continue;
      const element = child as Element;
      const name = element.name.toLowerCase();
      if (name === 'dt') {
        if (term && !described) this.blocks.push({ text: term, linkChars: 0, links: 0 });
        term = singleLine(textContent(element)) || undefined;
        described = false;
      } else if (name === 'dd') {
        if (term && !hasBlockContent(element)) {
          const description = singleLine(textContent(element));
          if (description) this.blocks.push({ text: `${withLabelColon(term)} ${description}`, linkChars: 0, links: 0 });
          else if (!described) this.blocks.push({ text: term, linkChars: 0, links: 0 });
        } else {
          if (term && !described) this.blocks.push({ text: term, linkChars: 0, links: 0 });
          this.visitChildren(element, insideArticle);
          this.flush();
        }
        described = true;
      } else {
        this.visit(element, insideArticle);
        this.flush();
      }
    }
    if (term && !described) this.blocks.push({ text: term, linkChars: 0, links: 0 });
  }

  private flush(): void {
    const text = normaliseText(this.buffer);
    if (text && text !== '•') this.blocks.push({ text, linkChars: this.linkChars, links: this.links });
    this.buffer = '';
    this.linkChars = 0;
    this.links = 0;
  }
}

function isFurnitureElement(element: Element, name: string, insideArticle: boolean, panelIds: ReadonlySet<string>): boolean {
  if (DROPPED_TAGS.has(name)) return true;
  const attrs = element.attribs;
  if (!insideArticle && (SIDE_TAGS.has(name) || SIDE_ROLES.has((attrs.role ?? '').toLowerCase()))) return true;
  // A collapsed accordion panel is hidden until its toggle opens it; "until-found" is searchable content.
  const panel = (attrs.id !== undefined && panelIds.has(attrs.id)) || attrs.hidden === 'until-found';
  if (!panel && ('hidden' in attrs || attrs['aria-hidden'] === 'true')) return true;
  if (!panel && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attrs.style ?? '')) return true;
  if (attrs.role && DROPPED_ROLES.has(attrs.role.toLowerCase())) return true;
  if (name === 'a' && (attrs.href ?? '').startsWith('#') && SKIP_LINK_TEXT.test(singleLine(textContent(element)))) return true;
  if (name === 'html' || name === 'body' || name === 'main' || name === 'article') return false;
  // Article headers and footers carry the headline, date or author contact; only site-level ones go.
  if ((name === 'header' || name === 'footer') && !insideArticle) return true;
  const classAndId = `${attrs.class ?? ''} ${attrs.id ?? ''}`;
  if (FURNITURE_NAME.test(classAndId)) return !containsMainHeading(element) && !insideArticleFurnitureException(name, insideArticle);
  return false;
}

/** Class/id words of accordion and FAQ widgets, whose item titles start sections. */
const ACCORDION_NAME = /(?:^|[\s_-])(?:accordion|akkordeon|collapsible|collapse|toggle|faq|faqs|klappbox|aufklapper|disclosure|expander)(?:[\s_-]|$)/i;

function isAccordionPart(element: Element): boolean {
  return ACCORDION_NAME.test(`${element.attribs.class ?? ''} ${element.attribs.id ?? ''}`);
}

/** The id an element shows and hides: aria-controls, or Bootstrap's data-(bs-)target / href="#id" with aria-expanded. */
function controlledId(element: Element): string | undefined {
  const attrs = element.attribs;
  const controls = attrs['aria-controls']?.trim().split(/\s+/)[0];
  if (controls) return controls;
  if (attrs['aria-expanded'] === undefined) return undefined;
  const target = attrs['data-bs-target'] ?? attrs['data-target'] ?? attrs.href;
  return target?.startsWith('#') && target.length > 1 ? target.slice(1) : undefined;
}

/** Ids of the panels toggles on the page control. */
function disclosurePanelIds($: cheerio.CheerioAPI): Set<string> {
  const ids = new Set<string>();
  $('[aria-controls], [aria-expanded]').each((_i, node) => {
    const id = controlledId(node as Element);
    if (id) ids.add(id);
  });
  return ids;
}

/**
 * A button (or role="button" element) that opens a panel of content is that panel's title. One that
 * controls nothing on the page, or furniture (a menu, a search box), is not.
 */
function isDisclosureToggle(element: Element, name: string, panelIds: ReadonlySet<string>): boolean {
  if (name !== 'button' && element.attribs.role !== 'button') return false;
  const id = controlledId(element);
  return id !== undefined && panelIds.has(id) && !FURNITURE_NAME.test(id) && !/nav|menu|search|such/i.test(id);
}

/** A heading that is, or holds, the toggle of an accordion item. */
function hasToggle(element: Element): boolean {
  if (controlledId(element) !== undefined) return true;
  return element.children.some((child) => child.type === 'tag' && hasToggle(child));
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
 * A data table as paragraphs (tableText.ts): runs of rows as " | " lines, one paragraph each, led by the
 * header row when the first row (or `<thead>`) holds only header cells. Without a header row, a row of
 * a row header and one value reads as a key–value line of its own ("Anmeldung: Der Arbeitgeber …"),
 * like a definition list. A title row (one cell spanning the table) is a label line and ends the run;
 * in a table with a header the next run is led by the header again. Lists and line breaks inside a
 * cell become "; ", so "Staatsrecht" and "Kommunalrecht" do not run together.
 */
function tableParagraphs(table: Element): string[] {
  const rows = tableRows(table).map((row) => {
    const cells = row.children.filter((c): c is Element => c.type === 'tag' && (c.name === 'td' || c.name === 'th'));
    return { cells, texts: cells.map(cellText), inHead: (row.parent as Element | null)?.name === 'thead' };
  });
  const first = rows[0];
  const header =
    first && first.cells.length >= 2 && first.texts.filter((t) => t).length >= 2 && (first.inHead || first.cells.every((c) => c.name === 'th'))
      ? first.texts
      : undefined;
  const paragraphs: string[] = [];
  let run: string[][] = [];
  const endRun = () => {
    const body = run.filter((r) => r !== header);
    if (body.length > 0) paragraphs.push(tableLines(header ? [header, ...body] : body, header !== undefined).join('\n'));
    else if (header && run.length > 0) paragraphs.push(tableLines([header], true).join('\n'));
    run = [];
  };
  for (const [index, row] of rows.entries()) {
    const filled = row.texts.filter((t) => t.length > 0);
    if (filled.length === 0) continue;
    if (index === 0 && header) {
      run.push(header);
      continue;
    }
    const [key, value] = row.cells;
    const keyValue =
      !header && row.cells.length === 2 && key?.name === 'th' && value?.name === 'td' && row.texts[0] && row.texts[1] && row.texts[0].length <= 80;
    // A title row: one cell, or the only filled cell spans several columns ("Fachmodule").
    const titleRow = filled.length === 1 && (row.cells.length === 1 || row.cells.some((c) => Number(c.attribs.colspan ?? 1) > 1));
    if (keyValue || titleRow) {
      endRun();
      paragraphs.push(keyValue ? `${withLabelColon(row.texts[0]!)} ${row.texts[1]!}` : filled[0]!);
      continue;
    }
    run.push(row.texts);
  }
  endRun();
  return paragraphs;
}

/** The table's own rows in order (in thead, tbody, tfoot or directly), not those of nested tables. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (child.type !== 'tag') continue;
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      rows.push(...child.children.filter((c): c is Element => c.type === 'tag' && c.name === 'tr'));
    }
  }
  return rows;
}

/** A table used to lay out a page (role="presentation", or headings inside its cells) holds text, not data. */
function isLayoutTable(table: Element): boolean {
  const role = (table.attribs.role ?? '').toLowerCase();
  if (role === 'presentation' || role === 'none') return true;
  const holdsHeading = (node: Element): boolean =>
    node.children.some((c) => c.type === 'tag' && (HEADING.test(c.name) || (c.name !== 'table' && holdsHeading(c))));
  return holdsHeading(table);
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
/** A breadcrumb trail written out: "Sie befinden sich hier: Startseite > Fortbildung > …". */
const BREADCRUMB_LEAD = /^(?:Sie befinden sich (?:hier|auf)|Sie sind hier|Sie sind gerade hier|Aktuelle Seite|You are here)\s*:/i;

function isFurnitureText(block: Block): boolean {
  const length = block.text.length;
  if (length < 300 && BREADCRUMB_LEAD.test(block.text)) return true;
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
  // Levels: h1–h3 and disclosure titles (see Block.sectionLevel) start sections; h4–h6 are label lines.
  const sections: HtmlSection[] = [];
  const open: Array<{ level: number; text: string }> = [];
  let current: HtmlSection = { parentHeadings: [], paragraphs: [] };
  const close = () => {
    const hasText = current.paragraphs.length > (current.heading ? 1 : 0);
    if (hasText) sections.push(current);
  };
  blocks.forEach((block, i) => {
    const level = block.sectionLevel;
    if (level === undefined) {
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

/** The site's name as the page declares it, else the part of `<title>` after the last pipe. */
function siteNameOf($: cheerio.CheerioAPI, title: string): string | undefined {
  const declared = [$('meta[property="og:site_name"]').attr('content'), $('meta[name="application-name"]').attr('content')].find(
    (v): v is string => typeof v === 'string' && v.trim().length > 0,
  );
  if (declared) return singleLine(declared);
  const pipe = title.lastIndexOf(' | ');
  const after = pipe > 0 ? title.slice(pipe + 3).trim() : '';
  if (after.length > 0) return after;
  // The logo in the page header names the site ("Südwestfälisches Studieninstitut …"), as its text or image alternative.
  const logo = $('[id*="logo" i], [class*="logo" i]').first();
  const named = singleLine(logo.text()) || singleLine(logo.find('img').attr('alt') ?? '') || singleLine(logo.attr('alt') ?? '');
  return named.length >= 3 && named.length <= LOGO_NAME_CHARS ? named : undefined;
}

/** A logo's text longer than this is not a site name. */
const LOGO_NAME_CHARS = 100;

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

/**
 * Text from documents, and answers built from it, reach people through Markdown renderers (Web Chat:
 * markdown-it with HTML, auto-linking and typographer on; Teams). This is the one place that turns such
 * text into Markdown that shows exactly that text: no HTML, no emphasis, no headings or lists, no links.
 *
 * Everything that could be markup becomes a numeric character reference. CommonMark decodes those into
 * literal characters that never act as structure, markdown-it keeps them out of its auto-linker, and
 * Teams, whose messages are HTML underneath, shows them as the characters they stand for.
 */

/** Characters that are markup wherever they stand (quotes: typographer would curl them). */
const ALWAYS = new Set(['&', '<', '>', '\\', '`', '*', '_', '[', ']', '~', '|', '{', '}', '\u27ec', '\u27ed', '"', "'"]);
/** Characters that links, e-mail addresses and domains are made of, when something follows them directly. */
const LINK_JOINERS = new Set(['.', ':', '@', '/', '\u3002', '\uff0e', '\uff61']);
/** At the start of a line these begin a heading, quote, list, rule or setext underline. */
const LINE_STARTERS = new Set(['#', '-', '+', '=', '>']);
/** Citation markers the answer engines write ("[1]"); kept literal so Teams matches them to its citations. */
const MARKER = /^\[\d{1,3}\](?![(:])/;

function reference(char: string): string {
  return `&#${char.codePointAt(0)};`;
}

/** One line of plain text as inline Markdown. */
function lineAsMarkdown(line: string): string {
  let out = '';
  const text = line.replace(/^[ \t]+/, '');
  // "1. Punkt" / "1) Punkt" would start an ordered list.
  const ordered = /^\d{1,9}[.)]/.exec(text);
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '[' && MARKER.test(text.slice(i))) {
      const marker = MARKER.exec(text.slice(i))![0];
      out += marker;
      i += marker.length - 1;
      continue;
    }
    const next = text[i + 1];
    const atStart = i === 0 && LINE_STARTERS.has(char);
    const endsListNumber = ordered !== null && i === ordered[0].length - 1;
    const joinsLink = LINK_JOINERS.has(char) && next !== undefined && !/\s/.test(next);
    out += ALWAYS.has(char) || atStart || endsListNumber || joinsLink ? reference(char) : char;
  }
  return out;
}

/**
 * Plain text as Markdown that renders as the same text. Paragraphs (blank lines) stay paragraphs,
 * single line breaks stay line breaks; control characters are dropped.
 */
export function plainTextAsMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .split(/\n{2,}/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => lineAsMarkdown(line.trimEnd()))
        .filter((line) => line !== '')
        .join('  \n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

import { splitSentences } from '../../facts/sentences.ts';
import type { Chunk, Contact } from '../../types.ts';
import { analyze } from '../../text/germanText.ts';

/**
 * Evidence units: the pieces of a passage an answer can be taken from, with the document structure they
 * sit in. A sentence of running text, a list item, a table row (with the table's header cells), a
 * key–value line ("Ort: Kiel") and a slide line are units; label lines ("Kosten pro Modul", a definition
 * term) and headings are units too, but mainly name what the units below them are about. A contact
 * record extracted at ingest time (a name with role, phone and e-mail from the lines of a contact slide)
 * is a unit of its own, so one answer can give all of a person's details.
 */

export type UnitKind = 'heading' | 'label' | 'sentence' | 'item' | 'row' | 'field' | 'contact';

export interface EvidenceUnit {
  chunk: Chunk;
  kind: UnitKind;
  /** The unit's text on one line, list markers removed. */
  text: string;
  /** Position within the chunk, for reading order. */
  position: number;
  /** Id of the paragraph, list or table the unit belongs to within its chunk. */
  block: number;
  /** The label line or key the unit stands under ("Termine", "Kosten pro Modul", "Anmeldung"). */
  label?: string;
  /** Header cells of the table a row belongs to. */
  header?: string[];
  terms: ReadonlySet<string>;
  /** Terms of the label, the table header, the heading path and the document title. */
  contextTerms: ReadonlySet<string>;
}

const BULLET = /^\s*(?:[-–•*·▪►◦]|\d{1,2}[.)](?=\s))\s*/;
/** The longest line that still reads as an item of a list without bullets. */
const LINE_ITEM_CHARS = 120;
const FIELD = /^(\p{Lu}[\p{L}\p{N} ./&()-]{0,38}?)\s*(:|\?)\s+(\S.*)$/u;
const SENTENCE_END = /[.!?…]["“”»)]?$/;

function cleanLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\*\*/g, '').trim();
}

/** A short line without sentence punctuation that names what follows ("Kosten pro Modul", "Termine"). */
export function looksLikeLabel(text: string): boolean {
  if (text.length > 60 || SENTENCE_END.test(text) || /[,;]$/.test(text)) return false;
  const words = text.split(' ');
  return words.length <= 8 && /^[\p{Lu}\p{N}]/u.test(text);
}

/** Photo captions and credits look like key–value lines but say nothing about the key. */
const CAPTION_KEY = /^(?:gruppen)?(?:foto|fotos|bild|bilder|abbildung|abb\.|grafik|quelle|bildquelle|foto(?:grafie)?|photo|image|picture|source|credit)$/i;

function fieldOf(text: string): { key: string; value: string } | undefined {
  const m = FIELD.exec(text);
  if (!m?.[1] || !m[3]) return undefined;
  const key = m[1].trim();
  if (key.split(' ').length > 5 || /^\d+$/.test(key) || CAPTION_KEY.test(key)) return undefined;
  return { key, value: m[3] };
}

const unitCache = new Map<string, EvidenceUnit[]>();
const CACHE_LIMIT = 20_000;

/** The units of one chunk, in reading order. Chunk ids are content hashes, so a cache entry never goes stale. */
export function unitsOfChunk(chunk: Chunk): EvidenceUnit[] {
  const cached = unitCache.get(chunk.id);
  if (cached) return cached;
  const units = buildUnits(chunk);
  if (unitCache.size >= CACHE_LIMIT) unitCache.clear();
  unitCache.set(chunk.id, units);
  return units;
}

/** The units of the chunk's text, in reading order: without the contact records read from its facts, which come after them. */
export function textUnitsOf(chunk: Chunk): EvidenceUnit[] {
  return unitsOfChunk(chunk).filter((unit) => unit.kind !== 'contact');
}

function buildUnits(chunk: Chunk): EvidenceUnit[] {
  const units: EvidenceUnit[] = [];
  const documentContext = `${chunk.title}\n${(chunk.headingPath ?? []).join('\n')}\n${chunk.heading ?? ''}`;
  let label: string | undefined;
  const add = (kind: UnitKind, text: string, block: number, extra: { label?: string; header?: string[]; outerLabel?: string } = {}) => {
    if (text.length === 0) return;
    const context = [documentContext, extra.outerLabel ?? '', extra.label ?? '', ...(extra.header ?? [])].join('\n');
    units.push({
      chunk,
      kind,
      text,
      position: units.length,
      block,
      ...(extra.label ? { label: extra.label } : {}),
      ...(extra.header ? { header: extra.header } : {}),
      terms: new Set(analyze(text)),
      contextTerms: new Set(analyze(context)),
    });
  };

  const paragraphs = chunk.text.split(/\n[ \t]*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
  // Web pages and Word files give every list item and every key–value line a paragraph of its own; a run
  // of such paragraphs is one list, so its items share a block.
  let block = -1;
  let previousShape: 'list' | 'field' | 'other' = 'other';
  let introduced = false;
  paragraphs.forEach((paragraph, index) => {
    const introducedHere = introduced;
    introduced = false;
    const single = cleanLine(paragraph);
    const shape = BULLET.test(paragraph) ? 'list' : !paragraph.includes('\n') && fieldOf(single) ? 'field' : 'other';
    if (shape === 'other' || shape !== previousShape) block++;
    previousShape = shape;
    if (index === 0 && chunk.heading && single === cleanLine(chunk.heading)) {
      add('heading', single, block);
      label = undefined;
      return;
    }
    const lines = paragraph.split('\n').map(cleanLine).filter((l) => l.length > 0);
    if (lines.length > 0 && lines.every((line) => line.includes(' | '))) {
      const rows = lines.map((line) => line.split(' | ').map((cell) => cell.trim()));
      const header = tableHeader(rows);
      rows.forEach((cells, i) => {
        if (header && i === 0) add('label', cells.join(' | '), block, label ? { label } : {});
        else add('row', cells.join(' | '), block, { ...(label ? { label } : {}), ...(header ? { header } : {}) });
      });
      return;
    }
    // A postal address ("Amt der … Landesregierung" / "Abteilung 1 - Personal" / "Europaplatz 1" / "7000
    // Eisenstadt") is one fact: its lines stay together, so the answer gives all of it.
    if (isPostalAddress(lines)) {
      add('item', joinAddress(lines), block, label ? { label } : {});
      return;
    }
    const spans = splitSentences(paragraph);
    // Short lines without a full stop, one under the other ("30.09.2019, 17 Uhr: Auftakt in Süderbrarup" /
    // "04.11.2019, 17 Uhr: Lübeck, Rathaus"), are a list without bullets; a card with key–value lines
    // ("Telefon: …") is not, unless a sentence ending in a colon introduces the lines ("… finden drei
    // Veranstaltungen statt:" / … / "Anfang November in Heide: genauere Angaben folgen").
    const lineList =
      lines.length >= 2 &&
      spans.length === lines.length &&
      lines.every((line) => line.length <= LINE_ITEM_CHARS && !SENTENCE_END.test(line) && (introducedHere || !fieldOf(line)));
    const isList = lineList || spans.some((span) => BULLET.test(span.text));
    if (!isList && spans.length === 1 && looksLikeLabel(single) && index < paragraphs.length - 1 && !fieldOf(single)) {
      add('label', single, block, label ? { label } : {});
      label = single.replace(/:$/, '');
      return;
    }
    for (const piece of structuralPieces(paragraph, spans)) {
      const text = cleanLine(piece.text.replace(BULLET, ''));
      const field = piece.lineStart ? fieldOf(text) : undefined;
      if (field) add('field', text, block, { label: field.key, ...(label ? { outerLabel: label } : {}) });
      else if (piece.bulleted || isList) add('item', text, block, label ? { label } : {});
      else add('sentence', text, block, label ? { label } : {});
    }
    // A sentence that ends with a colon introduces the list or table after it ("… mit folgenden Themen:"),
    // and so does one that breaks off before a bulleted list ("Die Rahmenbedingungen regeln unter anderem" /
    // "- die Kostenbeteiligung des Arbeitgebers, …").
    const last = spans[spans.length - 1]?.text.trim() ?? '';
    const breaksOff = !SENTENCE_END.test(last) && !/[,;]$/.test(last) && BULLET.test(paragraphs[index + 1] ?? '');
    if (!isList && (last.endsWith(':') || breaksOff)) {
      label = cleanLine(last).replace(/:$/, '');
      introduced = true;
    }
  });
  chunk.facts.contacts.forEach((contact) => {
    if (!contact.name || (contact.phones.length === 0 && contact.emails.length === 0 && !contact.role)) return;
    add('contact', contactText(contact), block + 1);
  });
  return units;
}

/** A contact record as one line: "Christine Schröder (Projektleiterin, Freie Hansestadt Bremen; Qualifica Digitalis), Telefon …, E-Mail …". */
function contactText(contact: Contact): string {
  const name = [contact.honorific, contact.name].filter(Boolean).join(' ');
  const about = [[contact.role, contact.organisation].filter(Boolean).join(', '), contact.programme].filter(Boolean).join('; ');
  const details = [contact.phones[0] ? `Telefon ${contact.phones[0]}` : '', contact.emails[0] ? `E-Mail ${contact.emails[0]}` : ''].filter(Boolean);
  return [`${name}${about ? ` (${about})` : ''}`, ...details].join(', ');
}

/** A line of a postcode and a town: "7000 Eisenstadt", "D-10117 Berlin", "CH-4509 Solothurn". */
const POSTCODE_LINE = /^(?:(?:D|A|CH)-?\s?)?\d{4,5}\s+\p{Lu}[\p{L} .()/-]{1,40}$/u;
const ADDRESS_LINE_CHARS = 80;

/** Two to six short lines without sentence punctuation, ending with the postcode and town. */
function isPostalAddress(lines: readonly string[]): boolean {
  if (lines.length < 2 || lines.length > 6) return false;
  if (!POSTCODE_LINE.test(lines[lines.length - 1]!)) return false;
  return lines.every((line) => line.length <= ADDRESS_LINE_CHARS && !SENTENCE_END.test(line));
}

/** Address lines joined by commas, unless they carry their own ("Seeweg 2,") or wrap a sentence ("in der"). */
function joinAddress(lines: readonly string[]): string {
  const ownPunctuation = lines.some((line) => /,$/.test(line)) || lines.slice(1).some((line) => /^\p{Ll}/u.test(line));
  return lines.join(ownPunctuation ? ' ' : ', ');
}

/** A list item or key–value line up to this long stays one unit, like a table cell; longer ones split at sentences. */
const WHOLE_ITEM_CHARS = 400;

interface Piece {
  text: string;
  bulleted: boolean;
  /** Whether the piece starts a line: only then can it be a key–value line. */
  lineStart: boolean;
}

/**
 * The pieces of a paragraph that become units: each sentence of running text, but each list item or
 * key–value line whole (its second sentence still belongs to it: "Anmeldung: Der Arbeitgeber meldet …
 * Eine Anmeldung als Selbstzahler ist ebenfalls möglich").
 */
function structuralPieces(paragraph: string, spans: ReturnType<typeof splitSentences>): Piece[] {
  const pieces: Piece[] = [];
  const lineStarts = new Set<number>([0]);
  for (let i = paragraph.indexOf('\n'); i >= 0; i = paragraph.indexOf('\n', i + 1)) lineStarts.add(i + 1);
  const startsLine = (offset: number) => lineStarts.has(offset) || [...lineStarts].some((l) => paragraph.slice(l, offset).trim() === '');
  let open: Piece | undefined;
  for (const span of spans) {
    const bulleted = BULLET.test(span.text);
    const lineStart = startsLine(span.start);
    const startsItem = bulleted || (lineStart && fieldOf(cleanLine(span.text)) !== undefined);
    // A sentence on the same line continues the open item or key–value line; in a list, so does a line
    // without a bullet ("• Sandra Harter" / "Organisation").
    const continues = open && !bulleted && (!lineStart || (open.bulleted && !fieldOf(cleanLine(span.text))));
    if (open && continues && open.text.length + span.text.length < WHOLE_ITEM_CHARS) {
      // A line of a contact card ("Sandra Harter" / "Organisation") joins with a comma; a wrapped sentence with a space.
      const card = lineStart && !/[.!?:;,]$/.test(open.text.trim()) && /^\p{Lu}/u.test(span.text);
      open.text = `${open.text}${card ? ', ' : ' '}${span.text}`;
      continue;
    }
    open = undefined;
    const piece = { text: span.text, bulleted, lineStart };
    pieces.push(piece);
    if (startsItem) open = piece;
  }
  return pieces;
}

/** The first row is a header when its cells hold no figures and later rows do, or all its cells are short names. */
function tableHeader(rows: readonly string[][]): string[] | undefined {
  const [first, ...rest] = rows;
  if (!first || rest.length === 0 || first.length < 2) return undefined;
  const hasDigits = (cells: readonly string[]) => cells.some((cell) => /\d/.test(cell));
  const short = first.every((cell) => cell.split(' ').length <= 3 && !SENTENCE_END.test(cell));
  if (hasDigits(first) || !short) return undefined;
  return rest.some(hasDigits) || rest.every((row) => row.length === first.length) ? first : undefined;
}

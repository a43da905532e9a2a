import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Turns the bytes of a text-like file (plain text, Markdown, HTML) into a string without U+FFFD:
 * byte-order mark first, then a declared charset, then strict UTF-8, then detection. Office PCs
 * still save Windows-1252/Latin-1 files, so that is the fallback for anything undecidable.
 */

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Encodings chardet reports that plausibly hold German text; anything else is a guess we distrust. */
const PLAUSIBLE_FOR_GERMAN = new Set([
  'ISO-8859-1',
  'ISO-8859-2',
  'ISO-8859-9',
  'windows-1250',
  'windows-1252',
  'windows-1254',
  'UTF-16LE',
  'UTF-16BE',
  'UTF-32LE',
  'UTF-32BE',
]);

export interface DecodedText {
  text: string;
  /** The encoding actually used, for logs. */
  encoding: string;
}

export function decodeText(bytes: Uint8Array, declaredCharset?: string): DecodedText {
  const bom = encodingFromBom(bytes);
  if (bom) return { text: iconv.decode(Buffer.from(bytes), bom.encoding, { stripBOM: true }), encoding: bom.encoding };

  const declared = declaredCharset ? canonicalCharset(declaredCharset) : undefined;
  if (declared && declared !== 'utf-8' && iconv.encodingExists(declared)) {
    return { text: iconv.decode(Buffer.from(bytes), declared), encoding: declared };
  }

  const utf8 = tryUtf8(bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };

  const detected = detectEncoding(bytes);
  return { text: iconv.decode(Buffer.from(bytes), detected), encoding: detected };
}

function encodingFromBom(bytes: Uint8Array): { encoding: string } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be' };
  return undefined;
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    // Not valid UTF-8: the caller falls back to detection.
    return undefined;
  }
}

/**
 * Follows the WHATWG rule that "latin1"/"iso-8859-1"/"ascii" labels mean Windows-1252, which also
 * decodes the typographic quotes and € that such files contain in 0x80–0x9F.
 */
function canonicalCharset(label: string): string {
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'windows-1252'].includes(name))
    return 'windows-1252';
  if (name === 'utf8') return 'utf-8';
  return name;
}

function detectEncoding(bytes: Uint8Array): string {
  for (const match of chardet.analyse(bytes)) {
    if (match.name === 'UTF-8' || match.name === 'ASCII') continue;
    if (!PLAUSIBLE_FOR_GERMAN.has(match.name) && match.confidence < 80) continue;
    const name = canonicalCharset(match.name);
    if (iconv.encodingExists(name)) return name;
  }
  return 'windows-1252';
}

/** Reads `<meta charset>` or the http-equiv content type from the first bytes of an HTML file. */
export function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return direct?.[1];
}

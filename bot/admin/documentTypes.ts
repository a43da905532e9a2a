import { readFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';

/**
 * Which uploads are accepted: the extension must name a format the ingestion reads AND the bytes
 * must be that format, so a renamed executable or a zip bomb with a .docx name is refused at the door.
 */
type ContentKind = 'pdf' | 'docx' | 'pptx' | 'text';

const KIND_BY_EXTENSION: Record<string, ContentKind> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.pptx': 'pptx',
  '.html': 'text',
  '.htm': 'text',
  '.md': 'text',
  '.markdown': 'text',
  '.txt': 'text',
};

const OOXML_MAIN_TYPE: Record<'docx' | 'pptx', string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
};

/** How many leading bytes the upload keeps in memory for the checks below. */
export const HEAD_BYTES = 8192;

/** A refusal carries a German reason for the admin page and an English code for clients. */
export type TypeCheck = { ok: true } | { ok: false; code: 'unsupported_type' | 'wrong_content'; reason: string };

export function allowedExtensions(): string[] {
  return Object.keys(KIND_BY_EXTENSION);
}

export function checkExtension(name: string): TypeCheck {
  const extension = path.extname(name).toLowerCase();
  if (KIND_BY_EXTENSION[extension]) return { ok: true };
  return {
    ok: false,
    code: 'unsupported_type',
    reason: `Der Dateityp „${extension || '(ohne Endung)'}“ wird nicht angenommen; erlaubt sind: ${allowedExtensions().join(', ')}.`,
  };
}

const BINARY_SIGNATURES: Array<[string, Buffer]> = [
  ['ein PDF', Buffer.from('%PDF-')],
  ['eine ZIP- oder Office-Datei', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  ['ein Windows-Programm', Buffer.from('MZ')],
  ['ein ELF-Programm', Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  ['ein GZIP-Archiv', Buffer.from([0x1f, 0x8b])],
];

function wrongContent(reason: string): TypeCheck {
  return { ok: false, code: 'wrong_content', reason };
}

function checkText(head: Buffer): TypeCheck {
  for (const [what, signature] of BINARY_SIGNATURES) {
    if (head.subarray(0, signature.length).equals(signature)) return wrongContent(`Der Inhalt ist ${what}, kein Text.`);
  }
  // UTF-16 text has a BOM; any other NUL byte means binary content.
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (!utf16 && head.includes(0)) return wrongContent('Der Inhalt ist binär, kein Text.');
  return { ok: true };
}

async function checkOfficeDocument(kind: 'docx' | 'pptx', filePath: string, head: Buffer): Promise<TypeCheck> {
  const label = kind === 'docx' ? 'kein Word-Dokument (.docx)' : 'keine PowerPoint-Präsentation (.pptx)';
  if (!head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return wrongContent(`Der Inhalt ist ${label}: Die ZIP-Signatur fehlt.`);
  }
  let contentTypes: string | undefined;
  try {
    const zip = await JSZip.loadAsync(await readFile(filePath));
    contentTypes = await zip.file('[Content_Types].xml')?.async('string');
  } catch (error) {
    return wrongContent(`Der Inhalt ist ${label}: Der ZIP-Container ist beschädigt (${(error as Error).message}).`);
  }
  if (contentTypes === undefined) return wrongContent(`Der Inhalt ist ${label}: [Content_Types].xml fehlt.`);
  if (!contentTypes.includes(OOXML_MAIN_TYPE[kind])) {
    return wrongContent(`Der Inhalt ist ${label}: [Content_Types].xml nennt einen anderen Dokumenttyp.`);
  }
  return { ok: true };
}

/** Checks that the stored bytes match the extension. `head` holds the first HEAD_BYTES bytes. */
export async function checkContent(name: string, filePath: string, head: Buffer): Promise<TypeCheck> {
  const kind = KIND_BY_EXTENSION[path.extname(name).toLowerCase()];
  switch (kind) {
    case 'pdf':
      return head.subarray(0, 5).equals(Buffer.from('%PDF-'))
        ? { ok: true }
        : wrongContent('Der Inhalt ist kein PDF: Er beginnt nicht mit %PDF-.');
    case 'docx':
    case 'pptx':
      return checkOfficeDocument(kind, filePath, head);
    case 'text':
      return checkText(head);
    default:
      return checkExtension(name);
  }
}

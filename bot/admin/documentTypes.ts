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

export type TypeCheck = { ok: true } | { ok: false; reason: string };

export function allowedExtensions(): string[] {
  return Object.keys(KIND_BY_EXTENSION);
}

export function checkExtension(name: string): TypeCheck {
  const extension = path.extname(name).toLowerCase();
  if (KIND_BY_EXTENSION[extension]) return { ok: true };
  return {
    ok: false,
    reason: `file type "${extension || '(none)'}" is not accepted; allowed: ${allowedExtensions().join(', ')}`,
  };
}

const BINARY_SIGNATURES: Array<[string, Buffer]> = [
  ['a PDF', Buffer.from('%PDF-')],
  ['a ZIP/Office file', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  ['a Windows program', Buffer.from('MZ')],
  ['an ELF program', Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  ['a GZIP archive', Buffer.from([0x1f, 0x8b])],
];

function checkText(head: Buffer): TypeCheck {
  for (const [what, signature] of BINARY_SIGNATURES) {
    if (head.subarray(0, signature.length).equals(signature)) return { ok: false, reason: `content is ${what}, not text` };
  }
  // UTF-16 text has a BOM; any other NUL byte means binary content.
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (!utf16 && head.includes(0)) return { ok: false, reason: 'content is binary, not text' };
  return { ok: true };
}

async function checkOfficeDocument(kind: 'docx' | 'pptx', filePath: string, head: Buffer): Promise<TypeCheck> {
  const label = kind === 'docx' ? 'a Word document (.docx)' : 'a PowerPoint presentation (.pptx)';
  if (!head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return { ok: false, reason: `content is not ${label}: no ZIP signature` };
  }
  let contentTypes: string | undefined;
  try {
    const zip = await JSZip.loadAsync(await readFile(filePath));
    contentTypes = await zip.file('[Content_Types].xml')?.async('string');
  } catch (error) {
    return { ok: false, reason: `content is not ${label}: the ZIP container is damaged (${(error as Error).message})` };
  }
  if (contentTypes === undefined) return { ok: false, reason: `content is not ${label}: [Content_Types].xml is missing` };
  if (!contentTypes.includes(OOXML_MAIN_TYPE[kind])) {
    return { ok: false, reason: `content is not ${label}: [Content_Types].xml declares another document type` };
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
        : { ok: false, reason: 'content is not a PDF: it does not start with %PDF-' };
    case 'docx':
    case 'pptx':
      return checkOfficeDocument(kind, filePath, head);
    case 'text':
      return checkText(head);
    default:
      return checkExtension(name);
  }
}

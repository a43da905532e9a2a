import path from 'node:path';

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

const MAX_NAME_LENGTH = 180;
// Characters Windows (and SharePoint sync) refuse in file names, plus C0/C1 control characters.
const FORBIDDEN_CHARS = '<>:"|?*\\u0000-\\u001f\\u007f-\\u009f';
const FORBIDDEN_ALL = new RegExp(`[${FORBIDDEN_CHARS}]`, 'g');
const FORBIDDEN_ANY = new RegExp(`[${FORBIDDEN_CHARS}]`);

/**
 * Turns a client-supplied file name into a safe name for a file directly in the documents folder:
 * only the last path segment is kept, control and reserved characters go, leading dots go (no hidden
 * files, no `..`), Unicode is NFC so "Ü" from macOS and Windows is the same file.
 */
export function sanitizeUploadName(raw: string): NameCheck {
  const lastSegment = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(FORBIDDEN_ALL, '')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .replace(/\s+/g, ' ');
  if (cleaned === '') return { ok: false, reason: `file name "${raw.slice(0, 80)}" has no usable characters` };
  if (cleaned.length > MAX_NAME_LENGTH) return { ok: false, reason: `file name is longer than ${MAX_NAME_LENGTH} characters` };
  return { ok: true, name: cleaned };
}

/** Temporary upload files start with a dot, so ingestion and the folder listing skip them. */
export function isTemporaryUploadName(name: string): boolean {
  return name.startsWith('.upload-');
}

/**
 * Checks a document path given in a URL (relative to the documents folder, forward slashes) and
 * returns it normalised; refuses anything that could leave the folder or address a hidden file.
 */
export function checkDocumentPath(raw: string): NameCheck {
  const normalized = raw.normalize('NFC');
  if (normalized.includes('\\') || normalized.includes('\0') || path.posix.isAbsolute(normalized) || /^[a-z]:/i.test(normalized)) {
    return { ok: false, reason: 'document name must be a relative path inside the documents folder' };
  }
  const segments = normalized.split('/');
  for (const segment of segments) {
    if (segment === '' || segment.startsWith('.') || FORBIDDEN_ANY.test(segment)) {
      return { ok: false, reason: `document name "${raw.slice(0, 80)}" is not allowed (empty, hidden or reserved path segment)` };
    }
  }
  return { ok: true, name: segments.join('/') };
}

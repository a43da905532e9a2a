import path from 'node:path';
import { isFolderNote } from '../../core/index/folderNotes.ts';

/** A refusal carries a German reason for the admin page and an English code for clients. */
export type NameCheck = { ok: true; name: string } | { ok: false; code: string; reason: string };

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
  if (cleaned === '') return { ok: false, code: 'invalid_name', reason: `Der Dateiname „${raw.slice(0, 80)}“ enthält keine verwendbaren Zeichen.` };
  if (cleaned.length > MAX_NAME_LENGTH) {
    return { ok: false, code: 'name_too_long', reason: `Der Dateiname ist länger als ${MAX_NAME_LENGTH} Zeichen.` };
  }
  if (isFolderNote(cleaned)) {
    return {
      ok: false,
      code: 'folder_note',
      reason: `„${cleaned}“ ist eine Notizdatei des Dokumentenordners und wird nicht indexiert. Bitte geben Sie dem Dokument einen anderen Namen.`,
    };
  }
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
    return { ok: false, code: 'invalid_path', reason: 'Der Dokumentname muss ein relativer Pfad innerhalb des Dokumentenordners sein.' };
  }
  const segments = normalized.split('/');
  for (const segment of segments) {
    if (segment === '' || segment.startsWith('.') || FORBIDDEN_ANY.test(segment)) {
      return {
        ok: false,
        code: 'invalid_path',
        reason: `Der Dokumentname „${raw.slice(0, 80)}“ ist nicht zulässig (leerer, versteckter oder reservierter Pfadteil).`,
      };
    }
  }
  return { ok: true, name: segments.join('/') };
}

import { lstat, readdir, realpath, unlink } from 'node:fs/promises';
import path from 'node:path';
import { WegweiserError } from '../../core/errors.ts';
import { isFolderNote } from '../../core/index/folderNotes.ts';

export interface FolderDocument {
  /** Path relative to the documents folder, forward slashes (as in the index manifest). */
  name: string;
  size: number;
  mtime: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules']);

/** Lists the documents in the documents folder (recursively): hidden files, temporary uploads and the folder's notes excluded. */
export async function listFolderDocuments(docsDir: string): Promise<FolderDocument[]> {
  const found: FolderDocument[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && prefix === '') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(path.join(dir, entry.name), relative);
      } else if (entry.isFile() && !isFolderNote(relative)) {
        const info = await lstat(path.join(dir, entry.name));
        found.push({ name: relative, size: info.size, mtime: info.mtime.toISOString() });
      }
    }
  }
  await walk(docsDir, '');
  return found.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

export class DocumentPathError extends WegweiserError {
  constructor(readonly documentName: string, reason: string) {
    super(reason, 'document_path_invalid');
  }
}

/**
 * Resolves a checked relative name to an absolute path and proves it stays inside the documents
 * folder even through symlinked parent folders.
 */
export async function resolveInsideFolder(docsDir: string, relativeName: string): Promise<string> {
  const root = await realpath(docsDir);
  const target = path.resolve(root, ...relativeName.split('/'));
  if (!target.startsWith(root + path.sep)) throw new DocumentPathError(relativeName, 'Der Pfad führt aus dem Dokumentenordner hinaus.');
  let parent: string;
  try {
    parent = await realpath(path.dirname(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return target;
    throw error;
  }
  if (parent !== root && !parent.startsWith(root + path.sep)) {
    throw new DocumentPathError(relativeName, 'Der Pfad führt über eine Verknüpfung aus dem Dokumentenordner hinaus.');
  }
  return path.join(parent, path.basename(target));
}

/** Deletes one regular file from the documents folder; false when there is no such file. */
export async function deleteFolderDocument(docsDir: string, relativeName: string): Promise<boolean> {
  // The folder's notes are not documents, here as everywhere else.
  if (isFolderNote(relativeName)) return false;
  const target = await resolveInsideFolder(docsDir, relativeName);
  let info;
  try {
    info = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!info.isFile()) throw new DocumentPathError(relativeName, 'Nur gewöhnliche Dateien können gelöscht werden.');
  await unlink(target);
  return true;
}

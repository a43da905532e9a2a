import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { WegweiserError } from '../core/errors.ts';
import { isFolderNote } from '../core/index/folderNotes.ts';

/** The documents folder is missing or is not a folder: nothing can be ingested. */
export class DocsFolderError extends WegweiserError {
  constructor(
    readonly docsDir: string,
    detail: string,
  ) {
    super(`The documents folder ${docsDir} ${detail}. Set DOCS_DIR or pass --docs with an existing folder.`, 'docs_missing');
  }
}

export interface ScannedFile {
  absolutePath: string;
  /** Relative to the documents folder, forward slashes. */
  relativePath: string;
  size: number;
  mtime: Date;
}

/** Something in the folder that looks like a document but cannot even be looked at, or must not be. */
export interface ScanProblem {
  relativePath: string;
  reason: string;
  /** `unreadable`, or `outside_docs_folder` for a link that leads out of the documents folder. */
  code: 'unreadable' | 'outside_docs_folder';
}

/** Reported for links (to files or folders) whose target lies outside the documents folder. */
export const OUTSIDE_DOCS_FOLDER = 'outside_docs_folder';

/** Whether `target` (a real path) is `root` itself or lies below it. */
export function isInsideFolder(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export interface ScanResult {
  files: ScannedFile[];
  problems: ScanProblem[];
}

/** Folders that tools create next to documents; their content is never a document. */
const IGNORED_FOLDERS = new Set(['node_modules', '__macosx', '$recycle.bin', 'lost+found']);

/** A reason a person understands for a failed file-system call. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the ingestion may not read this file';
    case 'ENOENT':
      return 'the file cannot be opened (a broken link, or it was removed during ingestion)';
    case 'ELOOP':
      return 'the file is a link that points to itself';
    case 'EISDIR':
      return 'this is a folder, not a file';
    default:
      return `the file cannot be read (${(error as Error).message})`;
  }
}

/**
 * Lists the documents below `docsDir` recursively, sorted by path. Hidden entries, tool folders and the
 * folder's own notes are skipped. Links are followed only while their target stays inside the
 * documents folder (once per real folder, so link loops end); a link that leads out of it, to a file
 * or a folder, is reported and never read.
 */
export async function scanDocsFolder(docsDir: string): Promise<ScanResult> {
  let rootStat;
  try {
    rootStat = await stat(docsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DocsFolderError(docsDir, 'does not exist');
    throw new DocsFolderError(docsDir, `cannot be read (${(error as Error).message})`);
  }
  if (!rootStat.isDirectory()) throw new DocsFolderError(docsDir, 'is a file, not a folder');

  const files: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  const visited = new Set<string>();
  const root = await realpath(docsDir);

  const walk = async (dir: string, relativeDir: string): Promise<void> => {
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (relativeDir === '') throw new DocsFolderError(docsDir, `cannot be read (${(error as Error).message})`);
      problems.push({ relativePath: relativeDir, reason: `the folder cannot be read: ${describeFsError(error)}`, code: 'unreadable' });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolutePath = path.join(dir, entry.name);
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let info;
      if (entry.isSymbolicLink() || isFile) {
        try {
          if (entry.isSymbolicLink() && !isInsideFolder(root, await realpath(absolutePath))) {
            problems.push({
              relativePath,
              reason: 'skipped: this is a link to a file or folder outside the documents folder; copy the document into the folder instead',
              code: OUTSIDE_DOCS_FOLDER,
            });
            continue;
          }
          info = await stat(absolutePath);
        } catch (error) {
          problems.push({ relativePath, reason: describeFsError(error), code: 'unreadable' });
          continue;
        }
        isDirectory = info.isDirectory();
        isFile = info.isFile();
      }
      if (isDirectory) {
        if (!IGNORED_FOLDERS.has(entry.name.toLowerCase())) await walk(absolutePath, relativePath);
        continue;
      }
      if (!isFile || !info) continue;
      if (isFolderNote(relativePath)) continue;
      files.push({ absolutePath, relativePath, size: info.size, mtime: info.mtime });
    }
  };

  await walk(docsDir, '');
  files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  problems.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
  return { files, problems };
}

/**
 * Notes about the documents folder itself (where the documents come from, how the folder is kept)
 * are not documents: a `SOURCES.md` or `README.md` at the top of the folder is never indexed, not
 * listed on the admin page, not served under /sources and cannot be uploaded. Files with these names
 * in subfolders are ordinary documents. Ingestion and the admin API both ask this one function.
 */
export const FOLDER_NOTE_NAMES: readonly string[] = ['SOURCES.md', 'README.md'];

const LOWER_CASE_NAMES = new Set(FOLDER_NOTE_NAMES.map((name) => name.toLowerCase()));

/** Whether a path relative to the documents folder (forward slashes) is one of the folder's notes. */
export function isFolderNote(relativePath: string): boolean {
  return !relativePath.includes('/') && LOWER_CASE_NAMES.has(relativePath.toLowerCase());
}

import { copyFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { STORE_SCHEMA, applyStoreChanges, type StoreChanges } from '../core/index/storeFormat.ts';

/**
 * Writes the chunk store of a new version. An incremental run copies the previous version's file and
 * applies its changes, so unchanged documents are neither re-analysed nor re-indexed. The file is not
 * live until CURRENT names its version, so it is written without a journal and synced once by the
 * caller; a crash leaves an orphan folder that the next run removes.
 */
export async function writeStore(file: string, changes: StoreChanges & { base?: string }): Promise<void> {
  if (changes.base) await copyFile(changes.base, file);
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;');
    if (!changes.base) db.exec(STORE_SCHEMA);
    applyStoreChanges(db, changes);
  } finally {
    db.close();
  }
}

import { MemoryStorage, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { AppConfig } from '../core/config.ts';

/**
 * Where conversation state (the last few exchanges) lives: in memory for a single instance, in Azure
 * Blob Storage when several instances serve the bot (STATE_STORAGE=blob).
 */
export function createStateStorage(config: AppConfig): Storage {
  if (config.STATE_STORAGE === 'blob') {
    // loadConfig already insists on a connection string for blob storage.
    return new BlobsStorage(config.BLOB_STORAGE_CONNECTION_STRING ?? '', config.BLOB_STORAGE_CONTAINER);
  }
  return new MemoryStorage();
}

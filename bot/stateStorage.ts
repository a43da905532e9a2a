import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { AppConfig } from '../core/config.ts';

/** Conversation state not written for this long is dropped (data protection: nothing accumulates). */
export const STATE_IDLE_MS = 30 * 60_000;

/**
 * In-memory state whose entries vanish after `idleMs` without a write, so remembered exchanges do not
 * outlive the conversation they belong to.
 */
export class ExpiringMemoryStorage extends MemoryStorage {
  private readonly written = new Map<string, number>();

  constructor(
    private readonly idleMs = STATE_IDLE_MS,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  override async read(keys: string[]): Promise<StoreItems> {
    this.dropExpired();
    return super.read(keys);
  }

  override async write(changes: StoreItems): Promise<void> {
    await super.write(changes);
    const now = this.now();
    for (const key of Object.keys(changes)) this.written.set(key, now);
    this.dropExpired();
  }

  override async delete(keys: string[]): Promise<void> {
    await super.delete(keys);
    for (const key of keys) this.written.delete(key);
  }

  get size(): number {
    return Object.keys(this.memory).length;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, at] of this.written) {
      if (now - at > this.idleMs) {
        delete this.memory[key];
        this.written.delete(key);
      }
    }
  }
}

/**
 * Where conversation state (the last few exchanges) lives: in memory for a single instance, in the
 * shared store with STATE_STORE=redis (`shared`), or in Azure Blob Storage when STATE_STORAGE=blob
 * is chosen explicitly (expire old blobs with a lifecycle management rule on the container).
 */
export function createStateStorage(config: AppConfig, shared?: Storage): Storage {
  if (config.STATE_STORAGE === 'blob') {
    // loadConfig already insists on a connection string for blob storage.
    return new BlobsStorage(config.BLOB_STORAGE_CONNECTION_STRING ?? '', config.BLOB_STORAGE_CONTAINER);
  }
  return shared ?? new ExpiringMemoryStorage();
}

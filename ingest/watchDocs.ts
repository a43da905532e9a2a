import path from 'node:path';
import { watch } from 'chokidar';
import type { Logger } from '../core/logger.ts';

export const DEFAULT_DEBOUNCE_MS = 2000;

export interface DocsWatcher {
  /** Stops watching and waits for a running ingestion to finish. */
  close(): Promise<void>;
}

export interface WatchOptions {
  docsDir: string;
  /** Quiet period after the last change before an ingestion starts (copying many files is one run). */
  debounceMs?: number;
  /** One incremental ingestion; errors are reported through `onError` and watching goes on. */
  run: () => Promise<void>;
  onError: (error: unknown) => void;
  /** Errors worth another attempt after the quiet period (e.g. another ingestion held the lock). */
  isRetryable?: (error: unknown) => boolean;
  logger?: Logger;
}

/**
 * Serialises runs: never two at once; changes during a run queue exactly one follow-up run, because
 * one run after the last change picks up all of them.
 */
export class SerialRunner {
  private running: Promise<void> | undefined;
  private pending = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  trigger(): void {
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    do {
      this.pending = false;
      try {
        await this.run();
      } catch (error) {
        this.onError(error);
      }
    } while (this.pending);
    this.running = undefined;
  }

  /** Resolves when no run is in progress (a queued follow-up included). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

/** Hidden files and editor/office lock files ("~$Bericht.docx") are not documents. */
function isIgnored(filePath: string, docsDir: string): boolean {
  const relative = path.relative(docsDir, filePath);
  if (relative === '') return false;
  return relative.split(path.sep).some((part) => part.startsWith('.') || part.startsWith('~$') || part === 'node_modules');
}

/** Watches the documents folder and runs an ingestion after each quiet period following changes. */
export async function watchDocs(options: WatchOptions): Promise<DocsWatcher> {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const docsDir = path.resolve(options.docsDir);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      runner.trigger();
    }, debounceMs);
  };
  const runner = new SerialRunner(options.run, (error) => {
    options.onError(error);
    if (options.isRetryable?.(error)) schedule();
  });

  // Links are not followed: what lies behind a link out of the folder is never ingested, so not watched.
  const watcher = watch(docsDir, { ignoreInitial: true, followSymlinks: false, ignored: (p: string) => isIgnored(p, docsDir) });
  watcher.on('all', (event, changedPath) => {
    if (closed) return;
    options.logger?.debug({ event, file: path.relative(docsDir, changedPath) }, 'documents folder changed');
    schedule();
  });
  watcher.on('error', (error) => options.onError(error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await runner.idle();
    },
  };
}

import type { Logger } from 'pino';
import type { AnswerRequest, AnswerResult, Chunk, Citation } from '../types.ts';
import type { EmbeddingsProvider } from '../embeddings/embeddingsProvider.ts';
import type { IndexManifest } from '../index/indexFormat.ts';
import { assertCompatibleEmbedder, openIndex, readCurrentVersion, type LoadedIndex } from '../index/indexReader.ts';
import { HybridRetriever, type RetrievalMode } from '../retrieval/hybridRetriever.ts';
import { contactsNamedInAnswer } from './answerContacts.ts';
import type { AnswerEngine, CorpusView, RetrievedChunk } from './answerEngine.ts';
import type { AssistantService } from './assistantService.ts';
import { corpusViewOf } from './corpusView.ts';
import { readQuestion } from './questionReading.ts';

/** Everything answering needs from one index version; swapped as a whole on reload. */
interface IndexSnapshot {
  index: LoadedIndex;
  retriever: HybridRetriever;
  corpus: CorpusView;
  /** Questions still being answered from this version. */
  users: number;
  /** Replaced by a newer version: released as soon as its last question is answered. */
  retired: boolean;
}

export interface AssistantOptions {
  indexDir: string;
  embeddings: EmbeddingsProvider;
  engine: AnswerEngine;
  topK: number;
  logger: Logger;
  /** Read INDEX_DIR/CURRENT periodically and reload when an ingestion swapped in a new version. */
  watch?: boolean;
  /** How often CURRENT is read when watching (default 1 s). */
  pollIntervalMs?: number;
  retrievalMode?: RetrievalMode;
}

/**
 * The answering core behind every channel: retrieve → answer → cite, on the index version that was
 * current when the question arrived. A reload opens the next version completely before swapping the
 * reference, so questions in flight finish on the old one and no question sees a half-loaded index; the
 * old version's store is closed when its last question is answered. Opening a version reads only its
 * manifest and opens its SQLite file (dense vectors, when present, load on hnswlib's worker thread), so a
 * switch does not stall the event loop. This class is the one place where index versions are switched.
 */
export class Assistant implements AssistantService {
  private snapshot: IndexSnapshot | undefined;
  private reloading: Promise<boolean> | undefined;
  private recheck: Promise<boolean> | undefined;
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly options: AssistantOptions) {}

  static async start(options: AssistantOptions): Promise<Assistant> {
    const assistant = new Assistant(options);
    await assistant.reload();
    if (options.watch) assistant.watchCurrent();
    return assistant;
  }

  isReady(): boolean {
    return this.snapshot !== undefined;
  }

  currentManifest(): IndexManifest | undefined {
    return this.snapshot?.index.manifest;
  }

  async chunksOfSource(source: string): Promise<readonly Chunk[]> {
    const snapshot = this.snapshot;
    if (!snapshot) return [];
    // Held like a question, so a swap does not close the store under the read.
    snapshot.users++;
    try {
      return snapshot.index.store.chunksOf(source);
    } finally {
      this.release(snapshot);
    }
  }

  async ask(request: AnswerRequest): Promise<AnswerResult> {
    const snapshot = this.snapshot;
    const question = readQuestion(request, snapshot?.corpus);
    if (!snapshot) {
      return {
        answered: false,
        answer:
          question.language === 'en'
            ? 'No documents have been indexed yet. Please ask an administrator to run the ingestion.'
            : 'Es sind noch keine Dokumente indexiert. Bitte wenden Sie sich an die Administration.',
        citations: [],
        language: question.language,
        kind: question.kind,
        engine: this.options.engine.name,
      };
    }
    snapshot.users++;
    try {
      const retrieved: RetrievedChunk[] = await snapshot.retriever.retrieve(question.standalone, {
        topK: this.options.topK,
        sources: request.sources,
        mode: this.options.retrievalMode,
      });
      const result = await this.options.engine.answer({ request, question, retrieved, corpus: snapshot.corpus });
      // Cited chunks are nearly always retrieved ones; the store is read only for the rest.
      const chunkOf = (citation: Citation) =>
        retrieved.find((r) => r.chunk.id === citation.chunkId)?.chunk ?? snapshot.index.store.chunksOf(citation.source).find((c) => c.id === citation.chunkId);
      const contacts = contactsNamedInAnswer(result, chunkOf);
      return contacts.length > 0 ? { ...result, contacts } : result;
    } finally {
      this.release(snapshot);
    }
  }

  /** Retrieval alone, for evaluation and benchmarks. */
  async retrieve(query: string, topK: number, mode?: RetrievalMode): Promise<RetrievedChunk[]> {
    const snapshot = this.snapshot;
    if (!snapshot) return [];
    snapshot.users++;
    try {
      return await snapshot.retriever.retrieve(query, { topK, mode });
    } finally {
      this.release(snapshot);
    }
  }

  private release(snapshot: IndexSnapshot): void {
    snapshot.users--;
    if (snapshot.retired && snapshot.users === 0) snapshot.index.close();
  }

  private retire(snapshot: IndexSnapshot | undefined): void {
    if (!snapshot) return;
    snapshot.retired = true;
    if (snapshot.users === 0) snapshot.index.close();
  }

  /**
   * Loads the index CURRENT names if it is not the one in use. A load already under way may have read
   * CURRENT before the caller's ingestion wrote it, so a trigger during a load gets a second check
   * after it; all triggers during one load share that check (watcher + admin API).
   */
  reload(): Promise<boolean> {
    if (!this.reloading) return this.startLoad();
    this.recheck ??= this.reloading
      .catch(() => false)
      .then(() => {
        this.recheck = undefined;
        return this.startLoad();
      });
    return this.recheck;
  }

  private startLoad(): Promise<boolean> {
    this.reloading = this.loadIfChanged().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async loadIfChanged(): Promise<boolean> {
    const { indexDir, embeddings, logger } = this.options;
    const current = await readCurrentVersion(indexDir);
    if (!current || current === this.snapshot?.index.versionId) return false;
    const started = performance.now();
    const index = await openIndex(indexDir);
    if (!index) return false;
    try {
      assertCompatibleEmbedder(index.manifest, embeddings.info);
    } catch (error) {
      index.close();
      throw error;
    }
    const retriever = new HybridRetriever(index, embeddings.embeddings);
    const previous = this.snapshot;
    this.snapshot = { index, retriever, corpus: corpusViewOf(index.store, retriever.keyword), users: 0, retired: false };
    this.retire(previous);
    logger.info(
      { version: index.versionId, chunks: index.store.count, files: index.manifest.files.length, ms: Math.round(performance.now() - started) },
      'index loaded',
    );
    return true;
  }

  /**
   * Reads CURRENT on a timer and compares the version it names. Reading the content (not stat or
   * file events) also works on shared volumes (NFS, SMB/Azure Files), which deliver no events and may
   * cache attributes, so every replica switches by itself, whichever one ran the ingestion.
   */
  private watchCurrent(): void {
    let lastError = '';
    this.poller = setInterval(() => {
      this.reload().then(
        () => {
          lastError = '';
        },
        (error: unknown) => {
          // A broken CURRENT would fail every poll; say so once per distinct problem.
          if ((error as Error).message === lastError) return;
          lastError = (error as Error).message;
          this.options.logger.error({ err: error }, 'reloading the index failed; still answering from the previous version');
        },
      );
    }, this.options.pollIntervalMs ?? 1000);
    this.poller.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    this.poller = undefined;
    await this.recheck?.catch(() => undefined);
    await this.reloading?.catch(() => undefined);
    this.retire(this.snapshot);
    this.snapshot = undefined;
  }
}

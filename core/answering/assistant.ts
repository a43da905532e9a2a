import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AnswerRequest, AnswerResult } from '../types.ts';
import type { EmbeddingsProvider } from '../embeddings/embeddingsProvider.ts';
import { CURRENT_FILE, type IndexManifest } from '../index/indexFormat.ts';
import { assertCompatibleEmbedder, openIndex, readCurrentVersion, type LoadedIndex } from '../index/indexReader.ts';
import { HybridRetriever, type RetrievalMode } from '../retrieval/hybridRetriever.ts';
import { contactsNamedInAnswer } from './answerContacts.ts';
import type { AnswerEngine, CorpusView, RetrievedChunk } from './answerEngine.ts';
import type { AssistantService } from './assistantService.ts';
import { corpusViewOf } from './corpusView.ts';
import { analyzeQuestion } from './questionAnalysis.ts';

/** Everything answering needs from one index version; swapped as a whole on reload. */
interface IndexSnapshot {
  index: LoadedIndex;
  retriever: HybridRetriever;
  corpus: CorpusView;
}

export interface AssistantOptions {
  indexDir: string;
  embeddings: EmbeddingsProvider;
  engine: AnswerEngine;
  topK: number;
  logger: Logger;
  /** Watch INDEX_DIR/CURRENT and reload when an ingestion swaps in a new version. */
  watch?: boolean;
  retrievalMode?: RetrievalMode;
}

/**
 * The answering core behind every channel: retrieve → answer → cite, on the index version that was
 * current when the question arrived. A reload builds the next snapshot completely before swapping the
 * reference, so questions in flight finish on the old one and no question sees a half-loaded index.
 */
export class Assistant implements AssistantService {
  private snapshot: IndexSnapshot | undefined;
  private reloading: Promise<boolean> | undefined;
  private watcher: (() => void) | undefined;

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

  async ask(request: AnswerRequest): Promise<AnswerResult> {
    const snapshot = this.snapshot;
    const question = analyzeQuestion(request);
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
    const retrieved: RetrievedChunk[] = await snapshot.retriever.retrieve(question.standalone, {
      topK: this.options.topK,
      sources: request.sources,
      mode: this.options.retrievalMode,
    });
    const result = await this.options.engine.answer({ request, question, retrieved, corpus: snapshot.corpus });
    // Cited chunks are nearly always retrieved ones; the whole index is searched only for the rest.
    const chunkOf = (id: string) => retrieved.find((r) => r.chunk.id === id)?.chunk ?? snapshot.index.chunks.find((c) => c.id === id);
    const contacts = contactsNamedInAnswer(result, chunkOf);
    return contacts.length > 0 ? { ...result, contacts } : result;
  }

  /** Retrieval alone, for evaluation and benchmarks. */
  async retrieve(query: string, topK: number, mode?: RetrievalMode): Promise<RetrievedChunk[]> {
    if (!this.snapshot) return [];
    return this.snapshot.retriever.retrieve(query, { topK, mode });
  }

  reload(): Promise<boolean> {
    // Concurrent triggers (watcher + admin API) share one load.
    this.reloading ??= this.loadIfChanged().finally(() => {
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
    assertCompatibleEmbedder(index.manifest, embeddings.info);
    const retriever = new HybridRetriever(index, embeddings.embeddings);
    this.snapshot = { index, retriever, corpus: corpusViewOf(index.chunks, retriever.keyword) };
    logger.info(
      { version: index.versionId, chunks: index.chunks.length, files: index.manifest.files.length, ms: Math.round(performance.now() - started) },
      'index loaded',
    );
    return true;
  }

  private watchCurrent(): void {
    const currentFile = path.join(this.options.indexDir, CURRENT_FILE);
    // Polling stat is robust across editors, network shares and rename-based swaps, unlike fs.watch.
    const onChange = () => {
      this.reload().catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'reloading the index failed; still answering from the previous version');
      });
    };
    fs.watchFile(currentFile, { interval: 1000 }, onChange);
    this.watcher = () => fs.unwatchFile(currentFile, onChange);
  }

  async close(): Promise<void> {
    this.watcher?.();
    this.watcher = undefined;
    await this.reloading;
  }
}

import type { AnswerRequest, AnswerResult, Chunk } from '../types.ts';
import type { IndexManifest } from '../index/indexFormat.ts';

/**
 * What the channels (bot/, CLIs, eval) need from the answering core: ask a question, know whether an
 * index is loaded, and switch to a newer index without a restart.
 */
export interface AssistantService {
  ask(request: AnswerRequest): Promise<AnswerResult>;
  /** True once an index is loaded and questions can be answered. */
  isReady(): boolean;
  /** Manifest of the index questions are currently answered from, if any. */
  currentManifest(): IndexManifest | undefined;
  /**
   * The chunks of one indexed document, in document order, from the index questions are answered
   * from; empty when the document is not indexed. (The source viewer shows a document from these.)
   */
  chunksOfSource(source: string): Promise<readonly Chunk[]>;
  /** Loads the version CURRENT names, if it differs from the loaded one. Returns true when it switched. */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AnswerEngine } from '../core/answering/answerEngine.ts';
import { Assistant } from '../core/answering/assistant.ts';
import type { AppConfig } from '../core/config.ts';
import { createEmbeddings } from '../core/embeddings/createEmbeddings.ts';
import type { EvalQuestion } from '../core/evaluation/evalSet.ts';
import type { AnswerResult, ConversationTurn } from '../core/types.ts';
import { runIngestion } from '../ingest/ingestPipeline.ts';

/** What `npm run eval` and `npm run fit` share: a fresh index of a folder, and questions asked as the bot asks them. */

/** The bot remembers answers shortened to this length (bot/conversationMemory.ts). */
const REMEMBERED_ANSWER_CHARS = 500;

/** Ingests `docsDir` into a temporary index (never the configured one), runs `use` on an Assistant over it, cleans up. */
export async function withEvalIndex<T>(
  docsDir: string,
  config: AppConfig,
  engine: AnswerEngine,
  logger: Logger,
  use: (assistant: Assistant) => Promise<T>,
): Promise<T> {
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-eval-'));
  try {
    const embeddings = await createEmbeddings(config);
    const report = await runIngestion({ docsDir: path.resolve(docsDir), indexDir, embeddings, maxFileSizeBytes: config.maxFileSizeBytes, logger });
    for (const failed of report.failed) process.stderr.write(`ingest: ${failed.source}: ${failed.reason}\n`);
    const assistant = await Assistant.start({ indexDir, embeddings, engine, topK: config.RETRIEVAL_TOP_K, logger });
    try {
      return await use(assistant);
    } finally {
      await assistant.close();
    }
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

/** Asks the item's earlier questions in one conversation, then the item's own; returns the last answer. */
export async function askInConversation(assistant: Assistant, question: EvalQuestion): Promise<{ answer: AnswerResult; history: ConversationTurn[] }> {
  const history: ConversationTurn[] = [];
  for (const earlier of question.history ?? []) {
    const previous = await assistant.ask({ question: earlier.question, history: [...history] });
    history.push({ role: 'user', text: earlier.question }, { role: 'assistant', text: previous.answer.slice(0, REMEMBERED_ANSWER_CHARS) });
  }
  const answer = await assistant.ask({ question: question.question, ...(history.length > 0 ? { history } : {}) });
  return { answer, history };
}

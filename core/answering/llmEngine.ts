import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import type { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import type { AppConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AnswerResult, ConversationTurn, Language } from '../types.ts';
import type { AnswerContext, AnswerEngine } from './answerEngine.ts';
import { createChatModel, type ChatModelOptions, type StructuredOutputMethod } from './createChatModel.ts';
import { mapCitations } from './llmCitations.ts';
import { renderPrompt } from './promptTemplates.ts';
import { createDelimiters, neutralize, renderSources, type Delimiters, type NumberedSource } from './sourceBlocks.ts';

/**
 * Answers with a chat model from the retrieved chunks only, and checks what comes back: the reply
 * must match a schema, and every citation must name a chunk that was actually retrieved. Whenever
 * the model fails (timeout, HTTP error, malformed or unsupported reply) the extractive engine answers
 * instead, so a person always gets a sourced answer.
 */

export const llmReplySchema = z.object({
  answered: z.boolean().describe('true if the sources answer the question, false otherwise'),
  answer: z.string().describe('The answer, each statement followed by its source number such as [1]'),
  citedChunkIds: z.array(z.string()).describe('The ids of all sources cited in the answer'),
});
export type LlmReply = z.infer<typeof llmReplySchema>;

export type FallbackReason =
  | 'timeout'
  | 'http_error'
  | 'network_error'
  | 'invalid_reply'
  | 'unknown_citation'
  | 'missing_citation'
  | 'llm_error';

/** Earlier messages sent along for follow-ups: enough for "und die E-Mail?", little enough to stay cheap. */
const HISTORY_MESSAGES = 6;
const MAX_HISTORY_CHARS = 1500;

const QUESTION_LABEL: Record<Language, string> = { de: 'Frage', en: 'Question' };

export interface LlmEngineOptions {
  model: ChatOpenAI;
  modelName: string;
  structuredOutput: StructuredOutputMethod;
  timeoutMs: number;
  fallback: AnswerEngine;
  logger: Logger;
  /** Folder with the prompt files; the shipped `prompts/` when absent. */
  promptsDir?: string;
}

export class LlmEngine implements AnswerEngine {
  readonly name = 'llm';
  private readonly structured: Runnable<BaseLanguageModelInput, LlmReply>;

  constructor(private readonly options: LlmEngineOptions) {
    this.structured = options.model.withStructuredOutput(llmReplySchema, { name: 'answer', method: options.structuredOutput });
  }

  async answer(context: AnswerContext): Promise<AnswerResult> {
    // Without sources there is nothing the model may say; the extractive engine phrases "not found".
    if (context.retrieved.length === 0) return this.options.fallback.answer(context);

    const sources: NumberedSource[] = context.retrieved.map((retrieved, index) => ({ number: index + 1, chunk: retrieved.chunk }));
    const delimiters = createDelimiters();
    const messages = await this.buildMessages(context, sources, delimiters);

    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
    let reply: unknown;
    try {
      reply = await this.structured.invoke(messages, { signal });
    } catch (error) {
      // The caller gave up (client gone, shutdown): nobody is waiting for a fallback answer.
      if (context.signal?.aborted) throw context.signal.reason;
      return this.fallBack(context, classifyFailure(error, timeout.aborted), describeFailure(error), error);
    }

    const parsed = llmReplySchema.safeParse(reply);
    if (!parsed.success) return this.fallBack(context, 'invalid_reply', 'the reply does not match the answer schema');
    const { answered, citedChunkIds } = parsed.data;
    const text = parsed.data.answer.trim();
    if (text === '') return this.fallBack(context, 'invalid_reply', 'the reply has an empty answer');

    const mapped = mapCitations(text, citedChunkIds, sources, answered);
    if (!mapped.ok) return this.fallBack(context, mapped.reason, mapped.detail);

    this.options.logger.debug({ engine: this.name, model: this.options.modelName, citations: mapped.citations.length, answered }, 'LLM answer accepted');
    return {
      answered,
      answer: mapped.answer,
      citations: mapped.citations,
      language: context.question.language,
      kind: context.question.kind,
      engine: this.name,
    };
  }

  private async buildMessages(context: AnswerContext, sources: NumberedSource[], delimiters: Delimiters): Promise<BaseMessage[]> {
    const language = context.question.language;
    const system = await renderPrompt(
      'answer',
      language,
      {
        dataStart: delimiters.dataStart,
        dataEnd: delimiters.dataEnd,
        sourceStart: delimiters.sourceStartPattern,
        sourceEnd: delimiters.sourceEndPattern,
      },
      this.options.promptsDir,
    );
    const history = (context.request.history ?? []).slice(-HISTORY_MESSAGES).map(historyMessage);
    const question = `${QUESTION_LABEL[language]}: ${neutralize(context.question.original)}`;
    return [new SystemMessage(system), ...history, new HumanMessage(`${renderSources(sources, delimiters)}\n\n${question}`)];
  }

  private async fallBack(context: AnswerContext, reason: FallbackReason, detail: string, error?: unknown): Promise<AnswerResult> {
    // No question or answer text at warn level: only what an operator needs to see the pattern.
    this.options.logger.warn({ engine: this.name, model: this.options.modelName, reason, detail }, 'LLM answer not used; falling back');
    if (error !== undefined) this.options.logger.debug({ err: error, reason }, 'LLM failure details');
    return this.options.fallback.answer(context);
  }
}

function historyMessage(turn: ConversationTurn): BaseMessage {
  const text = turn.text.length > MAX_HISTORY_CHARS ? `${turn.text.slice(0, MAX_HISTORY_CHARS)} …` : turn.text;
  if (turn.role === 'user') return new HumanMessage(neutralize(text));
  // Old markers point at an earlier numbering; left in, they would be confused with this turn's sources.
  return new AIMessage(neutralize(text.replace(/\s*\[\d+\]/g, '')));
}

function classifyFailure(error: unknown, timedOut: boolean): FallbackReason {
  if (timedOut) return 'timeout';
  if (!(error instanceof Error)) return 'llm_error';
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || error.name === 'APIConnectionTimeoutError') return 'timeout';
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return 'http_error';
  if (error.name === 'APIConnectionError') return 'network_error';
  if (error instanceof SyntaxError || error instanceof z.ZodError || /OutputParser|LengthFinishReason|ContentFilterFinishReason/.test(error.name)) {
    return 'invalid_reply';
  }
  return 'llm_error';
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error thrown';
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? `${error.name} (HTTP ${status})` : error.name;
}

/** The LLM engine configured by LLM_PROVIDER, with the extractive engine as its fallback. */
export async function createLlmEngine(
  config: AppConfig,
  fallback: AnswerEngine,
  logger: Logger,
  options: ChatModelOptions & { promptsDir?: string } = {},
): Promise<LlmEngine> {
  const setup = await createChatModel(config, options);
  return new LlmEngine({
    ...setup,
    timeoutMs: config.LLM_TIMEOUT_MS,
    fallback,
    logger,
    ...(options.promptsDir === undefined ? {} : { promptsDir: options.promptsDir }),
  });
}

import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  ActivityTypes,
  MessageFactory,
  TurnContext,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { AssistantService } from '../core/answering/assistantService.ts';
import { suggestFollowUps } from '../core/answering/followUps.ts';
import type { AppConfig } from '../core/config.ts';
import type { AnswerResult, ConversationTurn } from '../core/types.ts';
import { pseudonymize, type Logger } from '../core/logger.ts';
import { BOT_TEXTS, EXAMPLE_QUESTIONS } from './botTexts.ts';
import { current, emptyMemory, findExchange, historyOf, remember, type ConversationMemory } from './conversationMemory.ts';
import { fileFeedbackStore, type FeedbackStore } from './feedbackStore.ts';
import type { RateLimiter } from './rateLimiter.ts';
import { RepeatedEvents } from './repeatedEvents.ts';
import { renderAnswer } from './render/renderAnswer.ts';
import { sourceKey } from './render/sourceLinks.ts';
import { FEEDBACK_EVENT, FEEDBACK_STORED_EVENT } from './render/webChatAnswer.ts';
import { MemoryRateLimiter } from './state/memoryRateLimiter.ts';

/** Turn-state key under which the server puts the public base URL of the request. */
export const PUBLIC_BASE_URL_KEY = Symbol('wegweiser.publicBaseUrl');
/**
 * Turn-state key for the key that limits must use when the activity's ids are the client's own
 * claim (unauthenticated /api/messages): the client address. Absent, limits use the channel's ids.
 */
export const CLIENT_LIMIT_KEY = Symbol('wegweiser.clientLimitKey');

const HELP_WORDS = /^(hilfe|help|\?|\/hilfe|\/help)[.!?]*$/i;
/** Longer comments are cut; feedback is a remark, not a document. */
const MAX_FEEDBACK_COMMENT = 1000;

export interface WegweiserBotDeps {
  assistant: AssistantService;
  config: AppConfig;
  logger: Logger;
  conversationState: ConversationState;
  /** Questions per user (RATE_LIMIT_PER_MINUTE); default: counted in this process. */
  rateLimiter?: RateLimiter;
  /** Feedback entries per conversation (FEEDBACK_PER_MINUTE); default: counted in this process. */
  feedbackLimiter?: RateLimiter;
  /** Where ratings go; default: the JSON lines files below DATA_DIR. */
  feedback?: FeedbackStore;
}

/** Teams' built-in thumbs up/down arrive as this invoke (actionName 'feedback'). */
interface TeamsFeedbackValue {
  actionName?: string;
  actionValue?: { reaction?: string; feedback?: unknown };
  replyToId?: string;
}

/**
 * Routes activities: welcome, help, questions (answered by the assistant, with follow-up
 * suggestions), feedback, the end of a conversation. It holds no answering logic and knows nothing
 * of HTTP.
 */
export class WegweiserBot extends ActivityHandler {
  private readonly memory: StatePropertyAccessor<ConversationMemory>;
  private readonly rateLimiter: RateLimiter;
  private readonly feedbackLimiter: RateLimiter;
  private readonly feedback: FeedbackStore;
  private readonly log: Logger;
  /** One log line per key and minute for refused questions and feedback, plus a count of the rest. */
  private readonly refusals: RepeatedEvents;

  constructor(private readonly deps: WegweiserBotDeps) {
    super();
    this.memory = deps.conversationState.createProperty<ConversationMemory>('wegweiser');
    this.rateLimiter = deps.rateLimiter ?? new MemoryRateLimiter({ name: 'messages', limit: deps.config.RATE_LIMIT_PER_MINUTE });
    this.feedbackLimiter = deps.feedbackLimiter ?? new MemoryRateLimiter({ name: 'feedback', limit: deps.config.FEEDBACK_PER_MINUTE });
    this.feedback = deps.feedback ?? fileFeedbackStore(deps.config.dataDir);
    this.log = deps.logger.child({ component: 'bot' });
    this.refusals = new RepeatedEvents((key, suppressed) => this.log.info({ limit: key, suppressed }, 'more requests refused by this limit in the last minute'));

    this.onMembersAdded(async (context, next) => {
      const recipientId = context.activity.recipient?.id;
      const people = (context.activity.membersAdded ?? []).filter((member) => member.id !== recipientId);
      if (people.length > 0) await context.sendActivity(welcomeMessage());
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    // The web chat's light feedback control (Teams uses its own, see onInvokeActivity).
    this.onEvent(async (context, next) => {
      if (context.activity.name === FEEDBACK_EVENT) await this.handleFeedbackEvent(context);
      await next();
    });

    // "Neues Gespräch": the person ends the conversation; what the bot remembered of it goes now,
    // not only after the idle time.
    this.onEndOfConversation(async (context, next) => {
      await this.deps.conversationState.delete(context);
      this.log.info({ user: this.userPseudonym(context), channel: context.activity.channelId }, 'conversation ended by the user; memory cleared');
      await next();
    });
  }

  /** Writes the last summary of refused requests. */
  close(): void {
    this.refusals.close();
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const value = context.activity.value as TeamsFeedbackValue | undefined;
    if (context.activity.name === 'message/submitAction' && value?.actionName === 'feedback') {
      const reaction = value.actionValue?.reaction;
      if (reaction !== 'like' && reaction !== 'dislike') return { status: 400, body: { error: 'reaction must be like or dislike' } };
      if (!(await this.feedbackAllowed(context))) return { status: 429, body: { error: 'too much feedback in this conversation; try again in a minute' } };
      await this.storeFeedback(context, {
        rating: reaction === 'like' ? 'up' : 'down',
        comment: teamsFeedbackText(value.actionValue?.feedback),
        refersTo: value.replyToId ?? context.activity.replyToId,
      });
      return { status: 200, body: {} };
    }
    return super.onInvokeActivity(context);
  }

  private userPseudonym(context: TurnContext): string {
    const from = context.activity.from;
    const id = from?.aadObjectId ?? from?.id ?? 'unknown';
    return pseudonymize(`${context.activity.channelId}:${id}`, this.deps.config.PSEUDONYM_SECRET);
  }

  /**
   * The key of per-user limits: the channel's user id where the channel vouches for it (Teams and
   * Azure Direct Line sign their requests, the built-in Direct Line takes it from the token), the
   * client address where the activity only claims it.
   */
  private limitKey(context: TurnContext, scope: 'user' | 'conversation'): string {
    const client = context.turnState.get(CLIENT_LIMIT_KEY) as string | undefined;
    if (client) return pseudonymize(`client:${client}`, this.deps.config.PSEUDONYM_SECRET);
    if (scope === 'user') return this.userPseudonym(context);
    return pseudonymize(`${context.activity.channelId}:${context.activity.conversation?.id ?? 'unknown'}`, this.deps.config.PSEUDONYM_SECRET);
  }

  private async feedbackAllowed(context: TurnContext): Promise<boolean> {
    const key = this.limitKey(context, 'conversation');
    if (await this.feedbackLimiter.tryAcquire(key)) return true;
    if (this.refusals.first(`feedback:${key}`)) this.log.info({ conversation: key, channel: context.activity.channelId }, 'feedback limit reached; further feedback is not stored');
    return false;
  }

  private async handleFeedbackEvent(context: TurnContext): Promise<void> {
    const value = context.activity.value as { rating?: unknown; answerId?: unknown; comment?: unknown } | undefined;
    const rating = value?.rating === 'up' || value?.rating === 'down' ? value.rating : undefined;
    const answerId = typeof value?.answerId === 'string' ? value.answerId.slice(0, 100) : undefined;
    if (!rating || !answerId) {
      this.log.info({ channel: context.activity.channelId }, 'feedback event without rating or answer id ignored');
      return;
    }
    // Past the limit nothing is stored and nothing confirmed: the page says the feedback did not arrive.
    if (!(await this.feedbackAllowed(context))) return;
    await this.storeFeedback(context, {
      rating,
      comment: typeof value?.comment === 'string' ? value.comment.slice(0, MAX_FEEDBACK_COMMENT) : undefined,
      refersTo: answerId,
    });
    // The page shows its thanks only once the feedback is stored.
    await context.sendActivity({ type: ActivityTypes.Event, name: FEEDBACK_STORED_EVENT, value: { answerId } });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const user = this.userPseudonym(context);
    const question = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
    const limitKey = this.limitKey(context, 'user');
    if (!(await this.rateLimiter.tryAcquire(limitKey))) {
      if (this.refusals.first(`messages:${limitKey}`)) this.log.info({ user: limitKey, channel: context.activity.channelId }, 'rate limit reached');
      await context.sendActivity(BOT_TEXTS.rateLimited);
      return;
    }
    if (question === '') {
      await context.sendActivity(BOT_TEXTS.emptyMessage);
      return;
    }
    if (question.length > this.deps.config.MAX_MESSAGE_LENGTH) {
      this.log.info({ user, length: question.length }, 'message too long');
      await context.sendActivity(BOT_TEXTS.tooLong(this.deps.config.MAX_MESSAGE_LENGTH));
      return;
    }
    if (HELP_WORDS.test(question)) {
      await context.sendActivity(MessageFactory.suggestedActions([...EXAMPLE_QUESTIONS], BOT_TEXTS.help));
      return;
    }
    if (!this.deps.assistant.isReady()) {
      await context.sendActivity(BOT_TEXTS.notReady);
      return;
    }

    await context.sendActivity({ type: ActivityTypes.Typing });
    const memory = current((await this.memory.get(context, emptyMemory())) ?? emptyMemory());
    const started = Date.now();
    const history = historyOf(memory);
    const answer = await this.deps.assistant.ask({ question, history });
    const followUps = await this.followUps(question, answer, history);
    const answerId = randomUUID();
    const reply = renderAnswer(answer, {
      channelId: context.activity.channelId,
      publicBaseUrl: this.publicBaseUrl(context),
      answerId,
      followUps,
    });
    const sent = await context.sendActivity(reply);
    this.log.info(
      {
        user,
        channel: context.activity.channelId,
        kind: answer.kind,
        answered: answer.answered,
        citations: answer.citations.length,
        followUps: followUps.length,
        engine: answer.engine,
        ms: Date.now() - started,
      },
      'question answered',
    );
    await this.memory.set(
      context,
      remember(memory, {
        question,
        answer: answer.answer,
        answerId,
        ...(sent?.id ? { activityId: sent.id } : {}),
        sources: answer.citations.map(sourceKey),
      }),
    );
  }

  /** Follow-up questions the index answers; none when switched off or when checking them failed. */
  private async followUps(question: string, answer: AnswerResult, history: ConversationTurn[]): Promise<string[]> {
    const max = this.deps.config.FOLLOW_UP_SUGGESTIONS;
    if (max === 0 || !answer.answered) return [];
    try {
      return await suggestFollowUps({ question, result: answer, history }, this.deps.assistant, { max });
    } catch (error) {
      this.log.warn({ err: error }, 'follow-up suggestions failed; answering without them');
      return [];
    }
  }

  private publicBaseUrl(context: TurnContext): string {
    const fromRequest = context.turnState.get(PUBLIC_BASE_URL_KEY) as string | undefined;
    return fromRequest ?? this.deps.config.PUBLIC_BASE_URL ?? `http://localhost:${this.deps.config.PORT}`;
  }

  private async storeFeedback(
    context: TurnContext,
    feedback: { rating: 'up' | 'down'; comment: string | undefined; refersTo: string | undefined },
  ): Promise<void> {
    const memory = (await this.memory.get(context, emptyMemory())) ?? emptyMemory();
    const exchange = findExchange(memory, feedback.refersTo);
    const comment = feedback.comment?.trim();
    const user = this.userPseudonym(context);
    await this.feedback.append({
      ts: new Date().toISOString(),
      user,
      rating: feedback.rating,
      ...(comment ? { comment } : {}),
      answerId: exchange?.answerId ?? feedback.refersTo ?? 'unknown',
      sources: exchange?.sources ?? [],
      channel: context.activity.channelId,
    });
    this.log.info({ user, channel: context.activity.channelId, rating: feedback.rating, known: exchange !== undefined }, 'feedback stored');
  }
}

export function welcomeMessage() {
  return MessageFactory.suggestedActions([...EXAMPLE_QUESTIONS], `${BOT_TEXTS.welcome}\n\n${BOT_TEXTS.examplesIntro}`);
}

/** Teams sends the comment as a JSON string ({"feedbackText": "..."}) or, with a custom form, an object. */
function teamsFeedbackText(feedback: unknown): string | undefined {
  let value = feedback;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      // Plain text rather than Teams' JSON wrapper.
      return feedback as string;
    }
  }
  if (value && typeof value === 'object' && typeof (value as { feedbackText?: unknown }).feedbackText === 'string') {
    return (value as { feedbackText: string }).feedbackText;
  }
  return typeof value === 'string' ? value : undefined;
}

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
import type { AppConfig } from '../core/config.ts';
import { pseudonymize, type Logger } from '../core/logger.ts';
import { BOT_TEXTS, EXAMPLE_QUESTIONS } from './botTexts.ts';
import { current, emptyMemory, findExchange, historyOf, remember, type ConversationMemory } from './conversationMemory.ts';
import { appendFeedback } from './feedbackStore.ts';
import type { RateLimiter } from './rateLimiter.ts';
import { RepeatedEvents } from './repeatedEvents.ts';
import { MemoryRateLimiter } from './state/memoryRateLimiter.ts';
import { FEEDBACK_ACTION } from './render/adaptiveCards.ts';
import { renderAnswer } from './render/renderAnswer.ts';
import { sourceKey } from './render/sourceLinks.ts';

/** Turn-state key under which the server puts the public base URL of the request. */
export const PUBLIC_BASE_URL_KEY = Symbol('wegweiser.publicBaseUrl');
/**
 * Turn-state key for the key that limits must use when the activity's ids are the client's own
 * claim (unauthenticated /api/messages): the client address. Absent, limits use the channel's ids.
 */
export const CLIENT_LIMIT_KEY = Symbol('wegweiser.clientLimitKey');

const HELP_WORDS = /^(hilfe|help|\?|\/hilfe|\/help)[.!?]*$/i;

export interface WegweiserBotDeps {
  assistant: AssistantService;
  config: AppConfig;
  logger: Logger;
  conversationState: ConversationState;
  /** Questions per user (RATE_LIMIT_PER_MINUTE). */
  rateLimiter?: RateLimiter;
  /** Feedback entries per conversation (FEEDBACK_PER_MINUTE). */
  feedbackLimiter?: RateLimiter;
}

/** Teams' built-in thumbs up/down arrive as this invoke (actionName 'feedback'). */
interface TeamsFeedbackValue {
  actionName?: string;
  actionValue?: { reaction?: string; feedback?: unknown };
  replyToId?: string;
}

/**
 * Routes activities: welcome, help, questions (answered by the assistant), feedback. It holds no
 * answering logic and knows nothing of HTTP.
 */
export class WegweiserBot extends ActivityHandler {
  private readonly memory: StatePropertyAccessor<ConversationMemory>;
  private readonly rateLimiter: RateLimiter;
  private readonly feedbackLimiter: RateLimiter;
  private readonly log: Logger;
  /** One log line per key and minute for refused questions and feedback, plus a count of the rest. */
  private readonly refusals: RepeatedEvents;

  constructor(private readonly deps: WegweiserBotDeps) {
    super();
    this.memory = deps.conversationState.createProperty<ConversationMemory>('wegweiser');
    this.rateLimiter = deps.rateLimiter ?? new MemoryRateLimiter({ name: 'messages', limit: deps.config.RATE_LIMIT_PER_MINUTE });
    this.feedbackLimiter = deps.feedbackLimiter ?? new MemoryRateLimiter({ name: 'feedback', limit: deps.config.FEEDBACK_PER_MINUTE });
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

  private async handleMessage(context: TurnContext): Promise<void> {
    const value = context.activity.value as { action?: unknown; rating?: unknown; answerId?: unknown; comment?: unknown } | undefined;
    if (value?.action === FEEDBACK_ACTION) {
      const rating = value.rating === 'up' || value.rating === 'down' ? value.rating : undefined;
      if (!rating) return;
      if (!(await this.feedbackAllowed(context))) {
        await context.sendActivity(BOT_TEXTS.feedbackLimited);
        return;
      }
      await this.storeFeedback(context, {
        rating,
        comment: typeof value.comment === 'string' ? value.comment : undefined,
        refersTo: typeof value.answerId === 'string' ? value.answerId : undefined,
      });
      await context.sendActivity(BOT_TEXTS.feedbackThanks);
      return;
    }

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
    const answer = await this.deps.assistant.ask({ question, history: historyOf(memory) });
    const answerId = randomUUID();
    const reply = renderAnswer(answer, {
      channelId: context.activity.channelId,
      publicBaseUrl: this.publicBaseUrl(context),
      answerId,
    });
    const sent = await context.sendActivity(reply);
    this.log.info(
      { user, channel: context.activity.channelId, kind: answer.kind, answered: answer.answered, citations: answer.citations.length, engine: answer.engine, ms: Date.now() - started },
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
    await appendFeedback(this.deps.config.dataDir, {
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

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import type { AnswerRequest } from '../../core/types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { EXAMPLE_QUESTIONS } from '../../bot/botTexts.ts';
import { readFeedback } from '../../bot/feedbackStore.ts';
import type { RateLimiter } from '../../bot/rateLimiter.ts';
import { FEEDBACK_EVENT, FEEDBACK_STORED_EVENT, type WebAnswer } from '../../bot/render/webChatAnswer.ts';
import { MemoryRateLimiter } from '../../bot/state/memoryRateLimiter.ts';
import { WegweiserBot, PUBLIC_BASE_URL_KEY } from '../../bot/wegweiserBot.ts';
import { CONTACT_EMAIL, CONTACT_QUESTION, makeBotWorkspace, readableText, type BotWorkspace } from './botTestSupport.ts';

const BASE_URL = 'https://wegweiser.test';

interface Harness {
  /** Sends one activity (or text) and returns what the bot replied in that turn. */
  say(activity: string | Partial<Activity>): Promise<Partial<Activity>[]>;
}

interface HarnessOptions {
  channelId?: string;
  rateLimiter?: RateLimiter;
  user?: string;
  assistant?: AssistantService;
  storage?: MemoryStorage;
}

function harness(workspace: BotWorkspace, options: HarnessOptions = {}): Harness {
  const bot = new WegweiserBot({
    assistant: options.assistant ?? workspace.assistant,
    config: workspace.config,
    logger: createLogger({ level: 'silent' }),
    conversationState: new ConversationState(options.storage ?? new MemoryStorage()),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
  });
  const adapter = new TestAdapter(
    async (context) => {
      context.turnState.set(PUBLIC_BASE_URL_KEY, BASE_URL);
      await bot.run(context);
    },
    {
      channelId: options.channelId ?? 'directline',
      from: { id: options.user ?? 'user-1', name: 'Erika' },
      recipient: { id: 'bot', name: 'Wegweiser' },
      conversation: { id: `conv-${Math.random().toString(36).slice(2)}` },
    } as Partial<Activity>,
  );
  return {
    async say(activity) {
      await adapter.receiveActivity(activity);
      return adapter.activeQueue.splice(0);
    },
  };
}

function messages(replies: Partial<Activity>[]): Partial<Activity>[] {
  return replies.filter((r) => r.type === 'message');
}

describe('WegweiserBot with the real assistant on the sample corpus', () => {
  let workspace: BotWorkspace;

  beforeAll(async () => {
    workspace = await makeBotWorkspace({ MAX_MESSAGE_LENGTH: '200' });
  });

  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('welcomes a person who joins with an intro and the example questions, but not the bot itself', async () => {
    const { say } = harness(workspace);
    const botJoined = await say({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Wegweiser' }] });
    expect(botJoined).toEqual([]);
    const [welcome] = await say({ type: 'conversationUpdate', membersAdded: [{ id: 'user-1', name: 'Erika' }] });
    expect(welcome?.text).toContain('Wegweiser');
    expect(welcome?.suggestedActions?.actions.map((a) => a.value)).toEqual([...EXAMPLE_QUESTIONS]);
  });

  it('explains itself on "hilfe" and "help" without asking the assistant', async () => {
    const { say } = harness(workspace);
    for (const word of ['hilfe', 'Help']) {
      const replies = await say(word);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toContain('So nutzen Sie den Wegweiser');
      expect(replies[0]?.suggestedActions?.actions).toHaveLength(EXAMPLE_QUESTIONS.length);
    }
  });

  it('answers with a typing indicator first, then the answer with its sources, contact links and follow-up questions', async () => {
    const { say } = harness(workspace);
    const replies = await say(CONTACT_QUESTION);
    expect(replies[0]?.type).toBe('typing');
    const [answer] = messages(replies);
    expect(answer?.text).toContain('Marvin Baldauf');
    expect(answer?.text).toMatch(/\[1\]/);
    expect(answer?.text).toContain(`](${BASE_URL}/sources/digitale-kompetenzen-praesentation.pdf#page=`);
    // No cards on the web: the page renders the parts from channelData.
    expect(answer?.attachments ?? []).toEqual([]);
    const web = (answer?.channelData as { wegweiser: WebAnswer }).wegweiser;
    expect(web.sources[0]).toMatchObject({ marker: 1, label: 'Digitale Kompetenzen für eine moderne öffentliche Verwaltung – Folie 15' });
    expect(web.sources[0]?.snippet).toContain('Marvin Baldauf');
    expect(web.sources[0]?.viewerUrl).toMatch(new RegExp(`^${BASE_URL}/view/digitale-kompetenzen-praesentation\\.pdf\\?passage=\\w+#passage-\\w+$`));
    expect(web.contacts.map((c) => c.url)).toEqual(expect.arrayContaining([`mailto:${CONTACT_EMAIL}`, expect.stringMatching(/^tel:\+49621/)]));
    const followUps = answer?.suggestedActions?.actions.map((a) => a.value as string) ?? [];
    expect(followUps.length).toBeGreaterThanOrEqual(2);
    expect(followUps.every((q) => q.includes('KommunalCampus'))).toBe(true);
  });

  it('offers only follow-up questions that the documents answer when they are asked', async () => {
    const { say } = harness(workspace);
    const [answer] = messages(await say('Wann ist die erste #digitaljourney gestartet?'));
    const followUps = answer?.suggestedActions?.actions.map((a) => a.value as string) ?? [];
    expect(followUps.length).toBeGreaterThanOrEqual(2);
    for (const question of followUps) {
      const [reply] = messages(await say(question));
      const web = (reply?.channelData as { wegweiser: WebAnswer }).wegweiser;
      expect(web.sources.length, question).toBeGreaterThan(0);
      expect(reply?.text, question).not.toMatch(/keine Angabe/);
    }
  });

  it('says it does not know when the documents have no answer, without sources', async () => {
    const { say } = harness(workspace);
    const [answer] = messages(await say('Wer ist der Bürgermeister von Hamburg?'));
    expect(answer?.text).toMatch(/keine Angabe|nicht/);
    expect(answer?.text).not.toContain('/sources/');
    expect(answer?.text).not.toContain('Quellen');
  });

  it('understands a follow-up question from the remembered previous exchange', async () => {
    const { say } = harness(workspace);
    await say(CONTACT_QUESTION);
    const [followUp] = messages(await say('Und wie ist die E-Mail-Adresse?'));
    expect(readableText(followUp?.text)).toContain(CONTACT_EMAIL);
  });

  it('stores feedback from the web chat control as a JSON line with pseudonym and sources but without the question, and confirms it', async () => {
    const { say } = harness(workspace, { user: 'feedback-user' });
    const [answer] = messages(await say(CONTACT_QUESTION));
    const answerId = (answer?.channelData as { wegweiser: WebAnswer }).wegweiser.answerId;
    const replies = await say({ type: 'event', name: FEEDBACK_EVENT, value: { answerId, rating: 'down', comment: 'Telefonnummer fehlte' } });
    expect(replies).toEqual([expect.objectContaining({ type: 'event', name: FEEDBACK_STORED_EVENT, value: { answerId } })]);

    const dir = path.join(workspace.config.dataDir, 'feedback');
    const files = await readdir(dir);
    expect(files).toEqual([`feedback-${new Date().toISOString().slice(0, 7)}.jsonl`]);
    const raw = await readFile(path.join(dir, files[0]!), 'utf8');
    expect(raw).not.toContain('Ansprechpartner');
    expect(raw).not.toContain('feedback-user');
    const [entry] = await readFeedback(workspace.config.dataDir);
    expect(entry).toMatchObject({
      rating: 'down',
      comment: 'Telefonnummer fehlte',
      answerId,
      sources: ['digitale-kompetenzen-praesentation.pdf, Folie 15'],
    });
    expect(entry?.user).toMatch(/^[0-9a-f]{16}$/);
    // A malformed feedback event is ignored, not stored, not confirmed.
    expect(await say({ type: 'event', name: FEEDBACK_EVENT, value: { rating: 'meh', answerId } })).toEqual([]);
    expect(await readFeedback(workspace.config.dataDir)).toHaveLength(1);
  });

  it('forgets the conversation when the person ends it ("Neues Gespräch")', async () => {
    // What the bot hands the assistant shows what it remembered, whatever the engine answers.
    const asked: AnswerRequest[] = [];
    const assistant: AssistantService = Object.assign(Object.create(workspace.assistant) as AssistantService, {
      ask: (request: AnswerRequest) => {
        asked.push(request);
        return workspace.assistant.ask(request);
      },
    });
    const memory: Record<string, string> = {};
    // MemoryStorage deletes by setting the key to undefined.
    const stored = () => Object.values(memory).filter((item) => item !== undefined).length;
    const { say } = harness(workspace, { assistant, storage: new MemoryStorage(memory) });
    const followUp = 'Und wie ist die E-Mail-Adresse?';
    await say(CONTACT_QUESTION);
    const [remembered] = messages(await say(followUp));
    expect(readableText(remembered?.text)).toContain(CONTACT_EMAIL);
    expect(asked.find((r) => r.question === followUp)?.history?.map((t) => t.text)).toContain(CONTACT_QUESTION);
    expect(stored()).toBe(1);

    expect(await say({ type: 'endOfConversation' })).toEqual([]);
    expect(stored()).toBe(0);
    asked.length = 0;
    await say(followUp);
    expect(asked[0]).toMatchObject({ question: followUp, history: [] });
  });

  it('refuses an over-long message with the limit and does not answer it', async () => {
    const { say } = harness(workspace);
    const replies = await say(`${CONTACT_QUESTION} ${'bitte '.repeat(60)}`);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('höchstens 200 Zeichen');
  });

  it('limits messages per user and minute with a friendly reply, other users unaffected', async () => {
    // One limiter for both users, as in one server process.
    const limiter = new MemoryRateLimiter({ name: 'messages', limit: 2 });
    const first = harness(workspace, { rateLimiter: limiter, user: 'busy-user' });
    expect((await first.say('hilfe'))[0]?.text).toContain('So nutzen');
    expect((await first.say('hilfe'))[0]?.text).toContain('So nutzen');
    const third = await first.say(CONTACT_QUESTION);
    expect(third).toHaveLength(1);
    expect(third[0]?.text).toContain('warten Sie einen Moment');
    const other = harness(workspace, { rateLimiter: limiter, user: 'calm-user' });
    expect((await other.say('hilfe'))[0]?.text).toContain('So nutzen');
  });

  it('in Teams: citation entity and feedback loop on answers, and the feedback invoke is stored and answered 200', async () => {
    const { say } = harness(workspace, { channelId: 'msteams', user: 'teams-user' });
    const [answer] = messages(await say(CONTACT_QUESTION));
    expect(answer?.channelData).toEqual({ feedbackLoopEnabled: true });
    expect(answer?.suggestedActions?.actions.length).toBeGreaterThanOrEqual(2);
    const entity = answer?.entities?.[0] as unknown as { additionalType: string[]; citation: Array<{ position: number; appearance: { url: string } }> };
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
    expect(entity.citation[0]?.appearance.url).toBe(`${BASE_URL}/sources/digitale-kompetenzen-praesentation.pdf#page=15`);

    const before = (await readFeedback(workspace.config.dataDir)).length;
    const replies = await say({
      type: 'invoke',
      name: 'message/submitAction',
      replyToId: answer?.id,
      value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: JSON.stringify({ feedbackText: 'klar und richtig' }) }, replyToId: answer?.id },
    });
    const invokeResponse = replies.find((r) => r.type === 'invokeResponse');
    expect((invokeResponse?.value as { status: number }).status).toBe(200);
    const entries = await readFeedback(workspace.config.dataDir);
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({ rating: 'up', comment: 'klar und richtig', channel: 'msteams', sources: ['digitale-kompetenzen-praesentation.pdf, Folie 15'] });
  });
});

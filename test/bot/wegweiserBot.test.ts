import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { EXAMPLE_QUESTIONS } from '../../bot/botTexts.ts';
import { readFeedback } from '../../bot/feedbackStore.ts';
import type { RateLimiter } from '../../bot/rateLimiter.ts';
import { MemoryRateLimiter } from '../../bot/state/memoryRateLimiter.ts';
import { WegweiserBot, PUBLIC_BASE_URL_KEY } from '../../bot/wegweiserBot.ts';
import { CONTACT_EMAIL, CONTACT_QUESTION, makeBotWorkspace, readableText, type BotWorkspace } from './botTestSupport.ts';

const BASE_URL = 'https://wegweiser.test';

interface Harness {
  /** Sends one activity (or text) and returns what the bot replied in that turn. */
  say(activity: string | Partial<Activity>): Promise<Partial<Activity>[]>;
}

function harness(workspace: BotWorkspace, options: { channelId?: string; rateLimiter?: RateLimiter; user?: string } = {}): Harness {
  const bot = new WegweiserBot({
    assistant: workspace.assistant,
    config: workspace.config,
    logger: createLogger({ level: 'silent' }),
    conversationState: new ConversationState(new MemoryStorage()),
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

  it('answers with a typing indicator first, then the answer with numbered source links, a contact card and a feedback card', async () => {
    const { say } = harness(workspace);
    const replies = await say(CONTACT_QUESTION);
    expect(replies[0]?.type).toBe('typing');
    const [answer] = messages(replies);
    expect(answer?.text).toContain('Marvin Baldauf');
    expect(answer?.text).toMatch(/\[1\]/);
    expect(answer?.text).toContain(`](${BASE_URL}/sources/digitale-kompetenzen-praesentation.pdf#page=`);
    const cards = (answer?.attachments ?? []).map((a) => a.content as { body: Array<{ type: string }>; actions: Array<{ type: string; url?: string; data?: Record<string, string> }> });
    const contact = cards.find((c) => c.actions.some((a) => a.url?.startsWith('mailto:')));
    expect(contact?.actions.map((a) => a.url)).toEqual(expect.arrayContaining([`mailto:${CONTACT_EMAIL}`, expect.stringMatching(/^tel:\+49621/)]));
    const feedback = cards.find((c) => c.actions.some((a) => a.type === 'Action.Submit'));
    expect(feedback?.actions.map((a) => a.data?.rating)).toEqual(['up', 'down']);
    expect(feedback?.body.some((b) => b.type === 'Input.Text')).toBe(true);
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

  it('stores feedback from the card as a JSON line with pseudonym and sources but without the question', async () => {
    const { say } = harness(workspace, { user: 'feedback-user' });
    const [answer] = messages(await say(CONTACT_QUESTION));
    const submit = (answer?.attachments ?? [])
      .flatMap((a) => (a.content as { actions: Array<{ type: string; data?: Record<string, string> }> }).actions)
      .find((a) => a.type === 'Action.Submit' && a.data?.rating === 'down');
    const [thanks] = await say({ type: 'message', value: { ...submit?.data, comment: 'Telefonnummer fehlte' } });
    expect(thanks?.text).toContain('Danke');

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
      answerId: submit?.data?.answerId,
      sources: ['digitale-kompetenzen-praesentation.pdf, Folie 15'],
    });
    expect(entry?.user).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses an over-long message with the limit and does not answer it', async () => {
    const { say } = harness(workspace);
    const replies = await say(`${CONTACT_QUESTION} ${'bitte '.repeat(60)}`);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('höchstens 200 Zeichen');
  });

  it('limits messages per user and minute with a friendly reply, other users unaffected', async () => {
    // One limiter for both users, as in one server process.
    const limiter = new MemoryRateLimiter({ name: 'test', limit: 2 });
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

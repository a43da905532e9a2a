import autocannon, { type RawRequest, type Result } from 'autocannon';
import type { Logger } from 'pino';
import { startBot, type BotProcess } from './memoryProbe.ts';
import { percentile, round } from './stats.ts';

/**
 * Sustained question throughput of the real bot process over HTTP on 127.0.0.1: the Bot Framework
 * endpoint (`/api/messages`, deliveryMode 'expectReplies', so every response carries the answer) and
 * the built-in Direct Line endpoint the web chat uses. The rate limiter is raised for the run and user
 * ids vary, so only real failures count as errors.
 */

export interface HttpBenchOptions {
  indexDir: string;
  questions: string[];
  durationSeconds: number;
  connections: number;
  logger: Logger;
}

export interface HttpRunResult {
  endpoint: string;
  durationSeconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses that did not carry an answer (checked per response for /api/messages). */
  withoutAnswer: number;
  note?: string;
}

export interface HttpBenchResult {
  runs: HttpRunResult[];
  skipped?: string;
}

const USERS = 500;

export function messageActivity(counter: number, question: string, serviceUrl: string): Record<string, unknown> {
  const user = `bench-user-${counter % USERS}`;
  return {
    type: 'message',
    id: `bench-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl,
    from: { id: user, name: 'Bench' },
    recipient: { id: 'wegweiser-bot', name: 'Wegweiser' },
    conversation: { id: `bench-conversation-${counter % USERS}` },
    text: question,
    locale: 'de-DE',
    deliveryMode: 'expectReplies',
  };
}

/** The answer is in the body: `{ activities: [...] }` with at least one message that has text. */
export function carriesAnswer(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { activities?: Array<{ type?: string; text?: string; attachments?: unknown[] }> };
    return (parsed.activities ?? []).some((a) => a.type === 'message' && ((a.text ?? '').length > 0 || (a.attachments ?? []).length > 0));
  } catch {
    return false;
  }
}

export async function cannon(
  name: string,
  options: Pick<HttpBenchOptions, 'connections' | 'durationSeconds'>,
  url: string | string[],
  nextRequest: (request: RawRequest) => RawRequest,
  verifyBody?: (body: string) => boolean,
): Promise<HttpRunResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => nextRequest(request) }],
    ...(verifyBody ? { verifyBody } : {}),
    title: name,
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result: Result = await instance;
  const total = result.requests.total;
  return {
    endpoint: name,
    durationSeconds: result.duration,
    connections: options.connections,
    requests: total,
    requestsPerSecond: round(total / result.duration, 1),
    latencyP50Ms: latencies.length ? round(percentile(latencies, 50), 1) : 0,
    latencyP95Ms: latencies.length ? round(percentile(latencies, 95), 1) : 0,
    latencyP99Ms: latencies.length ? round(percentile(latencies, 99), 1) : 0,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    withoutAnswer: result.mismatches,
  };
}

async function benchBotFramework(bot: BotProcess, options: HttpBenchOptions): Promise<HttpRunResult> {
  let counter = 0;
  return cannon(
    '/api/messages (expectReplies)',
    options,
    `${bot.baseUrl}/api/messages`,
    (request) => {
      const n = counter++;
      return { ...request, body: JSON.stringify(messageActivity(n, options.questions[n % options.questions.length]!, bot.baseUrl)) };
    },
    carriesAnswer,
  );
}

interface DirectLineConversation {
  conversationId: string;
  token: string;
}

async function postJson(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Opens a conversation the way Web Chat does: a token first, then the conversation with that token. */
async function openConversation(baseUrl: string): Promise<DirectLineConversation> {
  const tokenResponse = await postJson(`${baseUrl}/v3/directline/tokens/generate`, {});
  if (!tokenResponse.ok) throw new Error(`tokens/generate answered ${tokenResponse.status}`);
  const { token } = (await tokenResponse.json()) as { token: string };
  const response = await postJson(`${baseUrl}/v3/directline/conversations`, {}, token);
  if (!response.ok) throw new Error(`conversations answered ${response.status}`);
  const conversation = (await response.json()) as { conversationId: string; token?: string };
  return { conversationId: conversation.conversationId, token: conversation.token ?? token };
}

interface PolledActivity {
  id?: string;
  type?: string;
  replyToId?: string;
  from?: { role?: string };
}

/**
 * Follows one conversation the way Web Chat does (polling with a watermark) and records which posted
 * questions have been answered. Polling runs during the load, because a conversation keeps only its
 * most recent activities.
 */
class ConversationWatcher {
  readonly asked = new Set<string>();
  readonly answered = new Set<string>();
  private watermark = '';

  constructor(
    private readonly baseUrl: string,
    readonly conversation: DirectLineConversation,
  ) {}

  async poll(): Promise<void> {
    const query = this.watermark ? `?watermark=${encodeURIComponent(this.watermark)}` : '';
    const response = await fetch(`${this.baseUrl}/v3/directline/conversations/${encodeURIComponent(this.conversation.conversationId)}/activities${query}`, {
      headers: { authorization: `Bearer ${this.conversation.token}` },
    });
    if (!response.ok) throw new Error(`polling activities answered ${response.status}`);
    const page = (await response.json()) as { activities: PolledActivity[]; watermark?: string };
    for (const activity of page.activities) {
      if (activity.type !== 'message' || !activity.id) continue;
      if (activity.from?.role === 'user') this.asked.add(activity.id);
      else if (activity.replyToId) this.answered.add(activity.replyToId);
    }
    if (page.watermark !== undefined) this.watermark = page.watermark;
  }

  unanswered(): number {
    let open = 0;
    for (const id of this.asked) if (!this.answered.has(id)) open++;
    return open;
  }
}

const POLL_INTERVAL_MS = 500;
const DRAIN_TIMEOUT_MS = 60_000;
/** The endpoint allows 30 new conversations per client address and minute. */
const DIRECT_LINE_CONVERSATIONS = 25;

/**
 * Posting an activity is acknowledged at once and the turn runs afterwards, so the POST rate alone
 * would overstate throughput. Questions per second here = questions answered / (load time + time until
 * the last answer appeared); the latency columns are those of the POST acknowledgement.
 */
async function benchDirectLine(bot: BotProcess, options: HttpBenchOptions): Promise<HttpRunResult> {
  const watchers: ConversationWatcher[] = [];
  for (let i = 0; i < DIRECT_LINE_CONVERSATIONS; i++) watchers.push(new ConversationWatcher(bot.baseUrl, await openConversation(bot.baseUrl)));
  let polling = true;
  const pollers = watchers.map(async (watcher) => {
    while (polling) {
      await watcher.poll();
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  });
  const started = performance.now();
  let counter = 0;
  let result: HttpRunResult;
  try {
    result = await cannon('/v3/directline (web chat)', options, `${bot.baseUrl}/v3/directline/conversations`, (request) => {
      const n = counter++;
      const { conversation } = watchers[n % watchers.length]!;
      return {
        ...request,
        path: `/v3/directline/conversations/${encodeURIComponent(conversation.conversationId)}/activities`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
        body: JSON.stringify({ type: 'message', from: { id: 'bench-user' }, text: options.questions[n % options.questions.length], locale: 'de-DE' }),
      };
    });
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (watchers.some((w) => w.unanswered() > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    polling = false;
    await Promise.all(pollers);
  }
  for (const watcher of watchers) await watcher.poll();
  const elapsedSeconds = (performance.now() - started) / 1000;
  const asked = watchers.reduce((sum, w) => sum + w.asked.size, 0);
  const unanswered = watchers.reduce((sum, w) => sum + w.unanswered(), 0);
  const answered = asked - unanswered;
  return {
    ...result,
    requestsPerSecond: round(answered / elapsedSeconds, 1),
    withoutAnswer: unanswered + Math.max(0, result.requests - result.non2xx - asked),
    note: `${answered}/${asked} questions answered within ${elapsedSeconds.toFixed(1)} s (load ${result.durationSeconds} s); q/s = answered / that time; latency = POST acknowledgement`,
  };
}

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const bot = await startBot(options.indexDir, {
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const runs: HttpRunResult[] = [];
  try {
    runs.push(await benchBotFramework(bot, options));
    try {
      runs.push(await benchDirectLine(bot, options));
    } catch (error) {
      options.logger.warn({ err: error }, 'Direct Line benchmark failed');
      runs.push({
        endpoint: '/v3/directline (web chat)',
        durationSeconds: 0,
        connections: options.connections,
        requests: 0,
        requestsPerSecond: 0,
        latencyP50Ms: 0,
        latencyP95Ms: 0,
        latencyP99Ms: 0,
        errors: 1,
        timeouts: 0,
        non2xx: 0,
        withoutAnswer: 0,
        note: `failed: ${(error as Error).message}`,
      });
    }
  } finally {
    await bot.stop();
  }
  return { runs };
}

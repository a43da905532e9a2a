import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { readFeedback } from '../../bot/feedbackStore.ts';
import { FEEDBACK_EVENT, FEEDBACK_STORED_EVENT } from '../../bot/render/webChatAnswer.ts';
import { CONTACT_QUESTION, channelActivity, makeBotWorkspace, type BotWorkspace } from '../bot/botTestSupport.ts';
import { startLoggedServer, type LoggedServer } from './serverHarness.ts';

const ADMIN_TOKEN = 'hardening-admin-token-0123456789';

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A stand-in for any internal service a forged serviceUrl could point at: it records every request. */
async function startCaptureServer(): Promise<{ url: string; requests: Array<{ method: string; url: string; body: string }>; close(): Promise<void> }> {
  const requests: Array<{ method: string; url: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"id":"captured"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('secure defaults: listening address', () => {
  it('listens on 127.0.0.1 without a bot identity and says why; 0.0.0.0 with one; HOST always wins', () => {
    const local = loadConfig({});
    expect(local.HOST).toBe('127.0.0.1');
    expect(local.hostReason).toMatch(/MicrosoftAppId/);
    const withIdentity = loadConfig({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'secret' });
    expect(withIdentity.HOST).toBe('0.0.0.0');
    expect(withIdentity.hostReason).toBeUndefined();
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it.each([
    ['ALLOWED_SERVICE_URLS', 'https://example.org/path'],
    ['TRUSTED_PROXIES', 'not-an-address'],
    ['REQUEST_IDLE_TIMEOUT_MS', '5'],
  ])('stops with a message naming %s for a bad value', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('unauthenticated /api/messages and the limits (real server on 127.0.0.1)', () => {
  let workspace: BotWorkspace;
  let capture: Awaited<ReturnType<typeof startCaptureServer>>;
  let server: LoggedServer | undefined;

  beforeAll(async () => {
    workspace = await makeBotWorkspace();
    capture = await startCaptureServer();
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  afterAll(async () => {
    await capture?.close();
    await workspace?.cleanup();
  });

  it('refuses bodies that are not application/json with 415 (a plain HTML form cannot post an activity)', async () => {
    server = await startLoggedServer(workspace);
    const activity = JSON.stringify(channelActivity({ text: 'hilfe', deliveryMode: 'expectReplies' }));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${server.baseUrl}/api/messages`, { method: 'POST', headers: { 'Content-Type': type }, body: activity });
      expect(response.status, type).toBe(415);
    }
    const json = await fetch(`${server.baseUrl}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: activity });
    expect(json.status).toBe(200);
    const base = `${server.baseUrl}/v3/directline`;
    const { token, conversationId } = (await (await postJson(`${base}/tokens/generate`, {})).json()) as { token: string; conversationId: string };
    const plain = await fetch(`${base}/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', text: 'hilfe' }),
    });
    expect(plain.status).toBe(415);
  });

  it('never posts a reply to a serviceUrl that is not allowed; posts to an allowed one', async () => {
    server = await startLoggedServer(workspace);
    const forged = channelActivity({ channelId: 'emulator', serviceUrl: `${capture.url}/internal/`, text: 'hilfe' });
    const refused = await postJson(`${server.baseUrl}/api/messages`, forged);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/ALLOWED_SERVICE_URLS/);
    // An invoke is answered in the HTTP reply; nothing goes to its serviceUrl either.
    const invoke = await postJson(`${server.baseUrl}/api/messages`, {
      ...forged,
      type: 'invoke',
      name: 'message/submitAction',
      value: { actionName: 'feedback', actionValue: { reaction: 'like' } },
    });
    expect(invoke.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(capture.requests).toEqual([]);
    await server.close();

    // The Emulator's address, once allowed, receives the reply like a channel service.
    server = await startLoggedServer(workspace, { ALLOWED_SERVICE_URLS: `http://localhost:* ${capture.url}` });
    const allowed = await postJson(`${server.baseUrl}/api/messages`, forged);
    expect(allowed.status).toBe(200);
    await expect.poll(() => capture.requests.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(capture.requests.every((r) => r.url.startsWith('/internal/v3/conversations/'))).toBe(true);
    expect(capture.requests.map((r) => r.body).join('\n')).toContain('So nutzen Sie den Wegweiser');
  });

  it('answers an activity without recipient', async () => {
    server = await startLoggedServer(workspace);
    const { recipient: _recipient, ...activity } = channelActivity({ text: CONTACT_QUESTION, deliveryMode: 'expectReplies' });
    const response = await postJson(`${server.baseUrl}/api/messages`, activity);
    expect(response.status).toBe(200);
    const { activities } = (await response.json()) as { activities: Array<{ type: string; text?: string }> };
    expect(activities.find((a) => a.type === 'message')?.text).toContain('Marvin Baldauf');
  });

  it('keys the unauthenticated per-user limit on the client address: a new from.id does not escape it', async () => {
    server = await startLoggedServer(workspace, { RATE_LIMIT_PER_MINUTE: '3', TRUSTED_PROXIES: 'loopback' });
    const ask = async (fromId: string, forwardedFor?: string) => {
      const response = await postJson(
        `${server!.baseUrl}/api/messages`,
        channelActivity({ text: 'hilfe', from: { id: fromId }, deliveryMode: 'expectReplies' }),
        forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {},
      );
      const { activities } = (await response.json()) as { activities: Array<{ text?: string }> };
      return activities.map((a) => a.text ?? '').join(' ');
    };
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await ask(`spoofed-${i}`));
    expect(replies.slice(0, 3).every((r) => r.includes('So nutzen'))).toBe(true);
    expect(replies.slice(3).every((r) => r.includes('warten Sie einen Moment'))).toBe(true);
    // Someone else behind the same trusted proxy has a limit of their own.
    expect(await ask('other', '10.20.30.40')).toContain('So nutzen');
    // Three refusals, one log line for them (the rest are counted in the summary written on close).
    expect(server.logs.filter((l) => l.msg === 'rate limit reached')).toHaveLength(1);
    await server.close();
    const summary = server.logs.find((l) => l.msg === 'more requests refused by this limit in the last minute');
    expect(summary).toMatchObject({ suppressed: 2 });
    server = undefined;
  });

  it('lets 40 people behind one proxy address each open a web chat conversation within a minute', async () => {
    const openConversation = async (base: string, forwardedFor: string) => {
      const generated = await postJson(`${base}/v3/directline/tokens/generate`, {}, { 'X-Forwarded-For': forwardedFor });
      if (generated.status !== 200) return generated.status;
      const { token } = (await generated.json()) as { token: string };
      return (await postJson(`${base}/v3/directline/conversations`, {}, { Authorization: `Bearer ${token}`, 'X-Forwarded-For': forwardedFor })).status;
    };
    server = await startLoggedServer(workspace, { TRUSTED_PROXIES: '127.0.0.1' });
    const statuses = [];
    for (let person = 1; person <= 40; person++) statuses.push(await openConversation(server.baseUrl, `10.1.0.${person}`));
    expect(statuses).toEqual(Array(40).fill(200));
    // The per-address limit still holds for one address.
    const same = [];
    for (let i = 0; i < 31; i++) same.push(await openConversation(server.baseUrl, '10.9.9.9'));
    expect(same.filter((s) => s === 429)).toHaveLength(1);
    await server.close();

    // Without TRUSTED_PROXIES the header is not believed: everyone shares the proxy's limit.
    server = await startLoggedServer(workspace);
    const untrusted = [];
    for (let person = 1; person <= 31; person++) untrusted.push(await openConversation(server.baseUrl, `10.2.0.${person}`));
    expect(untrusted.at(-1)).toBe(429);
  });

  it('throttles failed admin sign-ins per address with one audit line and one summary instead of one per attempt', async () => {
    server = await startLoggedServer(workspace, { ADMIN_TOKEN, ADMIN_AUTH_FAILURES_PER_MINUTE: '5', TRUSTED_PROXIES: 'loopback' });
    const status = (token: string, forwardedFor = '10.5.5.5') =>
      fetch(`${server!.baseUrl}/api/admin/status`, { headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': forwardedFor } }).then((r) => r.status);
    const codes: number[] = [];
    for (let i = 0; i < 300; i++) codes.push(await status(`wrong-token-${i}-padding-padding`));
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    // The attacker's address is locked out even with the right token; an admin elsewhere is not.
    expect(await status(ADMIN_TOKEN)).toBe(429);
    expect(await status(ADMIN_TOKEN, '10.6.6.6')).toBe(200);
    await server.close();
    const dir = path.join(workspace.config.dataDir, 'audit');
    const lines = (await Promise.all((await readdir(dir)).map((f) => readFile(path.join(dir, f), 'utf8'))))
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { outcome: string; action: string; count?: number });
    const denied = lines.filter((l) => l.outcome === 'denied');
    expect(denied.length).toBeLessThanOrEqual(3);
    expect(denied.find((l) => l.action === 'refused-calls')?.count).toBe(300);
    server = undefined;
  });

  it('stores at most FEEDBACK_PER_MINUTE feedback entries per conversation', async () => {
    server = await startLoggedServer(workspace, { FEEDBACK_PER_MINUTE: '3' });
    const before = (await readFeedback(workspace.config.dataDir)).length;
    const base = `${server.baseUrl}/v3/directline`;
    const { token, conversationId } = (await (await postJson(`${base}/tokens/generate`, {})).json()) as { token: string; conversationId: string };
    const auth = { Authorization: `Bearer ${token}` };
    for (let i = 0; i < 8; i++) {
      const posted = await postJson(`${base}/conversations/${conversationId}/activities`, { type: 'event', name: FEEDBACK_EVENT, value: { rating: 'up', answerId: `a-${i}` } }, auth);
      expect(posted.status).toBe(200);
    }
    // Each stored entry is confirmed to the page; the five beyond the limit are neither stored nor confirmed.
    const confirmed = async () => {
      const page = (await (await fetch(`${base}/conversations/${conversationId}/activities`, { headers: auth })).json()) as { activities: Array<{ name?: string; value?: { answerId?: string } }> };
      return page.activities.filter((a) => a.name === FEEDBACK_STORED_EVENT).map((a) => a.value?.answerId);
    };
    await expect.poll(confirmed, { timeout: 20_000 }).toEqual(['a-0', 'a-1', 'a-2']);
    expect((await readFeedback(workspace.config.dataDir)).length - before).toBe(3);
    // Closing waits for the queued turns: the five refusals left one log line and a count of the other four.
    await server.close();
    expect(server.logs.filter((l) => l.msg === 'feedback limit reached; further feedback is not stored')).toHaveLength(1);
    expect(server.logs.find((l) => l.msg === 'more requests refused by this limit in the last minute' && String(l.limit).startsWith('feedback:'))).toMatchObject({ suppressed: 4 });
    expect((await readFeedback(workspace.config.dataDir)).length - before).toBe(3);
    server = undefined;
  });
});

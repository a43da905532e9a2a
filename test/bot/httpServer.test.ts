import { mkdir, mkdtemp, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { readFeedback } from '../../bot/feedbackStore.ts';
import { CONTACT_QUESTION, CORPUS_DIR, channelActivity, makeBotWorkspace, startBotServer, type BotWorkspace, type RunningServer } from './botTestSupport.ts';

/** A raw request, so that paths such as /sources/../x reach the server unnormalised. */
function rawRequest(baseUrl: string, method: string, requestPath: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: requestPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

interface TeamsCitation {
  '@type': string;
  position: number;
  appearance: { '@type': string; name: string; url: string; abstract: string };
}

describe('bot HTTP server (real server on 127.0.0.1, real index of the corpus)', () => {
  let workspace: BotWorkspace;
  let server: RunningServer;

  beforeAll(async () => {
    workspace = await makeBotWorkspace();
    server = await startBotServer(workspace);
  });

  afterAll(async () => {
    await server?.close();
    await workspace?.cleanup();
  });

  it('answers a Teams activity (expectReplies) with the AI entity whose citations match the [n] markers', async () => {
    const response = await postJson(`${server.baseUrl}/api/messages`, channelActivity({ text: CONTACT_QUESTION, deliveryMode: 'expectReplies' }));
    expect(response.status).toBe(200);
    const { activities } = (await response.json()) as { activities: Array<Record<string, any>> };
    const answer = activities.find((a) => a.type === 'message');
    expect(answer?.text).toContain('Marvin Baldauf');
    expect(answer?.channelData).toEqual({ feedbackLoopEnabled: true });
    const [entity] = answer?.entities as Array<Record<string, any>>;
    expect(entity).toMatchObject({
      type: 'https://schema.org/Message',
      '@type': 'Message',
      '@context': 'https://schema.org',
      '@id': '',
      additionalType: ['AIGeneratedContent'],
    });
    const citations = entity!.citation as TeamsCitation[];
    const markers = [...new Set([...String(answer?.text).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].sort();
    expect(citations.map((c) => c.position).sort()).toEqual(markers);
    for (const citation of citations) {
      expect(citation['@type']).toBe('Claim');
      expect(citation.appearance['@type']).toBe('DigitalDocument');
      expect(citation.appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(citation.appearance.url).toMatch(new RegExp(`^${server.baseUrl}/sources/digitale-kompetenzen-praesentation\\.pdf#page=\\d+$`));
    }
    const contactCard = (answer?.attachments as Array<{ contentType: string; content: { actions: Array<{ type: string; url: string }> } }>).find(
      (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
    );
    expect(contactCard?.content.actions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Action.OpenUrl', url: 'mailto:marvin.baldauf@m-r-n.com' })]),
    );

    // The citation link really opens the document.
    const pdf = await fetch(citations[0]!.appearance.url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers the Teams feedback invoke with 200 and files the rating', async () => {
    const conversation = { id: 'a:feedback-conversation', conversationType: 'personal' };
    const asked = await postJson(`${server.baseUrl}/api/messages`, channelActivity({ conversation, text: CONTACT_QUESTION, deliveryMode: 'expectReplies' }));
    expect(asked.status).toBe(200);
    const invoke = await postJson(
      `${server.baseUrl}/api/messages`,
      channelActivity({
        type: 'invoke',
        name: 'message/submitAction',
        conversation,
        value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"zu knapp"}' }, replyToId: 'unknown-activity' },
      }),
    );
    expect(invoke.status).toBe(200);
    const [entry] = await readFeedback(workspace.config.dataDir);
    expect(entry).toMatchObject({ rating: 'down', comment: 'zu knapp', channel: 'msteams' });
  });

  it('refuses malformed JSON and activities without the required fields with 400 and a reason', async () => {
    const broken = await rawRequest(server.baseUrl, 'POST', '/api/messages', '{"type": "message",', { 'Content-Type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error).toMatch(/not valid JSON/);
    const incomplete = await postJson(`${server.baseUrl}/api/messages`, { type: 'message', text: 'Hallo' });
    expect(incomplete.status).toBe(400);
    expect(((await incomplete.json()) as { error: string }).error).toMatch(/conversation/);
    const notAnObject = await postJson(`${server.baseUrl}/api/messages`, ['message']);
    expect(notAnObject.status).toBe(400);
    // The server is still healthy afterwards.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('answers an unexpected failure in a route with a bare 500, never the error text or a stack', async () => {
    server.server.get('/test-failure', async () => {
      throw new Error('database password is hunter2');
    });
    const response = await fetch(`${server.baseUrl}/test-failure`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain('hunter2');
    expect(body).not.toMatch(/\bat .+:\d+/);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('reports health and readiness', async () => {
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { documents: number }).documents).toBe(5);
  });

  it('runs a Direct Line conversation: token, conversation with welcome, post a question, poll the answer', async () => {
    const base = `${server.baseUrl}/v3/directline`;
    const generated = (await (await postJson(`${base}/tokens/generate`, {})).json()) as { token: string; conversationId: string };
    const auth = { Authorization: `Bearer ${generated.token}` };
    const started = await postJson(`${base}/conversations`, {}, auth);
    expect(started.status).toBe(200);
    const { conversationId } = (await started.json()) as { conversationId: string };
    expect(conversationId).toBe(generated.conversationId);

    const posted = await postJson(
      `${base}/conversations/${conversationId}/activities`,
      { type: 'message', text: CONTACT_QUESTION, from: { id: 'spoofed-user' }, channelData: { clientActivityID: 'client-1' } },
      auth,
    );
    expect(posted.status).toBe(200);
    const { id: postedId } = (await posted.json()) as { id: string };

    let activities: Array<Record<string, any>> = [];
    let watermark = '0';
    await expect
      .poll(
        async () => {
          const page = (await (await fetch(`${base}/conversations/${conversationId}/activities?watermark=${watermark}`, { headers: auth })).json()) as {
            activities: Array<Record<string, any>>;
            watermark: string;
          };
          activities = [...activities, ...page.activities];
          watermark = page.watermark;
          return activities.some((a) => a.type === 'message' && a.replyToId === postedId);
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    const welcome = activities.find((a) => a.from?.role === 'bot' && a.suggestedActions);
    expect(welcome?.text).toContain('Willkommen');
    const echoed = activities.find((a) => a.id === postedId);
    expect(echoed?.channelData).toEqual({ clientActivityID: 'client-1' });
    expect(echoed?.from.role).toBe('user');
    expect(echoed?.from.id).not.toBe('spoofed-user');
    const answer = activities.find((a) => a.type === 'message' && a.replyToId === postedId);
    expect(answer?.from).toMatchObject({ role: 'bot' });
    expect(answer?.text).toContain('Marvin Baldauf');
    expect(answer?.text).toContain(`${server.baseUrl}/sources/digitale-kompetenzen-praesentation.pdf#page=`);
    // Watermarks only move forward: nothing is delivered twice.
    const again = (await (await fetch(`${base}/conversations/${conversationId}/activities?watermark=${watermark}`, { headers: auth })).json()) as { activities: unknown[] };
    expect(again.activities).toEqual([]);

    // Another conversation's token is refused.
    const other = (await (await postJson(`${base}/tokens/generate`, {})).json()) as { token: string };
    const foreign = await fetch(`${base}/conversations/${conversationId}/activities?watermark=0`, { headers: { Authorization: `Bearer ${other.token}` } });
    expect(foreign.status).toBe(403);
    const bad = await rawRequest(server.baseUrl, 'POST', `/v3/directline/conversations/${conversationId}/activities`, '{oops', { ...auth, 'Content-Type': 'application/json' });
    expect(bad.status).toBe(400);

    // "Neues Gespräch": the client ends the conversation; what was said is dropped, only the echo is left.
    const ended = await postJson(`${base}/conversations/${conversationId}/activities`, { type: 'endOfConversation' }, auth);
    expect(ended.status).toBe(200);
    const { id: endId } = (await ended.json()) as { id: string };
    await expect
      .poll(async () => {
        const page = (await (await fetch(`${base}/conversations/${conversationId}/activities?watermark=0`, { headers: auth })).json()) as { activities: Array<{ id: string }> };
        return page.activities.map((a) => a.id);
      })
      .toEqual([endId]);
    const afterEnd = await postJson(`${base}/conversations/${conversationId}/activities`, { type: 'message', text: 'Noch da?' }, auth);
    expect(afterEnd.status).toBe(403);
  });

  it('serves the web chat page, the Web Chat bundle from node_modules and the embed snippet', async () => {
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('src="/webchat/webchat.js"');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const embedded = await fetch(`${server.baseUrl}/?embed=1`);
    expect(embedded.headers.get('content-security-policy')).toContain('frame-ancestors *');
    const bundle = await fetch(`${server.baseUrl}/webchat/webchat.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
    // React's UMD build and the page's answer parts built with it, in the order the page loads them.
    expect(html.indexOf('src="/webchat/react.js"')).toBeGreaterThan(html.indexOf('src="/webchat/webchat.js"'));
    expect(html.indexOf('src="/webchat/answerParts.js"')).toBeGreaterThan(html.indexOf('src="/webchat/react.js"'));
    const react = await fetch(`${server.baseUrl}/webchat/react.js`);
    expect(react.headers.get('content-type')).toContain('javascript');
    expect(await react.text()).toContain('version="18.');
    expect(await (await fetch(`${server.baseUrl}/webchat/answerParts.js`)).text()).toContain('application/vnd.wegweiser.sources+json');
    const embed = await fetch(`${server.baseUrl}/embed.js`);
    expect(await embed.text()).toContain("'/?embed=1'");
    const config = (await (await fetch(`${server.baseUrl}/api/webchat/config`)).json()) as { mode: string };
    expect(config.mode).toBe('local');
    // Without Azure Direct Line there is no token exchange.
    expect((await postJson(`${server.baseUrl}/api/directline/token`, {})).status).toBe(404);
  });
});

describe('GET /sources/* and the source viewer: indexed documents only, safely', () => {
  let workspace: BotWorkspace;
  let server: RunningServer;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wegweiser-sources-'));
    const docs = path.join(root, 'docs');
    await mkdir(path.join(docs, 'unterordner'), { recursive: true });
    await copyFile(path.join(CORPUS_DIR, 'digitale-kompetenzen-praesentation.pdf'), path.join(docs, 'unterordner', 'präsentation 2024.pdf'));
    await writeFile(path.join(root, 'geheim.txt'), 'outside the documents folder');
    await writeFile(path.join(docs, '.env'), 'SECRET=1');
    await symlink(path.join(root, 'geheim.txt'), path.join(docs, 'link-nach-aussen.txt'));
    await writeFile(path.join(docs, 'seite.html'), '<html><head><title>Seite</title></head><body><script>alert(1)</script><main><h1>Seite</h1><p>Hallo aus dem Lernlabor.</p></main></body></html>');
    await writeFile(path.join(docs, 'notiz.txt'), 'Notiz zum Lernlabor\n\nDer Kurs <b>Datenkompetenz</b> beginnt am 3. März 2027. <script>alert("x")</script>\n');
    await writeFile(path.join(docs, 'SOURCES.md'), '# Herkunft\n\nNotizen zum Ordner.\n');
    workspace = await makeBotWorkspace({ DOCS_DIR: docs });
    // Put into the folder after ingestion: present, but not in the index.
    await writeFile(path.join(docs, 'neu.txt'), 'Noch nicht eingelesen.');
    server = await startBotServer(workspace);
  });

  afterAll(async () => {
    await server?.close();
    await workspace?.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it('serves indexed documents in subfolders with encoded names and the right content type', async () => {
    const ok = await rawRequest(server.baseUrl, 'GET', `/sources/unterordner/${encodeURIComponent('präsentation 2024.pdf')}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    const html = await rawRequest(server.baseUrl, 'GET', '/sources/seite.html');
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toMatch(/^sandbox/);
  });

  it('does not serve files of the folder that are not in the index: new files and the folder\'s notes', async () => {
    expect((await rawRequest(server.baseUrl, 'GET', '/sources/neu.txt')).status).toBe(404);
    expect((await rawRequest(server.baseUrl, 'GET', '/sources/SOURCES.md')).status).toBe(404);
    expect((await rawRequest(server.baseUrl, 'GET', '/view/neu.txt')).status).toBe(404);
    const notes = await rawRequest(server.baseUrl, 'GET', '/view/SOURCES.md');
    expect(notes.status).toBe(404);
    expect(notes.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(notes.body).toContain('nicht (mehr) im Index');
  });

  it('shows a document in the viewer from the index text, escaped, scripts neither run nor rendered', async () => {
    const chunks = await workspace.assistant.chunksOfSource('notiz.txt');
    expect(chunks.length).toBe(1);
    const page = await rawRequest(server.baseUrl, 'GET', `/view/notiz.txt?passage=${chunks[0]!.id}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).not.toContain('script-src');
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('Der Kurs &lt;b&gt;Datenkompetenz&lt;/b&gt; beginnt am 3. März 2027. &lt;script&gt;');
    expect(page.body).not.toMatch(/<script|<b>/);
    expect(page.body).toContain(`id="passage-${chunks[0]!.id}" role="region" aria-label="Zitierte Textstelle"`);
    expect(page.body).toContain('href="/sources/notiz.txt" download="notiz.txt"');
    const html = await rawRequest(server.baseUrl, 'GET', '/view/seite.html');
    expect(html.body).toContain('Hallo aus dem Lernlabor.');
    expect(html.body).not.toContain('alert(1)');
  });

  it('shows a PDF page by page, each with a link to that page of the original', async () => {
    const encoded = `unterordner/${encodeURIComponent('präsentation 2024.pdf')}`;
    const page = await rawRequest(server.baseUrl, 'GET', `/view/${encoded}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<a href="/sources/${encoded}#page=15">Folie 15 im Original-PDF öffnen</a>`);
    expect(page.body).toContain('<h2 id="abschnitt-15">Folie 15: Ansprechpartner:in</h2>');
    expect(page.body).toContain('25 Folien');
  });

  it.each([
    '/sources/../geheim.txt',
    '/sources/%2e%2e/geheim.txt',
    '/sources/..%2fgeheim.txt',
    '/sources/unterordner/..%2f..%2fgeheim.txt',
    '/sources/%2fetc%2fpasswd',
    '/sources//etc/passwd',
    '/sources/..%5cgeheim.txt',
    '/sources/%252e%252e/geheim.txt',
    '/sources/%E0%A4%A',
    '/sources/link-nach-aussen.txt',
    '/sources/.env',
    '/sources/fehlt.pdf',
    '/sources/unterordner',
    '/sources/%00.pdf',
    '/view/../geheim.txt',
    '/view/%2e%2e/geheim.txt',
    '/view/.env',
    '/view/%E0%A4%A',
    '/view/fehlt.pdf',
  ])('refuses %s with 400 or 404, never the file and never 500', async (attempt) => {
    const response = await rawRequest(server.baseUrl, 'GET', attempt);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('outside the documents folder');
    expect(response.body).not.toContain('root:');
  });
});

describe('bot HTTP server without an index', () => {
  let workspace: BotWorkspace;
  let server: RunningServer;

  beforeAll(async () => {
    workspace = await makeBotWorkspace({}, { withIndex: false });
    server = await startBotServer(workspace);
  });

  afterAll(async () => {
    await server?.close();
    await workspace?.cleanup();
  });

  it('says not ready (503 with a reason) while no index is loaded', async () => {
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/index/);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe('authentication and Azure Direct Line', () => {
  let workspace: BotWorkspace;
  let server: RunningServer;
  let fakeDirectLine: http.Server;
  const seenAuthorization: string[] = [];

  beforeAll(async () => {
    // A stand-in for Azure's Direct Line token endpoint, speaking its wire format.
    fakeDirectLine = http.createServer((req, res) => {
      seenAuthorization.push(String(req.headers.authorization));
      if (req.method === 'POST' && req.url === '/v3/directline/tokens/generate' && req.headers.authorization === 'Bearer dl-secret-123') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'azure-conv', token: 'short-lived-token', expires_in: 3600 }));
      } else {
        res.writeHead(403).end();
      }
    });
    await new Promise<void>((resolve) => fakeDirectLine.listen(0, '127.0.0.1', resolve));
    const port = (fakeDirectLine.address() as AddressInfo).port;
    workspace = await makeBotWorkspace(
      {
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'not-a-real-secret',
        DIRECT_LINE_SECRET: 'dl-secret-123',
        DIRECT_LINE_ENDPOINT: `http://127.0.0.1:${port}`,
      },
      { withIndex: false },
    );
    server = await startBotServer(workspace);
  });

  afterAll(async () => {
    await server?.close();
    await workspace?.cleanup();
    await new Promise<void>((resolve) => fakeDirectLine?.close(() => resolve()));
  });

  it('refuses an unsigned activity with 401 when MicrosoftAppId is configured', async () => {
    const response = await postJson(`${server.baseUrl}/api/messages`, channelActivity({ text: 'Hallo' }));
    expect(response.status).toBe(401);
    expect(await response.text()).not.toMatch(/at .*\.js/);
  });

  it.each([
    { MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '99999999-8888-7777-6666-555555555555', MicrosoftAppPassword: 'not-a-real-secret' },
    { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: '99999999-8888-7777-6666-555555555555' },
  ])('starts with app type $MicrosoftAppType and refuses unsigned activities', async (identity) => {
    const config = loadConfig(
      {
        DOCS_DIR: workspace.config.docsDir,
        INDEX_DIR: workspace.config.indexDir,
        DATA_DIR: workspace.config.dataDir,
        LOG_LEVEL: 'silent',
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        ...identity,
      },
      workspace.root,
    );
    const other = await startBotServer(workspace, config);
    try {
      expect((await postJson(`${other.baseUrl}/api/messages`, channelActivity({ text: 'Hallo' }))).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('still serves the built-in Direct Line in-process when a bot identity is configured', async () => {
    const base = `${server.baseUrl}/v3/directline`;
    const { token, conversationId } = (await (await postJson(`${base}/tokens/generate`, {})).json()) as { token: string; conversationId: string };
    const auth = { Authorization: `Bearer ${token}` };
    expect((await postJson(`${base}/conversations`, {}, auth)).status).toBe(200);
    expect((await postJson(`${base}/conversations/${conversationId}/activities`, { type: 'message', text: 'hilfe' }, auth)).status).toBe(200);
    await expect
      .poll(
        async () => {
          const page = (await (await fetch(`${base}/conversations/${conversationId}/activities`, { headers: auth })).json()) as { activities: Array<{ text?: string }> };
          return page.activities.map((a) => a.text ?? '').join('\n');
        },
        { timeout: 20_000, interval: 100 },
      )
      .toContain('So nutzen Sie den Wegweiser');
  });

  it('exchanges the Direct Line secret for a token server-side; the secret never reaches the browser', async () => {
    const config = (await (await fetch(`${server.baseUrl}/api/webchat/config`)).json()) as Record<string, unknown>;
    expect(config.mode).toBe('azure');
    expect(JSON.stringify(config)).not.toContain('dl-secret-123');
    const response = await postJson(`${server.baseUrl}/api/directline/token`, {});
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ token: 'short-lived-token', conversationId: 'azure-conv' });
    expect(body).not.toContain('dl-secret-123');
    expect(seenAuthorization).toContain('Bearer dl-secret-123');
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' http://127.0.0.1:`);
  });
});

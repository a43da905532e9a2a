import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeWorkspace, removeWorkspace, startBotServer, type BotHarness } from '../admin/adminHarness.ts';
import { postHead, sendRaw } from './rawHttp.ts';

const UPLOAD = '/api/admin/documents';
const AUTH = `Bearer ${ADMIN_TOKEN}`;

function multipart(boundary: string, body: string, extra: Record<string, string | number> = {}): string {
  return postHead(UPLOAD, {
    Authorization: AUTH,
    'Content-Type': `multipart/form-data; boundary=${boundary}`,
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
}

const FILE_PART = '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\nContent-Type: text/markdown\r\n\r\n';

describe('broken requests never take the bot down (real server on 127.0.0.1, raw sockets)', () => {
  let root: string;
  let bot: BotHarness;
  let port: number;
  let docsDir: string;

  beforeAll(async () => {
    root = await makeWorkspace();
    docsDir = path.join(root, 'docs');
    await mkdir(docsDir, { recursive: true });
    // A temporary file a killed server left behind an hour ago.
    const stale = path.join(docsDir, '.upload-0123456789abcdef.tmp');
    await writeFile(stale, 'half a document');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(stale, anHourAgo, anHourAgo);
    bot = await startBotServer(root, { REQUEST_IDLE_TIMEOUT_MS: '1500' });
    port = Number(new URL(bot.baseUrl).port);
  });

  afterAll(async () => {
    await bot?.close();
    if (root) await removeWorkspace(root);
  });

  const healthy = async () => {
    const response = await fetch(`${bot.baseUrl}/healthz`);
    expect(response.status).toBe(200);
  };
  const tempFiles = async () => (await readdir(docsDir)).filter((name) => name.startsWith('.upload-'));

  it('removes temporary files of interrupted uploads at start', async () => {
    await expect.poll(tempFiles, { timeout: 5_000 }).toEqual([]);
  });

  it('answers a multipart body without its closing boundary with 400 (the reported crash)', async () => {
    const body = `${FILE_PART}hello`;
    const reply = await sendRaw(port, multipart('abc', body) + body);
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(/"code":"(upload_incomplete|malformed_upload)"/);
    await healthy();
    expect(await tempFiles()).toEqual([]);
  });

  it('answers a body whose boundary differs from the declared one with 400', async () => {
    const body = '--xyz\r\nContent-Disposition: form-data; name="file"; filename="b.md"\r\n\r\n# Titel\r\n--xyz--\r\n';
    const reply = await sendRaw(port, multipart('abc', body) + body);
    expect(reply.status).toBe(400);
    await healthy();
  });

  it('survives an upload the client aborts half-way and keeps no temporary file', async () => {
    const half = `${FILE_PART}${'Zeile mit Text für die Fortbildung.\n'.repeat(2_000)}`;
    await sendRaw(port, multipart('abc', 'x'.repeat(500_000)) + half, { abort: true, timeoutMs: 2_000 });
    await healthy();
    await expect.poll(tempFiles, { timeout: 5_000 }).toEqual([]);
    // A complete upload afterwards works.
    const form = new FormData();
    form.append('file', new Blob(['# Fortbildung\n\nInhalt.']), 'fortbildung.md');
    const ok = await fetch(`${bot.baseUrl}${UPLOAD}`, { method: 'POST', headers: { Authorization: AUTH }, body: form });
    expect(ok.status).toBe(201);
  });

  it('answers a stalled upload with 408 after REQUEST_IDLE_TIMEOUT_MS, serving others meanwhile', async () => {
    const start = `${FILE_PART}erste Zeile\n`;
    const stalled = sendRaw(port, multipart('abc', 'x'.repeat(10_000)) + start, { timeoutMs: 8_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await healthy();
    const reply = await stalled;
    expect(reply.status).toBe(408);
    expect(reply.text).toContain('"code":"upload_stalled"');
    await healthy();
    await expect.poll(tempFiles, { timeout: 5_000 }).toEqual([]);
  });

  it('answers a slow but steady JSON body normally and a stalled one with 408', async () => {
    const activity = JSON.stringify({ type: 'message', text: 'hilfe', channelId: 'emulator', serviceUrl: 'http://localhost:1', deliveryMode: 'expectReplies', conversation: { id: 'c1' }, from: { id: 'u1' } });
    const head = postHead('/api/messages', { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(activity) });
    const slow = await sendRaw(port, head + activity.slice(0, 40), { rest: activity.slice(40), pauseMs: 700 });
    expect(slow.status).toBe(200);
    expect(slow.text).toContain('So nutzen Sie den Wegweiser');
    const stalled = await sendRaw(port, head + activity.slice(0, 40), { timeoutMs: 8_000 });
    expect(stalled.status).toBe(408);
    await healthy();
  });

  it.each([
    ['a JSON body cut off by the client', postHead('/api/messages', { 'Content-Type': 'application/json', 'Content-Length': 5_000 }) + '{"type":"mess', true],
    ['broken chunked encoding', postHead('/api/messages', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }) + 'zz\r\n{}\r\n0\r\n\r\n', false],
    ['invalid UTF-8 and control bytes', Buffer.concat([Buffer.from(postHead('/api/messages', { 'Content-Type': 'application/json', 'Content-Length': 6 })), Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x22, 0x7d])]), false],
    ['an oversized header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, false],
    ['a Direct Line activity cut off by the client', postHead('/v3/directline/conversations/x/activities', { 'Content-Type': 'application/json', 'Content-Length': 900, Authorization: 'Bearer nope' }) + '{"type"', true],
    ['an admin JSON body cut off by the client', postHead('/api/admin/reindex', { 'Content-Type': 'application/json', 'Content-Length': 900, Authorization: AUTH }) + '{"full"', true],
    ['garbage instead of HTTP', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003 not http at all\r\n\r\n', false],
  ] as const)('survives %s', async (_name, bytes, abort) => {
    const reply = await sendRaw(port, bytes, { abort, timeoutMs: 3_000 });
    if (!abort) expect(reply.status === 0 || (reply.status >= 400 && reply.status < 500)).toBe(true);
    await healthy();
  });
});

describe('admin 500 replies name no paths', () => {
  let root: string;
  let bot: BotHarness;

  beforeAll(async () => {
    root = await makeWorkspace();
    // DOCS_DIR is a file: every file-system call on it fails with a message naming the absolute path.
    await writeFile(path.join(root, 'docs'), 'not a folder');
    bot = await startBotServer(root);
  });

  afterAll(async () => {
    await bot?.close();
    if (root) await removeWorkspace(root);
  });

  it('answers a failed upload and status with 500 and the kind of failure, without the server path', async () => {
    const form = new FormData();
    form.append('file', new Blob(['# Titel']), 'titel.md');
    const upload = await fetch(`${bot.baseUrl}${UPLOAD}`, { method: 'POST', headers: { Authorization: AUTH }, body: form });
    expect(upload.status).toBe(500);
    const uploadBody = await upload.text();
    expect(uploadBody).toMatch(/Die Aktion ist fehlgeschlagen \(E[A-Z]+\); die Einzelheiten stehen im Server-Protokoll/);
    const status = await fetch(`${bot.baseUrl}/api/admin/status`, { headers: { Authorization: AUTH } });
    expect(status.status).toBe(500);
    for (const body of [uploadBody, await status.text()]) {
      expect(body).not.toContain(root);
      expect(body).not.toMatch(/\/(tmp|work|home|var)\//);
    }
  });
});

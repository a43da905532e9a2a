import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { freePort } from './redisServer.ts';

/**
 * Bot replicas as real `bot/main.ts` processes (so one can be killed with SIGKILL), and a small
 * round-robin load balancer in front of them, written for the tests: each request goes to the next
 * replica; a replica that refuses the connection (killed) is skipped, as a load balancer's passive
 * health check would do. It adds `x-served-by: <replica index>` to every response.
 */

const REPO_DIR = path.resolve(import.meta.dirname, '../..');

export class Replica {
  private child: ChildProcess | undefined;
  private stderr = '';

  constructor(
    readonly index: number,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    this.stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_DIR, 'bot', 'main.ts')], {
      cwd: REPO_DIR,
      env: { ...process.env, ...this.env, HOST: '127.0.0.1', PORT: String(this.port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr!.on('data', (data: Buffer) => (this.stderr = (this.stderr + data.toString()).slice(-4000)));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`replica ${this.index} exited with ${child.exitCode}: ${this.stderr}`);
      try {
        if ((await fetch(`${this.baseUrl}/readyz`)).status === 200) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`replica ${this.index} not ready: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL: no graceful shutdown, as when a node or container dies. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  logTail(): string {
    return this.stderr;
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  }
}

export async function startReplicas(count: number, envFor: (index: number) => Record<string, string>): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) replicas.push(new Replica(i, await freePort(), envFor(i)));
  await Promise.all(replicas.map((replica) => replica.start()));
  return replicas;
}

export interface ServedRequest {
  method: string;
  path: string;
  replica: number;
}

export interface RoundRobinProxy {
  baseUrl: string;
  /** Every request that reached a replica, in order. */
  served: ServedRequest[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forwardedFor(req: http.IncomingMessage): string {
  const before = req.headers['x-forwarded-for'];
  const peer = req.socket.remoteAddress ?? 'unknown';
  return before ? `${String(before)}, ${peer}` : peer;
}

function forward(port: number, req: http.IncomingMessage, body: Buffer): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      // A fresh connection per request: a killed replica is noticed at connect time.
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.url,
        // As a real load balancer does: the client's address appended to X-Forwarded-For.
        headers: { ...req.headers, host: `127.0.0.1:${port}`, 'x-forwarded-for': forwardedFor(req) },
        agent: false,
      },
      resolve,
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

export async function startRoundRobinProxy(replicas: Replica[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served: ServedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    for (let attempt = 0; attempt < replicas.length; attempt++) {
      const replica = replicas[next++ % replicas.length]!;
      try {
        const upstream = await forward(replica.port, req, body);
        served.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, replica: replica.index });
        res.writeHead(upstream.statusCode ?? 502, { ...upstream.headers, 'x-served-by': String(replica.index) });
        upstream.pipe(res);
        return;
      } catch (error) {
        // Only a refused connection is safe to retry: the request never reached the replica.
        if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') {
          res.writeHead(502).end(`upstream failed: ${(error as Error).message}`);
          return;
        }
      }
    }
    res.writeHead(502).end('no replica reachable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PolledActivity {
  id?: string;
  type?: string;
  text?: string;
  name?: string;
  value?: unknown;
  replyToId?: string;
  from?: { id?: string; role?: string };
  attachments?: Array<{ contentType?: string; content?: unknown }>;
  channelData?: Record<string, unknown>;
}

/**
 * A web chat conversation as Web Chat runs it over Direct Line: token, conversation, posting
 * activities, and polling for new ones with the watermark every `intervalMs` (Web Chat: 1 s).
 * Polls that fail (a replica just died) are retried at the next tick, as Web Chat does.
 */
export class DirectLineClient {
  readonly activities: PolledActivity[] = [];
  conversationId = '';
  private token = '';
  private watermark = '';
  private polling = false;
  private poller: Promise<void> | undefined;
  failedPolls = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly intervalMs = 250,
  ) {}

  async open(): Promise<void> {
    const generated = await this.post('/v3/directline/tokens/generate', {});
    this.token = ((await generated.json()) as { token: string }).token;
    const started = await this.post('/v3/directline/conversations', {});
    if (!started.ok) throw new Error(`conversations answered ${started.status}`);
    this.conversationId = ((await started.json()) as { conversationId: string }).conversationId;
    this.polling = true;
    this.poller = this.pollLoop();
  }

  /** Posts an activity; the response as it came. */
  postActivity(activity: Record<string, unknown>): Promise<Response> {
    return this.post(`/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities`, { from: { id: 'webchat-user' }, locale: 'de-DE', ...activity });
  }

  /** Posts an activity and returns its id. */
  async send(activity: Record<string, unknown>): Promise<string> {
    const response = await this.postActivity(activity);
    if (response.status !== 200) throw new Error(`posting answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  /** One page of activities from `watermark`, outside the polling loop. */
  async page(watermark = 0): Promise<{ status: number; activities: PolledActivity[] }> {
    const response = await fetch(`${this.baseUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities?watermark=${watermark}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return { status: response.status, activities: response.ok ? ((await response.json()) as { activities: PolledActivity[] }).activities : [] };
  }

  /** The bot's reply (a message, or another type) to the activity `id`, once polling has brought it. */
  async replyTo(id: string, timeoutMs = 30_000, type = 'message'): Promise<PolledActivity> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = this.activities.find((a) => a.type === type && a.replyToId === id);
      if (reply) return reply;
      if (Date.now() > deadline) throw new Error(`no reply to ${id} within ${timeoutMs} ms (${this.activities.length} activities, ${this.failedPolls} failed polls)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async ask(text: string): Promise<PolledActivity> {
    return this.replyTo(await this.send({ type: 'message', text }));
  }

  async close(): Promise<void> {
    this.polling = false;
    await this.poller;
  }

  private async pollLoop(): Promise<void> {
    while (this.polling) {
      try {
        const query = this.watermark ? `?watermark=${encodeURIComponent(this.watermark)}` : '';
        const response = await fetch(`${this.baseUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities${query}`, {
          headers: { authorization: `Bearer ${this.token}` },
        });
        if (response.ok) {
          const page = (await response.json()) as { activities: PolledActivity[]; watermark: string };
          this.activities.push(...page.activities);
          this.watermark = page.watermark;
        } else {
          this.failedPolls += 1;
        }
      } catch {
        this.failedPolls += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }

  private post(requestPath: string, body: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${requestPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify(body),
    });
  }
}

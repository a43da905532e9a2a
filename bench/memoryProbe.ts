import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { messageActivity } from './httpBench.ts';

/**
 * Resident memory of a separate server process holding an index, measured from outside
 * (/proc/<pid>/status VmRSS), so the benchmark's own allocations never count.
 */

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const BOT_MAIN = path.join(PROJECT_ROOT, 'bot', 'main.ts');
const TSX_IMPORT = ['--import', 'tsx'];

export interface MemoryMeasurement {
  /** After answering `answered` questions (the bot's figure in the report). */
  rssMb: number;
  /** Right after /readyz answered, before any question. */
  readyRssMb?: number;
  /** Questions answered through /api/messages before `rssMb` was read. */
  answered?: number;
  /** 'bot': the real bot server; 'assistant': a child process holding the Assistant (bot unavailable). */
  method: 'bot' | 'assistant';
  note?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function vmRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export interface BotProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  stop(): Promise<void>;
  /** Last lines the bot wrote to stderr, for error messages. */
  stderrTail(): string;
}

export function botAvailable(): boolean {
  return existsSync(BOT_MAIN) && existsSync(path.join(PROJECT_ROOT, 'bot', 'server.ts'));
}

/**
 * Starts `bot/main.ts` on 127.0.0.1 with the given index and waits until /readyz answers 200.
 * Ingestion on start is off: the index is prebuilt, and the docs folder is an empty temp folder.
 */
export async function startBot(indexDir: string, env: Record<string, string>, timeoutMs = 900_000): Promise<BotProcess> {
  const port = await freePort();
  const docsDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-bench-docs-'));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wegweiser-bench-data-'));
  // The same V8 flag as `npm start`: 8 MB semi-spaces keep the young generation from growing with the answer rate.
  const child = spawn(process.execPath, ['--max-semi-space-size=8', ...TSX_IMPORT, BOT_MAIN], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      INDEX_DIR: indexDir,
      DOCS_DIR: docsDir,
      DATA_DIR: dataDir,
      INGEST_ON_START: 'false',
      EMBEDDINGS: 'local',
      ANSWER_ENGINE: 'extractive',
      LOG_LEVEL: 'warn',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      DIRECT_LINE_SECRET: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr?.on('data', (data: Buffer) => {
    tail = (tail + data.toString('utf8')).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(docsDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the bot exited with code ${child.exitCode} before it was ready: ${tail.trim().slice(-800)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) break;
    } catch {
      // Not listening yet: keep polling until the deadline.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the bot was not ready within ${timeoutMs / 1000} s: ${tail.trim().slice(-800)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, port, baseUrl, stop, stderrTail: () => tail };
}

async function assistantChildRss(indexDir: string): Promise<number> {
  const child = spawn(process.execPath, [...TSX_IMPORT, path.join(PROJECT_ROOT, 'bench', 'assistantProcess.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, INDEX_DIR: indexDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-2000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`assistant child process failed (${code}): ${err.trim()}`);
  return (JSON.parse(out.trim().split('\n').pop()!) as { rss: number }).rss;
}

const MB = 1024 * 1024;

/** Asks one question through /api/messages (expectReplies) and fails unless an answer comes back. */
async function askBot(baseUrl: string, question: string, n: number): Promise<void> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(messageActivity(n, question, 'http://127.0.0.1:9')),
  });
  const body = await response.text();
  if (response.status !== 200 || !body.includes('"activities"')) throw new Error(`question ${n} got ${response.status}: ${body.slice(0, 200)}`);
}

/**
 * RSS of the bot serving `indexDir`: when ready, and after it answered `questions` one after another
 * (what a serving bot holds: caches warmed, SQLite pages read). Falls back to an Assistant child process
 * that answered one question.
 */
export async function measureServerMemory(indexDir: string, logger: Logger, questions: readonly string[] = []): Promise<MemoryMeasurement> {
  if (botAvailable()) {
    try {
      const bot = await startBot(indexDir, { RATE_LIMIT_PER_MINUTE: '100000' });
      try {
        await fetch(`${bot.baseUrl}/healthz`);
        const readyRssMb = Math.round((await vmRssBytes(bot.child.pid!)) / MB);
        for (const [n, question] of questions.entries()) await askBot(bot.baseUrl, question, n);
        return { rssMb: Math.round((await vmRssBytes(bot.child.pid!)) / MB), readyRssMb, answered: questions.length, method: 'bot' };
      } finally {
        await bot.stop();
      }
    } catch (error) {
      logger.warn({ err: error }, 'bot could not be started for the memory benchmark; measuring an Assistant process instead');
      const rss = await assistantChildRss(indexDir);
      return { rssMb: Math.round(rss / MB), method: 'assistant', note: `bot failed: ${(error as Error).message.slice(0, 200)}` };
    }
  }
  return { rssMb: Math.round((await assistantChildRss(indexDir)) / MB), method: 'assistant', note: 'bot/main.ts not present' };
}

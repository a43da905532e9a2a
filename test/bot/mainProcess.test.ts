import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBotWorkspace, type BotWorkspace } from './botTestSupport.ts';

const REPO_DIR = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts bot/main.ts with `env` and waits until it exits (for start-up failures). */
async function runUntilExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_DIR, 'bot', 'main.ts')], { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stderr };
}

describe('bot/main.ts as a process', () => {
  let workspace: BotWorkspace;

  /** The environment of a bot process serving the workspace's index on `port`. */
  const mainEnv = (port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    PORT: String(port),
    DOCS_DIR: workspace.config.docsDir,
    INDEX_DIR: workspace.config.indexDir,
    DATA_DIR: workspace.config.dataDir,
    LOG_LEVEL: 'info',
    ...extra,
  });

  beforeAll(async () => {
    workspace = await makeBotWorkspace();
  });

  afterAll(async () => {
    await workspace?.cleanup();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('serves until %s, then shuts down cleanly with exit code 0', async (signal) => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_DIR, 'bot', 'main.ts')], {
      cwd: REPO_DIR,
      env: mainEnv(port, { HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await expect.poll(() => stderr, { timeout: 30_000, interval: 100 }).toContain('Wegweiser is listening');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stderr).toContain('shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('without a bot identity and HOST, listens on 127.0.0.1 only and logs why', async () => {
    const port = await freePort();
    const env = mainEnv(port);
    delete env.HOST;
    delete env.MicrosoftAppId;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_DIR, 'bot', 'main.ts')], { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await expect.poll(() => stderr, { timeout: 30_000, interval: 100 }).toContain('Wegweiser is listening');
      expect(stderr).toContain('listening on 127.0.0.1 only: no bot identity (MicrosoftAppId) is configured');
      expect(stderr).toContain(`http://127.0.0.1:${port}`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('stops with exit code 2 and names the variable when the configuration is invalid', async () => {
    const { code, stderr } = await runUntilExit({ ...process.env, RATE_LIMIT_PER_MINUTE: 'viele' });
    expect(code).toBe(2);
    expect(stderr).toContain('RATE_LIMIT_PER_MINUTE');
  });

  it('stops with exit code 1 and a message naming REDIS_URL when the state store cannot be reached', async () => {
    const port = await freePort();
    const { code, stderr } = await runUntilExit({
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      INDEX_DIR: workspace.config.indexDir,
      DATA_DIR: workspace.config.dataDir,
      STATE_STORE: 'redis',
      REDIS_URL: `redis://wegweiser:geheim@127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot reach the state store at redis://127.0.0.1:${port} (REDIS_URL)`);
    expect(stderr).not.toContain('geheim');
  });

  it('stops with exit code 2 naming STATE_STORE for an unknown store', async () => {
    const { code, stderr } = await runUntilExit({ ...process.env, STATE_STORE: 'postgres' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/STATE_STORE/);
  });
});

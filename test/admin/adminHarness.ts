import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import restify from 'restify';
import { createAssistant } from '../../core/answering/createAssistant.ts';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import { loadConfig, type AppConfig } from '../../core/config.ts';
import { createLogger } from '../../core/logger.ts';
import { registerAdminRoutes, type AdminRoutes } from '../../bot/admin/adminRoutes.ts';
import { createServer as createBotServer } from '../../bot/server.ts';
import type { IngestionLauncher } from '../../bot/admin/ingestionProcess.ts';
import { sharedPath } from '../sharedDir.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const CORPUS_DIR = sharedPath('corpus');

export interface AdminHarness {
  baseUrl: string;
  config: AppConfig;
  root: string;
  assistant: AssistantService;
  routes: AdminRoutes;
  close(): Promise<void>;
}

/** A temp folder with docs/, index/ and data/; docs start as a copy of the corpus when asked. */
export async function makeWorkspace(options: { copyCorpus?: boolean } = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'wegweiser-admin-'));
  if (options.copyCorpus) await cp(CORPUS_DIR, path.join(root, 'docs'), { recursive: true });
  return root;
}

export function workspaceConfig(root: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig(
    {
      DOCS_DIR: path.join(root, 'docs'),
      INDEX_DIR: path.join(root, 'index'),
      DATA_DIR: path.join(root, 'data'),
      LOG_LEVEL: 'silent',
      LOCAL_EMBEDDING_DIMENSIONS: '256',
      ...env,
    },
    root,
  );
}

/**
 * A bare restify server with only the admin routes, on 127.0.0.1 and a free port, over a real
 * assistant (empty index unless one was built in the workspace).
 */
export async function startAdminServer(
  root: string,
  env: Record<string, string> = { ADMIN_TOKEN },
  options: { launcher?: IngestionLauncher } = {},
): Promise<AdminHarness> {
  const config = workspaceConfig(root, env);
  const logger = createLogger({ level: 'silent' });
  const assistant = await createAssistant(config, logger, { watch: false });
  const server = restify.createServer({ name: 'admin-test' });
  const routes = registerAdminRoutes(server, { config, assistant, logger, ...(options.launcher ? { launcher: options.launcher } : {}) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    root,
    assistant,
    routes,
    async close() {
      await routes.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await assistant.close();
    },
  };
}

export async function removeWorkspace(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface BotHarness {
  baseUrl: string;
  config: AppConfig;
  assistant: AssistantService;
  close(): Promise<void>;
}

/**
 * The complete bot server (messages, web chat, admin API and page) on 127.0.0.1, over a real
 * assistant that watches the index like in production.
 */
export async function startBotServer(root: string, env: Record<string, string> = {}): Promise<BotHarness> {
  const port = await freePort();
  const config = workspaceConfig(root, {
    ADMIN_TOKEN,
    HOST: '127.0.0.1',
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: '100000',
    INGEST_ON_START: 'false',
    ...env,
  });
  const logger = createLogger({ level: 'silent' });
  const assistant = await createAssistant(config, logger);
  const started = await createBotServer(config, { assistant, logger });
  await new Promise<void>((resolve) => started.server.listen(port, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    assistant,
    async close() {
      await started.close();
      await assistant.close();
    },
  };
}

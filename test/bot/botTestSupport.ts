import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAssistant } from '../../core/answering/createAssistant.ts';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import { loadConfig, type AppConfig } from '../../core/config.ts';
import { createEmbeddings } from '../../core/embeddings/createEmbeddings.ts';
import { createLogger } from '../../core/logger.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { createServer, type WegweiserServer } from '../../bot/server.ts';
import { sharedPath } from '../sharedDir.ts';

export const CORPUS_DIR = sharedPath('corpus');
export const CONTACT_QUESTION = 'Wer ist Ansprechpartner für KommunalCampus?';
export const CONTACT_EMAIL = 'marvin.baldauf@m-r-n.com';

export interface BotWorkspace {
  root: string;
  config: AppConfig;
  assistant: AssistantService;
  cleanup(): Promise<void>;
}

/**
 * A temp workspace whose index is built from the sample corpus by the real ingestion pipeline, and
 * the real assistant on it. `withIndex: false` leaves the index empty (assistant not ready).
 */
export async function makeBotWorkspace(env: Record<string, string> = {}, options: { withIndex?: boolean } = {}): Promise<BotWorkspace> {
  const root = await mkdtemp(path.join(tmpdir(), 'wegweiser-bot-'));
  const config = loadConfig(
    {
      DOCS_DIR: CORPUS_DIR,
      INDEX_DIR: path.join(root, 'index'),
      DATA_DIR: path.join(root, 'data'),
      LOG_LEVEL: 'silent',
      LOCAL_EMBEDDING_DIMENSIONS: '256',
      PSEUDONYM_SECRET: 'test-secret',
      ...env,
    },
    root,
  );
  if (options.withIndex !== false) {
    await runIngestion({
      docsDir: config.docsDir,
      indexDir: config.indexDir,
      embeddings: await createEmbeddings(config),
      maxFileSizeBytes: config.maxFileSizeBytes,
    });
  }
  const assistant = await createAssistant(config, createLogger({ level: 'silent' }), { watch: false });
  return {
    root,
    config,
    assistant,
    async cleanup() {
      await assistant.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface RunningServer extends WegweiserServer {
  baseUrl: string;
}

/** The real bot server on 127.0.0.1 and a free port. */
export async function startBotServer(workspace: BotWorkspace, config: AppConfig = workspace.config): Promise<RunningServer> {
  const running = await createServer(config, { assistant: workspace.assistant, logger: createLogger({ level: 'silent' }) });
  await new Promise<void>((resolve) => running.server.listen(0, '127.0.0.1', resolve));
  const { port } = running.server.address() as AddressInfo;
  return { ...running, baseUrl: `http://127.0.0.1:${port}` };
}

/** A message activity as the Bot Framework channel service posts it. */
export function channelActivity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { id: '29:user-1', name: 'Erika Mustermann', aadObjectId: '00000000-0000-0000-0000-0000000000aa' },
    recipient: { id: '28:bot', name: 'Wegweiser' },
    conversation: { id: 'a:conversation-1', conversationType: 'personal' },
    ...overrides,
  };
}

/** An activity's Markdown text as people read it: character references decoded (see bot/render/plainText.ts). */
export function readableText(markdown: string | undefined): string {
  return (markdown ?? '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

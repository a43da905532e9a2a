import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { loadConfig, type AppConfig } from '../../core/config.ts';
import { createServer } from '../../bot/server.ts';
import type { BotWorkspace } from '../bot/botTestSupport.ts';

export interface LoggedServer {
  baseUrl: string;
  port: number;
  config: AppConfig;
  /** Every log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The real bot server on 127.0.0.1 with extra settings, writing its log into memory for the test to read. */
export async function startLoggedServer(workspace: BotWorkspace, env: Record<string, string> = {}): Promise<LoggedServer> {
  const config = loadConfig(
    {
      DOCS_DIR: workspace.config.docsDir,
      INDEX_DIR: workspace.config.indexDir,
      DATA_DIR: workspace.config.dataDir,
      PSEUDONYM_SECRET: 'test-secret',
      ...env,
    },
    workspace.root,
  );
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const running = await createServer(config, { assistant: workspace.assistant, logger });
  await new Promise<void>((resolve) => running.server.listen(0, '127.0.0.1', resolve));
  const { port } = running.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, port, config, logs, close: () => running.close() };
}

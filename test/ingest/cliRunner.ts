import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DIMENSIONS, REPO_DIR } from './ingestTestSupport.ts';

export const CLI = path.join(REPO_DIR, 'ingest', 'cli.ts');

export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDINGS: 'local', LOCAL_EMBEDDING_DIMENSIONS: String(DIMENSIONS), ...extra };
  delete env.DOCS_DIR;
  delete env.INDEX_DIR;
  delete env.LOG_LEVEL;
  return env;
}

/** Starts `ingest/cli.ts` the way the admin API does: node with the tsx loader. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = startCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

import { Assistant } from '../core/answering/assistant.ts';
import { ExtractiveEngine } from '../core/answering/extractiveEngine.ts';
import { createLocalEmbeddings } from '../core/embeddings/localEmbeddings.ts';
import { createLogger } from '../core/logger.ts';

/**
 * Child process for the memory benchmark when the bot cannot be started: loads the Assistant on
 * INDEX_DIR as the bot would, answers one question, and prints its resident memory as one JSON line.
 */
async function main(): Promise<void> {
  const indexDir = process.env.INDEX_DIR;
  if (!indexDir) throw new Error('INDEX_DIR must name the index to load');
  const logger = createLogger({ level: 'warn', name: 'bench-assistant' });
  const assistant = await Assistant.start({
    indexDir,
    embeddings: createLocalEmbeddings(),
    engine: new ExtractiveEngine(),
    topK: 8,
    logger,
  });
  await assistant.ask({ question: 'Wer ist Ansprechpartner für die Fortbildung?' });
  process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, ready: assistant.isReady() })}\n`);
  await assistant.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

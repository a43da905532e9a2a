import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { createAssistant } from '../core/answering/createAssistant.ts';
import { WegweiserError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';

const USAGE = `Usage: npm run ask -- "Frage" [options]

Answers one question from the current index, with numbered sources.

Options:
  --json           print the full answer (text, citations, kind) as JSON
  --index DIR      index folder (default: INDEX_DIR, data/index)
  --source FILE    answer only from this document (repeatable)
  -h, --help       show this help

Example: npm run ask -- "Wer ist Ansprechpartner für KommunalCampus?"`;

/** `npm run ask -- "Frage" [--json] [--index DIR]`: one question against the current index, for admins. */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        index: { type: 'string' },
        source: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`ask: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const question = positionals.join(' ').trim();
  if (!question) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(values.index ? { ...process.env, INDEX_DIR: values.index } : process.env);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'ask' });
  const assistant = await createAssistant(config, logger, { watch: false });
  try {
    if (!assistant.isReady()) {
      process.stderr.write(`No index in ${config.indexDir}. Run \`npm run ingest\` first.\n`);
      return 1;
    }
    const answer = await assistant.ask({ question, sources: values.source });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    } else {
      // Headings follow the answer's language, like the answer itself.
      const english = answer.language === 'en';
      process.stdout.write(`${answer.answer}\n`);
      if (answer.citations.length > 0) {
        process.stdout.write(english ? '\nSources:\n' : '\nQuellen:\n');
        for (const c of answer.citations) process.stdout.write(`  [${c.marker}] ${c.source}, ${c.locator}: „${c.snippet.slice(0, 100)}…“\n`);
      }
      if (!answer.answered) process.stdout.write(english ? '\n(no answer found in the documents)\n' : '\n(keine Antwort in den Dokumenten gefunden)\n');
    }
    return 0;
  } finally {
    await assistant.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ask: ${error instanceof WegweiserError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  },
);

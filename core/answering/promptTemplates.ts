import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WegweiserError } from '../errors.ts';
import type { Language } from '../types.ts';

/**
 * Prompts live as Markdown files in `prompts/` so they can be reviewed and changed without touching
 * code. Placeholders are written `{{name}}`.
 */

export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** A prompt file is missing or a placeholder has no value: a deployment or programming error, not a user one. */
export class PromptTemplateError extends WegweiserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'prompt_template_invalid', options);
  }
}

const cache = new Map<string, Promise<string>>();

/** Reads `prompts/<name>.<language>.md` once per process. */
export function loadPromptTemplate(name: string, language: Language, directory = PROMPTS_DIR): Promise<string> {
  const file = `${directory.replace(/\/+$/, '')}/${name}.${language}.md`;
  let template = cache.get(file);
  if (!template) {
    template = readFile(file, 'utf8').catch((error: unknown) => {
      // A failed read must not stay cached: the file may be restored without a restart.
      cache.delete(file);
      throw new PromptTemplateError(`Prompt file ${file} cannot be read; it ships with the application in prompts/.`, { cause: error });
    });
    cache.set(file, template);
  }
  return template;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w]*)\s*\}\}/g;

/** Replaces every `{{name}}`; a placeholder without a value is an error rather than silently left in the prompt. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PromptTemplateError(`Prompt placeholder {{${name}}} has no value.`);
    return value;
  });
}

export async function renderPrompt(
  name: string,
  language: Language,
  values: Readonly<Record<string, string>>,
  directory?: string,
): Promise<string> {
  return fillTemplate(await loadPromptTemplate(name, language, directory), values);
}

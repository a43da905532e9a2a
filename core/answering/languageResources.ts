import fs from 'node:fs';
import { createLogger, type Logger } from '../logger.ts';

/**
 * Optional lexical data from Debian packages (see README, "Language resources"). Each resource is
 * loaded on first use; when its file is missing the feature degrades to what works without it, and
 * that is logged once at info level with the package to install.
 */

export interface LanguageResourceFiles {
  /** Ding German–English dictionary (Debian `trans-de-en`); empty: not used. */
  dingDictionary: string;
}

export const DEFAULT_RESOURCE_FILES: LanguageResourceFiles = {
  dingDictionary: '/usr/share/trans/de-en',
};

let files: LanguageResourceFiles = { ...DEFAULT_RESOURCE_FILES };
let logger: Logger | undefined;
const resets: (() => void)[] = [];

/** Sets the files and the logger (from the configuration); resources already loaded are loaded again. */
export function configureLanguageResources(options: Partial<LanguageResourceFiles> & { logger?: Logger }): void {
  const { logger: next, ...paths } = options;
  files = { ...files, ...paths };
  if (next) logger = next;
  for (const reset of resets) reset();
}

function log(): Logger {
  return (logger ??= createLogger({ name: 'language-resources' }));
}

export interface LazyResource<T> {
  /** The loaded resource, or undefined when its file is not there (or not configured). */
  get(): T | undefined;
}

/**
 * A resource read from `files[name]` on first `get()`. A missing file is no error: it is logged once at
 * info level with `without` (what happens instead). A file that is there but cannot be read is a warning.
 */
export function lazyResource<T>(options: {
  name: keyof LanguageResourceFiles;
  packageName: string;
  /** What the feature does without the resource, for the log. */
  without: string;
  load: (file: string) => T;
  close?: (value: T) => void;
}): LazyResource<T> {
  const { name, packageName, without, load, close } = options;
  let loaded: { value: T | undefined } | undefined;
  resets.push(() => {
    if (loaded?.value !== undefined) close?.(loaded.value);
    loaded = undefined;
  });
  return {
    get() {
      if (loaded) return loaded.value;
      const file = files[name];
      loaded = { value: undefined };
      if (!file) {
        log().info({ resource: name }, `language resource ${name} switched off: ${without}`);
        return undefined;
      }
      if (!fs.existsSync(file)) {
        log().info({ resource: name, file, install: `apt-get install ${packageName}` }, `language resource ${name} not installed: ${without}`);
        return undefined;
      }
      const started = performance.now();
      try {
        loaded.value = load(file);
        log().debug({ resource: name, file, ms: Math.round(performance.now() - started) }, `language resource ${name} loaded`);
      } catch (error) {
        log().warn({ resource: name, file, err: error }, `language resource ${name} could not be read: ${without}`);
      }
      return loaded.value;
    },
  };
}

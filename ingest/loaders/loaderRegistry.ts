import path from 'node:path';
import type { DocumentLoader } from './documentLoader.ts';
import { docxLoader } from './docxLoader.ts';
import { htmlLoader } from './htmlLoader.ts';
import { markdownLoader } from './markdownLoader.ts';
import { pdfLoader } from './pdfLoader.ts';
import { pptxLoader } from './pptxLoader.ts';
import { textLoader } from './textLoader.ts';

/** Every supported format; adding one is a new loader module and one line here. */
const LOADERS: readonly DocumentLoader[] = [pdfLoader, pptxLoader, docxLoader, htmlLoader, markdownLoader, textLoader];

const BY_EXTENSION = new Map<string, DocumentLoader>(
  LOADERS.flatMap((loader) => loader.extensions.map((ext) => [ext.toLowerCase(), loader] as const)),
);

/** The loader for a file by its extension (case-insensitive), or undefined when the format is not supported. */
export function loaderForFile(relativePath: string): DocumentLoader | undefined {
  return BY_EXTENSION.get(path.extname(relativePath).toLowerCase());
}

/** Lower-case extensions with the dot, e.g. ".pdf", in registry order. */
export function supportedExtensions(): string[] {
  return [...BY_EXTENSION.keys()];
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared sample corpus, fixtures and evaluation set live beside the checkout (`../shared`), in CI
 * as on a developer's machine; WEGWEISER_SHARED_DIR points elsewhere when needed.
 */
export const SHARED_DIR = process.env.WEGWEISER_SHARED_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared');

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}
